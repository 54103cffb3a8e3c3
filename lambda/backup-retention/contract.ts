import { deadlineBudget, type TimeBudget } from '../shared/time-budget';

/** Folder name, service name and the `service` metrics dimension. */
export const HANDLER_DIR = 'backup-retention';

export const ENV = {
  stage: 'STAGE',
  drRegion: 'DR_REGION',
  /** Days a DB snapshot (primary and DR region) is kept. */
  snapshotRetentionDays: 'SNAPSHOT_RETENTION_DAYS',
  /** Newest snapshots per source and kind kept regardless of age. */
  keepLatestSnapshots: 'KEEP_LATEST_SNAPSHOTS',
  /** Days a cache snapshot is kept. */
  cacheSnapshotRetentionDays: 'CACHE_SNAPSHOT_RETENTION_DAYS',
  /** `true`: log every decision, delete nothing. */
  dryRun: 'DRY_RUN',
} as const;

export const REQUIRED_ENV = [
  ENV.stage,
  ENV.drRegion,
  ENV.snapshotRetentionDays,
  ENV.keepLatestSnapshots,
  ENV.cacheSnapshotRetentionDays,
  ENV.dryRun,
] as const;

/** Snapshots deleted by the run (0 in a dry run). */
export const SNAPSHOTS_DELETED_METRIC = 'SnapshotsDeleted';
/** This stage's backups the run decided to keep. */
export const SNAPSHOTS_KEPT_METRIC = 'SnapshotsKept';

/** What the run did with one inventory (RDS primary region, RDS DR region, ElastiCache). */
export interface RetentionTargetSummary {
  readonly target: string;
  /** False when the listing failed (nothing was deleted) or a delete failed. */
  readonly ok: boolean;
  readonly listed: number;
  readonly kept: number;
  readonly deleted: readonly string[];
  /** Deletes planned but not made because of DRY_RUN. */
  readonly wouldDelete: readonly string[];
  /** Deletes planned but not started because the run reached its deadline; the next run makes them. */
  readonly deferred: readonly string[];
  readonly failures: readonly string[];
}

export interface RetentionResult {
  readonly succeeded: boolean;
  readonly dryRun: boolean;
  readonly deleted: number;
  readonly kept: number;
  readonly targets: readonly RetentionTargetSummary[];
}

/**
 * Lists and deletes until the Lambda's remaining time less the margin. An inventory whose listing
 * the deadline cut off deletes nothing; deletes not reached are reported and left for the next day's run.
 */
export const TIME_BUDGET: TimeBudget = deadlineBudget(600, 'list-and-delete', { report: 2_000 });
