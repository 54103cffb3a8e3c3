import type { GetObjectCommandOutput } from '@aws-sdk/client-s3';
import type { RestoreSection } from '../../../../lambda/shared/restore-report';
import type { RestoreStarted, RestoreWorkflowState, RunInfo } from '../../../../lambda/restore-test/common/workflow';
import type { CacheStartConfig } from '../../../../lambda/restore-test/cache/start/core';
import type { DatabaseBackupManifest } from '../../../../lambda/shared/manifest/backup-manifest';

/** Shared test data for the restore-test functions: one run of stage `dev` that started 2026-11-22 06:00 UTC. */
export const STAGE = 'dev';
export const EXECUTION = 'weekly-2026-11-22';
export const STARTED_AT = '2026-11-22T06:00:00.000Z';
export const DB_COPY = 'dev-restore-test-202611220600';
export const CACHE_COPY = 'dev-rt-11220600';

/** The cache restore's start settings in these tests: dev's source group, restored on a cache.t4g.micro. */
export const CACHE_START_CONFIG: CacheStartConfig = {
  stage: STAGE,
  sourceReplicationGroupId: 'dev-cache',
  cacheNodeType: 'cache.t4g.micro',
  subnetGroupName: 'restore-cache-subnets',
  securityGroupId: 'sg-cache-restore',
  timeoutMinutes: 120,
};

export function run(kind: RestoreSection = 'database'): RunInfo {
  return { kind, executionName: EXECUTION, executionStartTime: STARTED_AT };
}

export function started(overrides: Partial<RestoreStarted> = {}): RestoreStarted {
  return {
    copyId: DB_COPY,
    source: 'dev-appdb-2026-11-22',
    sourceTime: '2026-11-22T03:00:00.000Z',
    manifestKey: 'manifests/dev/database/dev-appdb-2026-11-22.json',
    deadline: '2026-11-22T08:00:00.000Z',
    ...overrides,
  };
}

/** The manifest of the run's source snapshot, recorded a minute before it, with these row counts. */
export const manifest = (rowCounts: Record<string, number>): DatabaseBackupManifest => ({
  kind: 'database',
  stage: STAGE,
  snapshotId: started().source,
  recordedAt: '2026-11-22T02:59:00Z',
  rowCounts,
});

export function state<S extends RestoreWorkflowState>(
  extra: Omit<Partial<S>, 'run'> = {} as Omit<Partial<S>, 'run'>,
  kind: RestoreSection = 'database',
): S {
  return { run: run(kind), ...extra } as S;
}

export function ourTags(execution = EXECUTION, stage = STAGE) {
  return [
    { Key: 'Purpose', Value: 'restore-test' },
    { Key: 'Stage', Value: stage },
    { Key: 'RestoreTestExecution', Value: execution },
  ];
}

/** Environment every handler test needs: a region for the SDK, and quiet Powertools. */
export function useHandlerEnvironment(vars: Record<string, string>): void {
  Object.assign(process.env, {
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
    STAGE,
    ...vars,
  });
}

/** A named AWS error, as the SDK throws it. */
export function awsError(name: string, message = name): Error {
  return Object.assign(new Error(message), { name, $metadata: {} });
}

/** An S3 object body holding `value` as JSON (only what the code under test reads of it). */
export function jsonBody(value: unknown): GetObjectCommandOutput['Body'] {
  return { transformToString: async () => JSON.stringify(value) } as unknown as GetObjectCommandOutput['Body'];
}
