import { callsMs, deadlineBudget, fixedBudget, type TimeBudget } from '../shared/time-budget';

/**
 * What the log archive function and the LogArchive construct agree on: environment variable
 * names, the events each schedule sends, key layout, the result and the metric name.
 */

/** Environment variables the construct sets (STAGE comes from PlatformFunction). */
export const ENV = {
  /** Bucket exports are written to; the progress state is kept there too. */
  bucket: 'ARCHIVE_BUCKET',
  /** Log groups whose names contain this are archived (the stage's stack prefix, e.g. `dev-`). */
  logGroupPattern: 'LOG_GROUP_PATTERN',
} as const;

/** Optional: comma-separated log group name prefixes archived as well (e.g. `/aws/ecs/containerinsights/`). */
export const OPTIONAL_ENV = { logGroupPrefixes: 'LOG_GROUP_PREFIXES' } as const;

/** Powertools service name, and so the `service` metric dimension. */
export const LOG_ARCHIVE_SERVICE = 'log-archive';

/**
 * `start` (weekly) queues the previous week's export of every matching log group; `continue`
 * (every few minutes) moves the queue on by one export, because CloudWatch Logs runs only one
 * export task per account at a time.
 */
export interface LogArchiveEvent {
  readonly action: 'start' | 'continue';
}

/** The queue of exports, kept in the archive bucket between invocations. */
export function archiveStateKey(stage: string): string {
  return `state/log-archive/${stage}.json`;
}

/** `logs/<stage>/<logGroupName>/<YYYY-MM-DD>` (the week's first day); a leading `/` of the name is dropped. */
export function exportPrefix(stage: string, logGroupName: string, weekStart: string): string {
  return `logs/${stage}/${logGroupName.replace(/^\/+/, '')}/${weekStart.slice(0, 10)}`;
}

export interface LogArchiveResult {
  readonly action: LogArchiveEvent['action'];
  /** What BackupSucceeded reports: false when an export failed for good or last week's archive was still unfinished. */
  readonly succeeded: boolean;
  /** start: exports queued for the week. */
  readonly queued?: number;
  /** continue: log groups whose export finished, started or failed for good in this run. */
  readonly completed?: readonly string[];
  readonly started?: string;
  readonly failed?: readonly string[];
  /** continue: why nothing more was started. */
  readonly waiting?: 'export-running' | 'account-limit';
  /** Exports not finished yet (pending or running); absent when the run failed before knowing. */
  readonly remaining?: number;
  readonly reason?: string;
}

/** Writes of the queue retried when another invocation wrote it in between (each a read and a conditional write). */
export const SAVE_ATTEMPTS = 3;

/**
 * `start` lists the log groups until the deadline (a listing cut off queues nothing and fails),
 * then saves the queue; `continue` settles one export, starts at most one more, and saves.
 */
export const TIME_BUDGETS: Readonly<Record<LogArchiveEvent['action'], TimeBudget>> = {
  start: deadlineBudget(300, 'list-log-groups', { saveQueue: callsMs(2 * SAVE_ATTEMPTS) }),
  continue: fixedBudget(300, {
    readQueue: callsMs(1),
    exportStatus: callsMs(1),
    createExport: callsMs(1),
    saveQueue: callsMs(2 * SAVE_ATTEMPTS),
  }),
};
