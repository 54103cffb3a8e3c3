import { deadlineBudget, type TimeBudget } from '../shared/time-budget';

/** Folder name, service name and the `service` metrics dimension. */
export const HANDLER_DIR = 'backup-monitor';

export const ENV = {
  stage: 'STAGE',
  drRegion: 'DR_REGION',
  backupBucket: 'BACKUP_BUCKET',
} as const;

export const REQUIRED_ENV = [ENV.stage, ENV.drRegion, ENV.backupBucket] as const;

/** Age in hours of the newest backup of each kind; the freshness alarms read these names. */
export const FRESHNESS_METRICS = {
  dbSnapshot: 'LatestDbSnapshotAgeHours',
  drSnapshot: 'LatestDrSnapshotAgeHours',
  cacheSnapshot: 'LatestCacheSnapshotAgeHours',
  dbDump: 'LatestDbDumpAgeHours',
  configBackup: 'LatestConfigBackupAgeHours',
} as const;

export type BackupKindName = keyof typeof FRESHNESS_METRICS;

/** Size of the newest database dump (0 when there is none). */
export const DUMP_SIZE_METRIC = 'LatestDbDumpSizeBytes';

/** Published as the age of a kind with no backup at all, so its freshness alarm fires. */
export const NO_BACKUP_AGE_HOURS = 9999;

/**
 * A custom-format pg_dump of an empty database is about 870 bytes (header and table of contents);
 * anything smaller is not a complete dump, whatever its sidecar says.
 */
export const DUMP_MIN_SIZE_BYTES = 512;

/** Dumps whose sidecar the monitor reads, newest first, before it gives up looking for a complete one. */
export const DUMPS_CHECKED = 3;

/** Where the dump job writes its dumps and, beside each, a `.json` sidecar. */
export function dumpPrefix(stage: string): string {
  return `dumps/${stage}/`;
}

/** The config backup job's latest copy. */
export function configBackupKey(stage: string): string {
  return `config/${stage}/latest.json`;
}

/** What the monitor found for one kind of backup. */
export interface FreshnessReading {
  readonly kind: BackupKindName;
  /** Absent when the lookup failed: nothing is published for the kind, and its alarm treats the gap as breaching. */
  readonly ageHours?: number;
  /** The newest backup found (snapshot name or S3 key). */
  readonly newest?: string;
  readonly sizeBytes?: number;
  /** Newer backups that were found but not counted as fresh (an incomplete or truncated dump), each with why. */
  readonly skipped?: readonly string[];
  readonly error?: string;
}

export interface MonitorResult {
  readonly succeeded: boolean;
  readonly readings: readonly FreshnessReading[];
}

/** Reads each kind's newest backup until the Lambda's remaining time less the margin; a reading the deadline cut off fails (age unknown). */
export const TIME_BUDGET: TimeBudget = deadlineBudget(120, 'read-backups', { report: 2_000 });
