import type { CopyStatus, RestoreWorkflowState, VerifyOutcome } from '../restore-test-common/workflow';

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
