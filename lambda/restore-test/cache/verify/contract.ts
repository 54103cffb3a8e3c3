import type { CopyStatus, RestoreWorkflowState, VerifyOutcome } from '../../common/workflow';
import { callsMs, fixedBudget, type TimeBudget } from '../../../shared/time-budget';

/** Connects to the restored cache (TLS, the source's AUTH token) and checks its key count and sentinel against the backup manifest. */
export const ENV = {
  stage: 'STAGE',
  authSecretArn: 'AUTH_SECRET_ARN',
  /** Bucket holding the backup manifests. */
  backupBucket: 'BACKUP_BUCKET',
  keyCountTolerancePercent: 'KEY_COUNT_TOLERANCE_PERCENT',
} as const;

/** Settings that may be absent. */
export const OPTIONAL_ENV = {
  /** Field of a JSON AUTH secret that holds the token. @default the secret string is the token */
  authSecretJsonKey: 'AUTH_SECRET_JSON_KEY',
} as const;

export type CacheVerifyEvent = RestoreWorkflowState<CopyStatus>;
export type CacheVerifyResult = VerifyOutcome;

/** Longest the restored cache may take to accept the connection, and then to answer one command (DBSIZE, GET). */
export const CACHE_CONNECT_TIMEOUT_MS = 10_000;
export const CACHE_COMMAND_TIMEOUT_MS = 10_000;

/** Read the manifest and the AUTH token, connect, count keys, read the sentinel. */
export const TIME_BUDGET: TimeBudget = fixedBudget(120, {
  readManifest: callsMs(1),
  readAuthToken: callsMs(1),
  connect: CACHE_CONNECT_TIMEOUT_MS,
  commands: 2 * CACHE_COMMAND_TIMEOUT_MS,
});
