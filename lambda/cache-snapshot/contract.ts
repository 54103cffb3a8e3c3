import type { StepOutcome } from '../shared/backup/run-report';
import { callsMs, fixedBudget, sdkCallWorstCaseMs, type TimeBudget } from '../shared/time-budget';

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

export const REQUIRED_ENV = [
  ENV.stage,
  ENV.replicationGroupId,
  ENV.cacheHost,
  ENV.cachePort,
  ENV.cacheAuthSecretArn,
  ENV.backupBucket,
] as const;

export interface CacheSnapshotResult {
  readonly succeeded: boolean;
  readonly steps: readonly StepOutcome[];
  readonly snapshotName: string;
  /** DBSIZE just before the snapshot; absent when the cache could not be reached. */
  readonly keyCount?: number;
}

/** Connecting to the cache for the sentinel, and the longest one command may go unanswered (the socket then closes). */
export const CACHE_CONNECT_TIMEOUT_MS = 5_000;
export const CACHE_COMMAND_TIMEOUT_MS = 5_000;
/** How long WAIT gives the replicas to confirm the sentinel write. */
export const SENTINEL_WAIT_MS = 2_000;

/**
 * Sentinel first (secret, connect, SET, INFO, WAIT, DBSIZE, close), then the snapshot, then the
 * manifest. Every step is bounded, so the snapshot is requested even when the cache does not answer.
 */
export const TIME_BUDGET: TimeBudget = fixedBudget(120, {
  readSecret: sdkCallWorstCaseMs(),
  connect: CACHE_CONNECT_TIMEOUT_MS,
  sentinelCommands: 4 * CACHE_COMMAND_TIMEOUT_MS + SENTINEL_WAIT_MS,
  close: CACHE_COMMAND_TIMEOUT_MS,
  createSnapshot: callsMs(1),
  writeManifest: sdkCallWorstCaseMs(),
});
