import { takeCacheSnapshot, type CacheSnapshotPorts } from '../../../lambda/cache-snapshot/snapshot';
import type { ResourceTag } from '../../../lambda/shared/backup/tags';
import { awsError, memoryLog } from '../backup-support/output';

const NOW = new Date('2026-05-10T06:00:31Z');
const NAME = 'prod-cache-20260510-0600';
const MANIFEST_KEY = `manifests/prod/cache/${NAME}.json`;

function fakeWorld() {
  const cache = new Map<string, string>([['user:1', 'x']]);
  const snapshots = new Map<string, Record<string, string>>();
  const manifests = new Map<string, string>();
  const calls: string[] = [];
  const failures: Partial<Record<'sentinel' | 'create' | 'put', Error[]>> = {};
  const failIfQueued = (op: keyof typeof failures) => {
    const error = failures[op]?.shift();
    if (error) throw error;
  };
  const ports: CacheSnapshotPorts = {
    recordSentinel: async (key, value) => {
      calls.push('sentinel');
      failIfQueued('sentinel');
      cache.set(key, value);
      return { keyCount: cache.size, replicas: 1, replicasAcknowledged: 1 };
    },
    createSnapshot: async (name: string, tags: ResourceTag[]) => {
      calls.push(`create ${name}`);
      failIfQueued('create');
      if (snapshots.has(name)) throw awsError('SnapshotAlreadyExistsFault');
      snapshots.set(name, Object.fromEntries(tags.map((t) => [t.Key, t.Value])));
    },
    putManifest: async (key, body, onlyIfAbsent) => {
      calls.push(`put ${key}${onlyIfAbsent ? ' if-absent' : ''}`);
      failIfQueued('put');
      if (onlyIfAbsent && manifests.has(key)) throw awsError('PreconditionFailed');
      manifests.set(key, body);
    },
  };
  return { ports, cache, snapshots, manifests, calls, failures };
}

const input = (overrides = {}) => ({ stage: 'prod', replicationGroupId: 'prod-cache-rg', now: NOW, log: memoryLog(), ...overrides });

describe('takeCacheSnapshot', () => {
  it('writes the sentinel, snapshots the group with its tags, then writes the manifest', async () => {
    const world = fakeWorld();
    const result = await takeCacheSnapshot(world.ports, input());

    expect(world.calls).toEqual(['sentinel', `create ${NAME}`, `put ${MANIFEST_KEY}`]);
    expect(world.cache.get('platform:backup-sentinel')).toBe('2026-05-10T06:00:31.000Z');
    expect(world.snapshots.get(NAME)).toEqual({ Stage: 'prod', CreatedBy: 'stage-platform-backup', BackupKind: 'six-hourly' });
    expect(JSON.parse(world.manifests.get(MANIFEST_KEY)!)).toEqual({
      kind: 'cache',
      stage: 'prod',
      snapshotName: NAME,
      recordedAt: '2026-05-10T06:00:31.000Z',
      keyCount: 2,
      sentinelKey: 'platform:backup-sentinel',
    });
    expect(result).toMatchObject({ succeeded: true, snapshotName: NAME, keyCount: 2 });
  });

  it('still snapshots when the cache cannot be reached, writes no manifest, and reports failure', async () => {
    const world = fakeWorld();
    world.failures.sentinel = [new Error('connect ECONNREFUSED')];
    const result = await takeCacheSnapshot(world.ports, input());
    expect(world.snapshots.has(NAME)).toBe(true);
    expect(world.manifests.size).toBe(0);
    expect(result.succeeded).toBe(false);
    expect(result.keyCount).toBeUndefined();
  });

  it('reports a busy replication group once, without retrying, and writes no manifest', async () => {
    const world = fakeWorld();
    world.failures.create = [awsError('InvalidReplicationGroupStateFault', 'Cache cluster is not in available state')];
    const result = await takeCacheSnapshot(world.ports, input());
    expect(world.calls.filter((c) => c.startsWith('create'))).toHaveLength(1);
    expect(world.manifests.size).toBe(0);
    expect(result.succeeded).toBe(false);
    expect(result.steps.find((s) => s.step === 'create-snapshot')?.detail).toMatch(/prod-cache-rg is busy.*next scheduled run/);
  });

  it('treats its own snapshot name already existing as done, keeping the first manifest', async () => {
    const world = fakeWorld();
    await takeCacheSnapshot(world.ports, input());
    const first = world.manifests.get(MANIFEST_KEY);
    const again = await takeCacheSnapshot(world.ports, input({ now: new Date('2026-05-10T06:00:50Z') }));
    expect(again.succeeded).toBe(true);
    expect(world.snapshots.size).toBe(1);
    expect(world.calls.at(-1)).toBe(`put ${MANIFEST_KEY} if-absent`);
    expect(world.manifests.get(MANIFEST_KEY)).toBe(first);
  });

  it('a snapshot quota is reported as failed after one create (the SDK client never retries a quota)', async () => {
    const world = fakeWorld();
    world.failures.create = [awsError('SnapshotQuotaExceededFault'), awsError('SnapshotQuotaExceededFault')];
    const result = await takeCacheSnapshot(world.ports, input());
    expect(world.calls.filter((c) => c.startsWith('create')).length).toBe(1);
    expect(result.succeeded).toBe(false);
  });

  it('reports a manifest that cannot be written after the snapshot was taken', async () => {
    const world = fakeWorld();
    world.failures.put = [awsError('AccessDenied')];
    const result = await takeCacheSnapshot(world.ports, input());
    expect(world.snapshots.has(NAME)).toBe(true);
    expect(result.succeeded).toBe(false);
    expect(result.steps.filter((s) => !s.ok).map((s) => s.step)).toEqual(['write-manifest']);
  });
});
