/** The archive's queue of exports and the pure rules that move it on. */

export type ExportStatus = 'pending' | 'running' | 'done' | 'failed';

/** One log group's export for one week. */
export interface ExportItem {
  readonly logGroupName: string;
  /** Window start (inclusive), ISO 8601. */
  readonly from: string;
  /** Window end (exclusive), ISO 8601. */
  readonly to: string;
  readonly status: ExportStatus;
  /** CloudWatch Logs export task id while running, and after. */
  readonly taskId?: string;
  readonly attempts: number;
  readonly lastError?: string;
}

export interface ArchiveQueue {
  readonly items: readonly ExportItem[];
}

/** Attempts at one export before it is given up as failed. */
export const MAX_EXPORT_ATTEMPTS = 3;

const DAY_MS = 86_400_000;

/** The last full week before `now`: Monday 00:00 UTC to the next Monday 00:00 UTC. */
export function previousWeek(now: Date): { from: string; to: string } {
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const sinceMonday = (now.getUTCDay() + 6) % 7;
  const thisMonday = midnight - sinceMonday * DAY_MS;
  return { from: new Date(thisMonday - 7 * DAY_MS).toISOString(), to: new Date(thisMonday).toISOString() };
}

export function isOpen(item: ExportItem): boolean {
  return item.status === 'pending' || item.status === 'running';
}

function sameExport(a: Pick<ExportItem, 'logGroupName' | 'from'>, b: Pick<ExportItem, 'logGroupName' | 'from'>): boolean {
  return a.logGroupName === b.logGroupName && a.from === b.from;
}

/**
 * Queues the window's export of each group not queued for it yet, and forgets finished exports of
 * earlier windows. Unfinished ones stay queued (ahead of the new week), so nothing is dropped.
 */
export function enqueueWindow(queue: ArchiveQueue, groups: readonly string[], window: { from: string; to: string }): ArchiveQueue {
  const kept = queue.items.filter((item) => item.from === window.from || isOpen(item));
  const added = [...new Set(groups)]
    .filter((logGroupName) => !kept.some((item) => sameExport(item, { logGroupName, from: window.from })))
    .map((logGroupName): ExportItem => ({ logGroupName, ...window, status: 'pending', attempts: 0 }));
  return { items: ordered([...kept, ...added]) };
}

/** Oldest window first, then by name: the order exports are made in. */
function ordered(items: readonly ExportItem[]): ExportItem[] {
  return [...items].sort((a, b) => a.from.localeCompare(b.from) || a.logGroupName.localeCompare(b.logGroupName));
}

/** The export in flight, if any; otherwise the next one to start. */
export function nextExport(queue: ArchiveQueue): ExportItem | undefined {
  return queue.items.find((item) => item.status === 'running') ?? queue.items.find((item) => item.status === 'pending');
}

/** Replaces the items these updates name (a later update of the same export wins), leaving the rest as they are. */
export function applyUpdates(queue: ArchiveQueue, updates: readonly ExportItem[]): ArchiveQueue {
  return { items: updates.reduce((items, update) => items.map((item) => (sameExport(item, update) ? update : item)), queue.items) };
}

/** What an export task's status code means for its item. */
export function afterStatus(item: ExportItem, statusCode: string, message?: string): ExportItem | 'still-running' {
  if (statusCode === 'COMPLETED') return { ...item, status: 'done' };
  if (statusCode === 'FAILED' || statusCode === 'CANCELLED')
    return afterFailedAttempt(item, `export task ${item.taskId} ${statusCode}${message ? `: ${message}` : ''}`);
  return 'still-running';
}

/** A failed attempt: tried again later until MAX_EXPORT_ATTEMPTS, then given up. */
export function afterFailedAttempt(item: ExportItem, error: string): ExportItem {
  const { taskId: _taskId, ...rest } = item;
  return { ...rest, status: item.attempts >= MAX_EXPORT_ATTEMPTS ? 'failed' : 'pending', lastError: error };
}
