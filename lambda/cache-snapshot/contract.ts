import type { StepOutcome } from '../shared/backup/run-report';

/** Folder name, service name and the `service` metrics dimension. */
export const HANDLER_DIR = 'cache-snapshot';

export const ENV = {
  stage: 'STAGE',
  replicationGroupId: 'REPLICATION_GROUP_ID',
  /** Primary endpoint address of the replication group. */
  cacheHost: 'CACHE_HOST',
  cachePort: 'CACHE_PORT',
  /** Secrets Manager ARN of the AUTH token (plain string, or JSON with `authToken`, `token` or `password`). */
  cacheAuthSecretArn: 'CACHE_AUTH_SECRET_ARN',
  backupBucket: 'BACKUP_BUCKET',
} as const;

export const REQUIRED_ENV = [ENV.stage, ENV.replicationGroupId, ENV.cacheHost, ENV.cachePort, ENV.cacheAuthSecretArn, ENV.backupBucket] as const;

export interface CacheSnapshotResult {
  readonly succeeded: boolean;
  readonly steps: readonly StepOutcome[];
  readonly snapshotName: string;
  /** DBSIZE just before the snapshot; absent when the cache could not be reached. */
  readonly keyCount?: number;
}
