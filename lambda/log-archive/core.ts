import { type LogArchiveEvent, type LogArchiveResult, exportPrefix, SAVE_ATTEMPTS } from './contract';
import {
  type ArchiveQueue,
  type ExportItem,
  afterFailedAttempt,
  afterStatus,
  applyUpdates,
  enqueueWindow,
  isOpen,
  nextExport,
  previousWeek,
} from './queue';

export interface StoredQueue {
  readonly queue: ArchiveQueue;
  readonly etag: string;
}

/** What the archive needs from S3 and CloudWatch Logs. */
export interface ArchivePorts {
  readQueue(): Promise<StoredQueue | undefined>;
  /** Writes only if the stored queue is still `expectedEtag` (`undefined`: still absent); false when it was not. */
  writeQueue(queue: ArchiveQueue, expectedEtag: string | undefined): Promise<boolean>;
  /** Names of the log groups to archive. */
  listLogGroups(): Promise<string[]>;
  exportStatus(taskId: string): Promise<{ code: string; message?: string }>;
  /** Returns the task id. Throws CloudWatch Logs' own errors (LimitExceededException when another export is running). */
  createExport(item: ExportItem, destinationPrefix: string): Promise<string>;
}

export async function runLogArchive(event: LogArchiveEvent, stage: string, now: Date, ports: ArchivePorts): Promise<LogArchiveResult> {
  try {
    return event.action === 'start' ? await startWeek(now, ports) : await continueExports(stage, ports);
  } catch (error) {
    return { action: event.action, succeeded: false, reason: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

/** Queues last week's export of every matching log group. An unfinished earlier week is reported, and kept first in line. */
async function startWeek(now: Date, ports: ArchivePorts): Promise<LogArchiveResult> {
  const window = previousWeek(now);
  const groups = await ports.listLogGroups();
  if (groups.length === 0)
    return { action: 'start', succeeded: false, queued: 0, reason: 'No log group matched; check the pattern and prefixes' };
  const saved = await save(ports, (queue) => enqueueWindow(queue, groups, window));
  const leftOver = saved.items.filter((item) => isOpen(item) && item.from < window.from);
  const queued = saved.items.filter((item) => item.from === window.from).length;
  return {
    action: 'start',
    succeeded: leftOver.length === 0,
    queued,
    remaining: saved.items.filter(isOpen).length,
    ...(leftOver.length > 0
      ? { reason: `${leftOver.length} export(s) of an earlier week still unfinished; kept ahead of this week's` }
      : {}),
  };
}

/**
 * One step: settle the export in flight, and if none is running any more, start the next one.
 * "Another export is running" (LimitExceededException, possibly another stage's) means wait.
 */
async function continueExports(stage: string, ports: ArchivePorts): Promise<LogArchiveResult> {
  const stored = await ports.readQueue();
  const updates: ExportItem[] = [];
  const completed: string[] = [];
  const failed: string[] = [];
  let started: string | undefined;
  let waiting: LogArchiveResult['waiting'];

  let current = stored ? nextExport(stored.queue) : undefined;
  if (current?.status === 'running') {
    const status = await ports.exportStatus(current.taskId as string);
    const next = afterStatus(current, status.code, status.message);
    if (next === 'still-running') {
      waiting = 'export-running';
      current = undefined;
    } else {
      updates.push(next);
      if (next.status === 'done') completed.push(next.logGroupName);
      if (next.status === 'failed') failed.push(next.logGroupName);
      current = nextExport(applyUpdates(stored!.queue, updates));
    }
  }

  if (current?.status === 'pending') {
    const attempt = { ...current, attempts: current.attempts + 1 };
    try {
      const taskId = await ports.createExport(attempt, exportPrefix(stage, current.logGroupName, current.from));
      updates.push({ ...attempt, status: 'running', taskId });
      started = current.logGroupName;
    } catch (error) {
      const name = (error as { name?: string }).name;
      if (name === 'LimitExceededException') {
        waiting = 'account-limit';
      } else {
        const next = afterFailedAttempt(attempt, error instanceof Error ? `${name}: ${error.message}` : String(error));
        updates.push(next);
        if (next.status === 'failed') failed.push(next.logGroupName);
      }
    }
  }

  const saved = updates.length > 0 ? await save(ports, (queue) => applyUpdates(queue, updates)) : (stored?.queue ?? { items: [] });
  return {
    action: 'continue',
    succeeded: failed.length === 0,
    completed,
    failed,
    remaining: saved.items.filter(isOpen).length,
    ...(started ? { started } : {}),
    ...(waiting ? { waiting } : {}),
  };
}

/** Read, change, conditional write; again on a lost race, so a concurrent start and continue both land. */
async function save(ports: ArchivePorts, change: (queue: ArchiveQueue) => ArchiveQueue): Promise<ArchiveQueue> {
  for (let attempt = 1; attempt <= SAVE_ATTEMPTS; attempt++) {
    const stored = await ports.readQueue();
    const next = change(stored?.queue ?? { items: [] });
    if (await ports.writeQueue(next, stored?.etag)) return next;
  }
  throw new Error(`The archive queue changed under this run ${SAVE_ATTEMPTS} times; nothing more written`);
}
