import { CreateSnapshotCommand, ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createHandler } from '../../../lambda/cache-snapshot/index';
import type { CacheConnection } from '../../../lambda/cache-snapshot/redis';
import { CACHE_SENTINEL_KEY } from '../../../lambda/shared/manifest/backup-manifest';
import { MissingEnvironmentError } from '../../../lambda/shared/env';
import { awsError, captureStdout } from '../backup-support/output';
import { connectLocally, LOCAL_REDIS } from '../backup-support/redis';
import { CACHE_SNAPSHOT_ENV } from './environment';

const ENV = CACHE_SNAPSHOT_ENV;
const NOW = new Date('2026-05-10T06:00:00Z');

const elasticache = new ElastiCacheClient({ region: 'eu-west-1' });
const s3 = new S3Client({ region: 'eu-west-1' });
const secrets = new SecretsManagerClient({ region: 'eu-west-1' });
const ecMock = mockClient(elasticache);
const s3Mock = mockClient(s3);
const secretsMock = mockClient(secrets);
let output: ReturnType<typeof captureStdout>;
let connections: CacheConnection[];

beforeEach(() => {
  for (const m of [ecMock, s3Mock, secretsMock]) m.reset();
  secretsMock.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ authToken: 'the-token' }) });
  connections = [];
  output = captureStdout();
});
afterEach(() => output.restore());
afterAll(async () => {
  const cleanup = await connectLocally(LOCAL_REDIS);
  await cleanup.command('DEL', CACHE_SENTINEL_KEY);
  await cleanup.quit();
});

const handlerWith = (env: Record<string, string | undefined> = ENV) =>
  createHandler({
    env,
    now: () => NOW,
    clients: { elasticache, s3, secrets },
    connectCache: async (connection) => {
      connections.push(connection);
      return connectLocally(connection);
    },
  });

describe('cache-snapshot handler', () => {
  it('writes the sentinel in the real Redis, snapshots the group and writes the manifest', async () => {
    const result = await handlerWith()();

    expect(result.succeeded).toBe(true);
    expect(connections).toEqual([{ host: '127.0.0.1', port: 6379, authToken: 'the-token' }]);
    const check = await connectLocally(LOCAL_REDIS);
    expect(await check.get(CACHE_SENTINEL_KEY)).toBe('2026-05-10T06:00:00.000Z');
    await check.quit();
    expect(ecMock).toHaveReceivedCommandWith(CreateSnapshotCommand, {
      ReplicationGroupId: 'dev-cache-rg',
      SnapshotName: 'dev-cache-20260510-0600',
      Tags: [
        { Key: 'Stage', Value: 'dev' },
        { Key: 'CreatedBy', Value: 'stage-platform-backup' },
        { Key: 'BackupKind', Value: 'six-hourly' },
      ],
    });
    const put = s3Mock.commandCalls(PutObjectCommand)[0].args[0].input;
    expect(put).toMatchObject({ Bucket: 'backups', Key: 'manifests/dev/cache/dev-cache-20260510-0600.json' });
    expect(JSON.parse(put.Body as string)).toMatchObject({ kind: 'cache', keyCount: result.keyCount, sentinelKey: CACHE_SENTINEL_KEY });
    expect(output.metrics()).toEqual({ BackupSucceeded: [1] });
    expect(output.metricContexts()[0].values).toMatchObject({ service: 'cache-snapshot', Stage: 'dev' });
  });

  it('snapshots even when the cache is unreachable, and publishes failure', async () => {
    const result = await createHandler({
      env: { ...ENV, CACHE_PORT: '1' },
      now: () => NOW,
      clients: { elasticache, s3, secrets },
      connectCache: (c) => connectLocally(c),
    })();
    expect(result.succeeded).toBe(false);
    expect(ecMock).toHaveReceivedCommandTimes(CreateSnapshotCommand, 1);
    expect(s3Mock).not.toHaveReceivedAnyCommand();
    expect(output.metrics()).toEqual({ BackupSucceeded: [0] });
  });

  it('reports a snapshot already in progress and publishes failure', async () => {
    ecMock.on(CreateSnapshotCommand).rejects(awsError('InvalidReplicationGroupStateFault'));
    const result = await handlerWith()();
    expect(result.succeeded).toBe(false);
    expect(ecMock).toHaveReceivedCommandTimes(CreateSnapshotCommand, 1);
    expect(output.metrics()).toEqual({ BackupSucceeded: [0] });
  });

  it('names every missing variable and publishes failure', async () => {
    const error = await handlerWith({ STAGE: 'dev' })().catch((e: unknown) => e);
    expect((error as MissingEnvironmentError).missing).toEqual([
      'REPLICATION_GROUP_ID',
      'CACHE_HOST',
      'CACHE_PORT',
      'CACHE_AUTH_SECRET_ARN',
      'BACKUP_BUCKET',
    ]);
    expect(output.metrics()).toEqual({ BackupSucceeded: [0] });
  });

  it('rejects a port that is not a number', async () => {
    await expect(handlerWith({ ...ENV, CACHE_PORT: 'six' })()).rejects.toThrow(/CACHE_PORT must be a port number/);
    expect(ecMock).not.toHaveReceivedAnyCommand();
  });
});
