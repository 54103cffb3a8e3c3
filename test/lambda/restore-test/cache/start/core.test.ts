import type { CreateReplicationGroupCommandInput, Snapshot } from '@aws-sdk/client-elasticache';
import { snapshotTime, startCacheRestore } from '../../../../../lambda/restore-test/cache/start/core';
import { awsError, CACHE_COPY, CACHE_START_CONFIG, ourTags, state } from '../../common/fixtures';

const config = CACHE_START_CONFIG;

function snapshot(name: string, taken: string, status = 'available'): Snapshot {
  return {
    SnapshotName: name,
    SnapshotStatus: status,
    Engine: 'valkey',
    EngineVersion: '8.0',
    NodeSnapshots: [{ SnapshotCreateTime: new Date(taken) }],
  };
}

function fakeElastiCache(snapshots: Snapshot[]) {
  const created: CreateReplicationGroupCommandInput[] = [];
  return {
    created,
    ports: {
      listSnapshots: async () => snapshots,
      readAuthToken: async () => 'the-auth-token',
      createReplicationGroup: async (request: CreateReplicationGroupCommandInput) => void created.push(request),
    },
  };
}

describe('startCacheRestore', () => {
  it("restores the newest available backup-job snapshot into a one-node, encrypted, tagged copy with the source's AUTH token", async () => {
    const cache = fakeElastiCache([
      snapshot('dev-cache-20261121-0300', '2026-11-21T03:00:10Z'),
      snapshot('dev-cache-20261122-0300', '2026-11-22T03:00:10Z'),
      snapshot('dev-cache-20261122-0400', '2026-11-22T04:00:10Z', 'creating'),
      snapshot('manual-by-someone', '2026-11-22T05:00:00Z'),
    ]);
    const result = await startCacheRestore(state({}, 'cache'), config, cache.ports);
    expect(cache.created).toEqual([
      {
        ReplicationGroupId: CACHE_COPY,
        ReplicationGroupDescription: 'Restore test of dev-cache-20261122-0300',
        SnapshotName: 'dev-cache-20261122-0300',
        Engine: 'valkey',
        EngineVersion: '8.0',
        CacheNodeType: 'cache.t4g.micro',
        NumCacheClusters: 1,
        AutomaticFailoverEnabled: false,
        MultiAZEnabled: false,
        CacheSubnetGroupName: 'restore-cache-subnets',
        SecurityGroupIds: ['sg-cache-restore'],
        TransitEncryptionEnabled: true,
        AuthToken: 'the-auth-token',
        AtRestEncryptionEnabled: true,
        KmsKeyId: undefined,
        SnapshotRetentionLimit: 0,
        Tags: ourTags(),
      },
    ]);
    expect(result).toEqual({
      copyId: CACHE_COPY,
      source: 'dev-cache-20261122-0300',
      sourceTime: '2026-11-22T03:00:10.000Z',
      manifestKey: 'manifests/dev/cache/dev-cache-20261122-0300.json',
      deadline: '2026-11-22T08:00:00.000Z',
    });
    expect(JSON.stringify(result)).not.toContain('the-auth-token');
  });

  it("encrypts the copy under the configured key, the cache's own customer-managed key", async () => {
    const cache = fakeElastiCache([snapshot('dev-cache-20261122-0300', '2026-11-22T03:00:10Z')]);
    const kmsKeyId = 'arn:aws:kms:eu-west-1:111111111111:key/cache-key';
    await startCacheRestore(state({}, 'cache'), { ...config, kmsKeyId }, cache.ports);
    expect(cache.created).toEqual([expect.objectContaining({ AtRestEncryptionEnabled: true, KmsKeyId: kmsKeyId })]);
  });

  it("asks for the snapshot's major.minor engine version, which is all CreateReplicationGroup takes from Redis OSS 6 on", async () => {
    const cache = fakeElastiCache([
      { ...snapshot('dev-cache-20261122-0300', '2026-11-22T03:00:10Z'), Engine: 'redis', EngineVersion: '7.1.0' },
    ]);
    await startCacheRestore(state({}, 'cache'), config, cache.ports);
    expect(cache.created).toEqual([expect.objectContaining({ Engine: 'redis', EngineVersion: '7.1' })]);
  });

  it.each([
    ['no snapshot exists', []],
    ['the only snapshot is still being created', [snapshot('dev-cache-20261122-0300', '2026-11-22T03:00:10Z', 'creating')]],
  ])('fails cleanly, creating nothing, when %s', async (_what, snapshots) => {
    const cache = fakeElastiCache(snapshots);
    await expect(startCacheRestore(state({}, 'cache'), config, cache.ports)).rejects.toMatchObject({ name: 'NoSnapshotAvailableError' });
    expect(cache.created).toEqual([]);
  });

  it('lets a quota error fail the step under its own name', async () => {
    const cache = fakeElastiCache([snapshot('dev-cache-20261122-0300', '2026-11-22T03:00:10Z')]);
    cache.ports.createReplicationGroup = async () => Promise.reject(awsError('NodeQuotaForCustomerExceededFault'));
    await expect(startCacheRestore(state({}, 'cache'), config, cache.ports)).rejects.toMatchObject({
      name: 'NodeQuotaForCustomerExceededFault',
    });
  });
});

describe('snapshotTime', () => {
  it("takes the nodes' snapshot time, else the minute in the name", () => {
    expect(snapshotTime(snapshot('dev-cache-20261122-0300', '2026-11-22T03:00:10Z'))).toEqual(new Date('2026-11-22T03:00:10Z'));
    expect(snapshotTime({ SnapshotName: 'dev-cache-20261122-0315' })).toEqual(new Date('2026-11-22T03:15:00Z'));
    expect(snapshotTime({ SnapshotName: 'dev-cache-latest' })).toBeUndefined();
  });
});
