import type { RestoreStarted, RestoreWorkflowState } from '../../common/workflow';
import { callsMs, fixedBudget, type TimeBudget } from '../../../shared/time-budget';

/** Starts the cache restore: the newest manual snapshot of the stage into a temporary one-node replication group. */
export const ENV = {
  stage: 'STAGE',
  sourceReplicationGroupId: 'SOURCE_REPLICATION_GROUP_ID',
  cacheNodeType: 'CACHE_NODE_TYPE',
  subnetGroupName: 'CACHE_SUBNET_GROUP_NAME',
  securityGroupId: 'SECURITY_GROUP_ID',
  /** Secret holding the source's AUTH token; the copy gets the same one. */
  authSecretArn: 'AUTH_SECRET_ARN',
  timeoutMinutes: 'TIMEOUT_MINUTES',
} as const;

/** Settings that may be absent. */
export const OPTIONAL_ENV = {
  /** KMS key for the copy's encryption at rest. @default the ElastiCache-managed key */
  kmsKeyId: 'KMS_KEY_ID',
  /** Field of a JSON AUTH secret that holds the token. @default the secret string is the token */
  authSecretJsonKey: 'AUTH_SECRET_JSON_KEY',
} as const;

export type CacheStartEvent = RestoreWorkflowState;
export type CacheStartResult = RestoreStarted;

/**
 * Pages of the source group's manual snapshots read at most (50 a page): retention keeps fewer;
 * more fails the start rather than restoring from a partial listing.
 */
export const MAX_SNAPSHOT_PAGES = 4;

/** List the source's snapshots, read the AUTH token, create the copy. */
export const TIME_BUDGET: TimeBudget = fixedBudget(180, {
  listSnapshots: callsMs(MAX_SNAPSHOT_PAGES),
  readAuthToken: callsMs(1),
  createGroup: callsMs(1),
});
