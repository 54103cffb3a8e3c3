import type { RestoreWorkflowState, VerifyOutcome } from '../../common/workflow';
import type { DbCopyStatus } from '../status/contract';
import { callsMs, type TimeBudget } from '../../../shared/time-budget';

/** The configured checks, as the weekly and the DR verify functions both receive them. */
export const CHECK_ENV = {
  /** JSON list of `schema.table` names that must exist. */
  expectedTables: 'EXPECTED_TABLES',
  rowCountTolerancePercent: 'ROW_COUNT_TOLERANCE_PERCENT',
  /** JSON list of `{ name, sql }`. */
  sqlChecks: 'SQL_CHECKS',
} as const;

/** Connects to the restored instance (TLS, the restore-test secret) and checks it against the backup manifest and the configured checks. */
export const ENV = {
  stage: 'STAGE',
  secretArn: 'RESTORE_SECRET_ARN',
  /** Bucket holding the backup manifests. */
  backupBucket: 'BACKUP_BUCKET',
  ...CHECK_ENV,
} as const;

/** Optional: a query returning the newest row's timestamp. Absent when not configured. */
export const FRESHNESS_QUERY_ENV = 'FRESHNESS_QUERY';

export interface SqlCheck {
  readonly name: string;
  readonly sql: string;
}

export type DbVerifyEvent = RestoreWorkflowState<DbCopyStatus>;
export type DbVerifyResult = VerifyOutcome;

/**
 * Reads the secret and the manifest, connects, then runs checks until the Lambda's remaining time
 * less the margin. A required check left unrun (a table, a SQL check, the freshness query) fails the
 * verification ("not verified in time"); a row count left unrun is skipped. The margin covers
 * closing the connection and returning.
 */
export const TIME_BUDGET: TimeBudget = {
  timeoutSeconds: 600,
  // The secret and the manifest are read with the SDK's retry: a retried call each.
  before: { readSecret: callsMs(1), readManifest: callsMs(1), connect: 10_000 },
  deadlineBound: 'checks',
  marginMs: 15_000,
  after: { closeConnection: 5_000 },
};
