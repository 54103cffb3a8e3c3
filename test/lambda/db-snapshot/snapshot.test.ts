import type { RowCounts } from '../../../lambda/db-snapshot/row-counts';
import type { DailySnapshotPorts } from '../../../lambda/db-snapshot/snapshot';
import { takeDailySnapshot } from '../../../lambda/db-snapshot/snapshot';
import type { SnapshotRecord } from '../../../lambda/shared/backup/snapshot-record';
import type { ResourceTag } from '../../../lambda/shared/backup/tags';
import { awsError, memoryLog } from '../backup-support/output';

const NOW = new Date('2026-05-10T03:00:12Z');
const SNAPSHOT_ID = 'prod-appdb-2026-05-10';
const COUNTS: RowCounts = {
  recordedAt: new Date('2026-05-10T03:00:13Z'),
  rowCounts: { 'public.orders': 10, 'public.users': 3 },
  notCounted: {},
};

/** An in-memory RDS instance and bucket: state survives between runs, so reruns can be checked. */
function fakeWorld(counts: RowCounts = COUNTS) {
  const snapshots = new Map<string, SnapshotRecord & { tags: Record<string, string> }>();
  const manifests = new Map<string, string>();
  const calls: string[] = [];
  const failures: Partial<Record<'find' | 'count' | 'put' | 'create', Error[]>> = {};
  const failIfQueued = (op: keyof typeof failures) => {
    const error = failures[op]?.shift();
    if (error) throw error;
  };
  const ports: DailySnapshotPorts = {
    findSnapshot: async (id) => {
      calls.push(`find ${id}`);
      failIfQueued('find');
      return snapshots.get(id);
    },
    countRows: async () => {
      calls.push('count');
      failIfQueued('count');
      return counts;
    },
    putManifest: async (key, body, onlyIfAbsent) => {
      calls.push(`put ${key}${onlyIfAbsent ? ' if-absent' : ''}`);
      failIfQueued('put');
      if (onlyIfAbsent && manifests.has(key)) throw awsError('PreconditionFailed');
      manifests.set(key, body);
    },
    createSnapshot: async (id: string, tags: ResourceTag[]) => {
      calls.push(`create ${id}`);
      failIfQueued('create');
      if (snapshots.has(id)) throw awsError('DBSnapshotAlreadyExistsFault');
      snapshots.set(id, {
        id,
        source: 'appdb',
        manual: true,
        status: 'creating',
        createdAt: NOW,
        tags: Object.fromEntries(tags.map((t) => [t.Key, t.Value])),
      });
    },
  };
  return { ports, snapshots, manifests, calls, failures };
}

const input = (overrides: Partial<Parameters<typeof takeDailySnapshot>[1]> = {}) => ({
  stage: 'prod',
  dbInstanceId: 'appdb',
  now: NOW,
  log: memoryLog(),
  ...overrides,
});
const MANIFEST_KEY = `manifests/prod/database/${SNAPSHOT_ID}.json`;

describe('takeDailySnapshot', () => {
  it("takes the day's snapshot with its tags before anything slow, then counts rows and writes the manifest", async () => {
    const world = fakeWorld();
    const result = await takeDailySnapshot(world.ports, input());

    expect(world.calls).toEqual([`find ${SNAPSHOT_ID}`, `create ${SNAPSHOT_ID}`, 'count', `put ${MANIFEST_KEY}`]);
    expect(world.snapshots.get(SNAPSHOT_ID)?.tags).toEqual({ Stage: 'prod', CreatedBy: 'stage-platform-backup', BackupKind: 'daily' });
    expect(JSON.parse(world.manifests.get(MANIFEST_KEY)!)).toEqual({
      kind: 'database',
      stage: 'prod',
      snapshotId: SNAPSHOT_ID,
      recordedAt: '2026-05-10T03:00:13.000Z',
      rowCounts: { 'public.orders': 10, 'public.users': 3 },
    });
    expect(result).toMatchObject({ action: 'snapshot', succeeded: true, snapshotId: SNAPSHOT_ID, rowCountTables: 2 });
    expect(result.steps.map((s) => s.step)).toEqual(['find-todays-snapshot', 'create-snapshot', 'count-rows', 'write-manifest']);
  });

  it('records the tables the deadline left uncounted in the manifest, and still succeeds', async () => {
    const world = fakeWorld({
      ...COUNTS,
      rowCounts: { 'public.users': 3 },
      notCounted: { 'public.orders': { reason: 'not started: the deadline came first', estimatedRows: 9 } },
    });
    const result = await takeDailySnapshot(world.ports, input());
    expect(result).toMatchObject({ succeeded: true, rowCountTables: 1, notCountedTables: 1 });
    expect(JSON.parse(world.manifests.get(MANIFEST_KEY)!)).toMatchObject({
      rowCounts: { 'public.users': 3 },
      notCounted: { 'public.orders': { reason: 'not started: the deadline came first', estimatedRows: 9 } },
    });
    expect(result.steps.find((s) => s.step === 'count-rows')?.detail).toBe(
      'counted 1 tables exactly; not counted: public.orders (not started: the deadline came first)',
    );
  });

  it('counts nothing when the snapshot could not be requested: counts would describe no backup', async () => {
    const world = fakeWorld();
    world.failures.create = [awsError('InvalidDBInstanceStateFault', 'instance is being modified')];
    const result = await takeDailySnapshot(world.ports, input());
    expect(world.calls).toEqual([`find ${SNAPSHOT_ID}`, `create ${SNAPSHOT_ID}`]);
    expect(result).toMatchObject({ succeeded: false, rowCountTables: 0 });
  });

  it('keeps an existing manifest when a concurrent run made the snapshot first', async () => {
    const world = fakeWorld();
    world.manifests.set(MANIFEST_KEY, 'written by the run that made the snapshot');
    world.failures.create = [awsError('DBSnapshotAlreadyExistsFault')];
    await takeDailySnapshot(world.ports, input());
    expect(world.calls).toContain(`put ${MANIFEST_KEY} if-absent`);
    expect(world.manifests.get(MANIFEST_KEY)).toBe('written by the run that made the snapshot');
  });

  it('does nothing on a second run the same day: no recount, no new manifest, no second snapshot', async () => {
    const world = fakeWorld();
    await takeDailySnapshot(world.ports, input());
    const firstManifest = world.manifests.get(MANIFEST_KEY);
    world.calls.length = 0;

    const again = await takeDailySnapshot(world.ports, input({ now: new Date('2026-05-10T22:00:00Z') }));

    expect(world.calls).toEqual([`find ${SNAPSHOT_ID}`]);
    expect(world.snapshots.size).toBe(1);
    expect(world.manifests.get(MANIFEST_KEY)).toBe(firstManifest);
    expect(again.succeeded).toBe(true);
    expect(again.rowCountTables).toBeUndefined();
    expect(again.steps[0].detail).toMatch(/already exists \(status creating\)/);
  });

  it('treats "already exists" on create as success (a concurrent run got there first)', async () => {
    const world = fakeWorld();
    world.failures.create = [awsError('DBSnapshotAlreadyExistsFault')];
    const result = await takeDailySnapshot(world.ports, input());
    expect(result.succeeded).toBe(true);
    expect(result.steps.find((s) => s.step === 'create-snapshot')).toEqual({
      step: 'create-snapshot',
      ok: true,
      detail: `${SNAPSHOT_ID} already exists`,
    });
  });

  it('still takes the snapshot when counting fails, and reports the run as failed', async () => {
    const world = fakeWorld();
    world.failures.count = [new Error('connect ETIMEDOUT')];
    const result = await takeDailySnapshot(world.ports, input());

    expect(world.calls).toEqual([`find ${SNAPSHOT_ID}`, `create ${SNAPSHOT_ID}`, 'count']);
    expect(world.snapshots.has(SNAPSHOT_ID)).toBe(true);
    expect(world.manifests.size).toBe(0);
    expect(result.succeeded).toBe(false);
    expect(result.rowCountTables).toBe(0);
    expect(result.steps.find((s) => s.step === 'count-rows')).toEqual({ step: 'count-rows', ok: false, detail: 'connect ETIMEDOUT' });
  });

  it('still takes the snapshot when the manifest cannot be written', async () => {
    const world = fakeWorld();
    world.failures.put = [awsError('AccessDenied')];
    const result = await takeDailySnapshot(world.ports, input());
    expect(world.snapshots.has(SNAPSHOT_ID)).toBe(true);
    expect(result.succeeded).toBe(false);
    expect(result.steps.filter((s) => !s.ok).map((s) => s.step)).toEqual(['write-manifest']);
  });

  it('when the lookup fails, backs up anyway but never overwrites an existing manifest', async () => {
    const world = fakeWorld();
    world.manifests.set(MANIFEST_KEY, 'written by an earlier run');
    world.failures.find = [awsError('InternalFailure')];
    const result = await takeDailySnapshot(world.ports, input());

    expect(world.calls).toContain(`put ${MANIFEST_KEY} if-absent`);
    expect(world.manifests.get(MANIFEST_KEY)).toBe('written by an earlier run');
    expect(world.snapshots.has(SNAPSHOT_ID)).toBe(true);
    expect(result.succeeded).toBe(false);
    expect(result.steps.find((s) => s.step === 'write-manifest')?.detail).toMatch(/kept the existing/);
  });

  it('replaces a stale manifest when the snapshot is known not to exist yet', async () => {
    const world = fakeWorld();
    world.manifests.set(MANIFEST_KEY, 'left by an attempt whose snapshot failed');
    await takeDailySnapshot(world.ports, input());
    expect(JSON.parse(world.manifests.get(MANIFEST_KEY)!).snapshotId).toBe(SNAPSHOT_ID);
  });

  it("asks once: a create still throttled after the SDK client's own retries is reported as failed", async () => {
    const world = fakeWorld();
    world.failures.create = [awsError('ThrottlingException', 'Rate exceeded')];
    const result = await takeDailySnapshot(world.ports, input());
    expect(world.calls.filter((c) => c.startsWith('create'))).toHaveLength(1);
    expect(result.succeeded).toBe(false);
    expect(result.steps.at(-1)).toEqual({ step: 'create-snapshot', ok: false, detail: 'ThrottlingException: Rate exceeded' });
  });

  it('reports failure, without retrying, when RDS refuses the snapshot', async () => {
    const world = fakeWorld();
    world.failures.create = [awsError('InvalidDBInstanceStateFault', 'instance is being modified')];
    const result = await takeDailySnapshot(world.ports, input());
    expect(result.succeeded).toBe(false);
    expect(result.steps.at(-1)).toEqual({
      step: 'create-snapshot',
      ok: false,
      detail: 'InvalidDBInstanceStateFault: instance is being modified',
    });
  });

  it('logs every step', async () => {
    const world = fakeWorld();
    const log = memoryLog();
    await takeDailySnapshot(world.ports, input({ log }));
    expect(log.entries.map((e) => e.attributes.step)).toEqual(['find-todays-snapshot', 'create-snapshot', 'count-rows', 'write-manifest']);
  });
});
