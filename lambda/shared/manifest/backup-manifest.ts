/**
 * What a backup run records beside each backup, so that a restore test can later check
 * the restored copy against the source as it was when the backup was taken.
 * Stored as JSON in the stage's backup bucket under `manifestKey(...)`.
 */
export interface DatabaseBackupManifest {
  readonly kind: 'database';
  readonly stage: string;
  /** RDS snapshot identifier (manual) the counts belong to. */
  readonly snapshotId: string;
  /** ISO-8601 time the counts' consistent view was taken, just after the snapshot was requested. */
  readonly recordedAt: string;
  /** Exact row counts per table (`schema.table`) at recordedAt: only tables counted in full. */
  readonly rowCounts: Readonly<Record<string, number>>;
  /**
   * Tables the backup did not count (its deadline came first, or the count was cut off), with why and
   * the planner's estimate where there is one. A restore test reports them as not verified: it never
   * compares an estimate. Absent in manifests from before counting had a deadline: all were counted.
   */
  readonly notCounted?: Readonly<Record<string, NotCountedTable>>;
}

export interface NotCountedTable {
  readonly reason: string;
  /** pg_class.reltuples: as fresh as the last ANALYZE, so shown for scale only. Absent when never analyzed. */
  readonly estimatedRows?: number;
}

export interface CacheBackupManifest {
  readonly kind: 'cache';
  readonly stage: string;
  /** ElastiCache snapshot name the count belongs to. */
  readonly snapshotName: string;
  readonly recordedAt: string;
  /** DBSIZE of the primary when the snapshot started. */
  readonly keyCount: number;
  /** Key of the sentinel written just before the snapshot; its value is an ISO-8601 time. */
  readonly sentinelKey: string;
}

export type BackupManifest = DatabaseBackupManifest | CacheBackupManifest;

/** Sentinel key the cache backup writes before each snapshot; its value is the write time. */
export const CACHE_SENTINEL_KEY = 'platform:backup-sentinel';

/** S3 key of the manifest for one backup: `manifests/<stage>/<kind>/<backupId>.json`. */
export function manifestKey(stage: string, kind: BackupManifest['kind'], backupId: string): string {
  return `manifests/${stage}/${kind}/${backupId}.json`;
}
