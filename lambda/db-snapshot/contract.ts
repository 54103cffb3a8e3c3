import type { StepOutcome } from '../shared/backup/run-report';

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
} as const;

export const REQUIRED_ENV = [ENV.stage, ENV.dbInstanceId, ENV.dbSecretArn, ENV.backupBucket, ENV.drRegion, ENV.drKmsKeyArn] as const;

/** Number of tables whose rows were counted into the manifest (0 when counting failed). */
export const ROW_COUNT_TABLES_METRIC = 'RowCountTables';

/** `snapshot`: daily manifest + manual snapshot. `copy`: hourly copy of recent snapshots to the DR region. */
export type DbSnapshotEvent = { readonly action: 'snapshot' } | { readonly action: 'copy' };

export interface DbSnapshotResult {
  readonly action: DbSnapshotEvent['action'];
  readonly succeeded: boolean;
  readonly steps: readonly StepOutcome[];
  /** Today's snapshot identifier (snapshot action). */
  readonly snapshotId?: string;
  /** Tables counted into the manifest (snapshot action); absent when today's snapshot already existed. */
  readonly rowCountTables?: number;
}
