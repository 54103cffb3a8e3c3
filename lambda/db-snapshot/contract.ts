import type { StepOutcome } from '../shared/backup/run-report';
import { sdkCallWorstCaseMs, type TimeBudget } from '../shared/time-budget';

/** Folder name, service name and the `service` metrics dimension. */
export const HANDLER_DIR = 'db-snapshot';

/** Environment the construct sets. All required except COUNT_TABLES (empty = every user table). */
export const ENV = {
  stage: 'STAGE',
  dbInstanceId: 'DB_INSTANCE_ID',
  /** Secrets Manager ARN of the RDS-generated secret (JSON: host, port, username, password, dbname). */
  dbSecretArn: 'DB_SECRET_ARN',
  backupBucket: 'BACKUP_BUCKET',
  /** Comma-separated `schema.table` list to count. */
  countTables: 'COUNT_TABLES',
  drRegion: 'DR_REGION',
  drKmsKeyArn: 'DR_KMS_KEY_ARN',
  /** The DR region's bucket of manifest copies (the `<stage>-dr` stack's), written beside each snapshot copy. */
  drManifestBucket: 'DR_MANIFEST_BUCKET',
} as const;

/** `schema.table` as COUNT_TABLES accepts it; the stage config validator checks countTables with it too. */
export const TABLE_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_$]*\.[A-Za-z_][A-Za-z0-9_$]*$/;

export const REQUIRED_ENV = [
  ENV.stage,
  ENV.dbInstanceId,
  ENV.dbSecretArn,
  ENV.backupBucket,
  ENV.drRegion,
  ENV.drKmsKeyArn,
  ENV.drManifestBucket,
] as const;

/** Number of tables whose rows were counted exactly into the manifest (0 when counting failed). */
export const ROW_COUNT_TABLES_METRIC = 'RowCountTables';

/** Longest one table's count may run (server-side statement_timeout); less when the deadline is nearer. */
export const COUNT_STATEMENT_TIMEOUT_MS = 120_000;
/** Connecting to the database for the counts. */
export const COUNT_CONNECT_TIMEOUT_MS = 10_000;
/** Pages of this instance's manual snapshots the copy lists at most (100 a page; retention keeps far fewer); more fails the copy. */
export const MAX_LISTING_PAGES = 2;

/**
 * The snapshot action: today's snapshot is requested before anything slow; the counts then run
 * until the Lambda's remaining time less the margin, which still fits closing the connection and
 * writing the manifest. The copy action starts a candidate's copy only while its worst case fits.
 */
export const TIME_BUDGETS: Readonly<Record<DbSnapshotEvent['action'], TimeBudget>> = {
  snapshot: {
    timeoutSeconds: 900,
    before: {
      findSnapshot: sdkCallWorstCaseMs(),
      createSnapshot: sdkCallWorstCaseMs(),
      readSecret: sdkCallWorstCaseMs(),
      connect: COUNT_CONNECT_TIMEOUT_MS,
    },
    deadlineBound: 'count-rows',
    marginMs: 60_000,
    after: { closeConnection: 5_000, writeManifest: sdkCallWorstCaseMs() },
  },
  copy: {
    timeoutSeconds: 900,
    before: { listSourceSnapshots: MAX_LISTING_PAGES * sdkCallWorstCaseMs() },
    deadlineBound: 'copy-candidates',
    marginMs: 4 * sdkCallWorstCaseMs(),
    // A candidate: look it up and start its copy, then read its manifest and write the DR copy.
    after: { copyOneCandidate: 4 * sdkCallWorstCaseMs() },
  },
};

/** `snapshot`: daily manifest + manual snapshot. `copy`: hourly copy of recent snapshots to the DR region. */
export type DbSnapshotEvent = { readonly action: 'snapshot' } | { readonly action: 'copy' };

export interface DbSnapshotResult {
  readonly action: DbSnapshotEvent['action'];
  readonly succeeded: boolean;
  readonly steps: readonly StepOutcome[];
  /** Today's snapshot identifier (snapshot action). */
  readonly snapshotId?: string;
  /** Tables counted exactly into the manifest (snapshot action); absent when today's snapshot already existed. */
  readonly rowCountTables?: number;
  /** Tables left uncounted (the deadline came first, or their count was cut off); absent when none. */
  readonly notCountedTables?: number;
}
