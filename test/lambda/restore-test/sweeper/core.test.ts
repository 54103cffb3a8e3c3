import type { ReplicationGroup } from '@aws-sdk/client-elasticache';
import type { DBInstance } from '@aws-sdk/client-rds';
import { sweep, type SweepPorts } from '../../../../lambda/restore-test/sweeper/core';
import { DeadlineReachedError } from '../../../../lambda/shared/time-budget';

const now = new Date('2026-11-22T12:00:00Z');
const config = { stage: 'dev', maxAgeHours: 6 };
const old = new Date('2026-11-22T03:00:00Z');
const young = new Date('2026-11-22T10:00:00Z');
const ours = [
  { Key: 'Purpose', Value: 'restore-test' },
  { Key: 'Stage', Value: 'dev' },
];

function fake(instances: DBInstance[], groups: ReplicationGroup[], tags: Record<string, { Key: string; Value: string }[]> = {}) {
  const deleted: string[] = [];
  const tagLookups: string[] = [];
  const ports: SweepPorts = {
    listDbInstances: async () => instances,
    deleteDbInstance: async (id) => void deleted.push(`db:${id}`),
    listCacheGroups: async () => groups,
    listCacheTags: async (arn) => {
      tagLookups.push(arn);
      return tags[arn] ?? [];
    },
    deleteCacheGroup: async (id) => void deleted.push(`cache:${id}`),
  };
  return { ports, deleted, tagLookups };
}

describe('sweep', () => {
  it('deletes only old, tagged, restore-test-named copies of this stage, and says why for every resource', async () => {
    const f = fake(
      [
        { DBInstanceIdentifier: 'dev-restore-test-202611220300', InstanceCreateTime: old, DBInstanceStatus: 'available', TagList: ours },
        { DBInstanceIdentifier: 'dev-restore-test-202611221000', InstanceCreateTime: young, DBInstanceStatus: 'available', TagList: ours },
        { DBInstanceIdentifier: 'dev-appdb', InstanceCreateTime: old, DBInstanceStatus: 'available', TagList: ours },
        {
          DBInstanceIdentifier: 'dev-restore-test-202611220301',
          InstanceCreateTime: old,
          DBInstanceStatus: 'available',
          TagList: [{ Key: 'Stage', Value: 'dev' }],
        },
        {
          DBInstanceIdentifier: 'prod-restore-test-202611220300',
          InstanceCreateTime: old,
          DBInstanceStatus: 'available',
          TagList: [
            { Key: 'Purpose', Value: 'restore-test' },
            { Key: 'Stage', Value: 'prod' },
          ],
        },
        { DBInstanceIdentifier: 'dev-restore-test-202611220302', InstanceCreateTime: old, DBInstanceStatus: 'deleting', TagList: ours },
        { DBInstanceIdentifier: 'dev-restore-test-202611221159', DBInstanceStatus: 'creating', TagList: ours },
      ],
      [
        { ReplicationGroupId: 'dev-rt-11220300', ARN: 'arn:rg:dev-rt-11220300', ReplicationGroupCreateTime: old, Status: 'available' },
        { ReplicationGroupId: 'dev-cache', ARN: 'arn:rg:dev-cache', ReplicationGroupCreateTime: old, Status: 'available' },
      ],
      { 'arn:rg:dev-rt-11220300': ours, 'arn:rg:dev-cache': ours },
    );
    const result = await sweep(config, f.ports, now);

    expect(f.deleted).toEqual(['db:dev-restore-test-202611220300', 'cache:dev-rt-11220300']);
    expect(f.tagLookups).toEqual(['arn:rg:dev-rt-11220300']);
    expect(result.deleted).toBe(2);
    expect(result.failed).toBe(0);
    expect(Object.fromEntries(result.decisions.map((d) => [d.id, d.reason]))).toEqual({
      'dev-restore-test-202611220300': 'restore-test copy 9 h old (limit 6 h)',
      'dev-restore-test-202611221000': '2 h old, under the 6 h limit: a run may still use it',
      'dev-appdb': 'not named dev-restore-test-*',
      'dev-restore-test-202611220301': 'not tagged Purpose=restore-test and Stage=dev',
      'prod-restore-test-202611220300': 'not named dev-restore-test-*',
      'dev-restore-test-202611220302': 'already being deleted',
      'dev-restore-test-202611221159': 'no creation time yet',
      'dev-rt-11220300': 'restore-test copy 9 h old (limit 6 h)',
      'dev-cache': 'not named dev-rt-*',
    });
  });

  it('records failed lookups and deletes, deleting nothing it is unsure of, and carries on', async () => {
    const f = fake([{ DBInstanceIdentifier: 'dev-restore-test-202611220300', InstanceCreateTime: old, TagList: ours }], []);
    f.ports.deleteDbInstance = async () => Promise.reject(new Error('InvalidDBInstanceState'));
    f.ports.listCacheGroups = async () => Promise.reject(new Error('Throttling'));
    const result = await sweep(config, f.ports, now);
    expect(result).toMatchObject({ deleted: 0, failed: 2 });
    expect(result.decisions).toEqual([
      { kind: 'database', id: 'dev-restore-test-202611220300', action: 'failed', reason: 'delete failed: InvalidDBInstanceState' },
      { kind: 'cache', id: '*', action: 'failed', reason: 'could not list: Throttling; nothing deleted' },
    ]);
  });

  it('keeps a group whose tags cannot be read', async () => {
    const f = fake([], [{ ReplicationGroupId: 'dev-rt-11220300', ARN: 'arn:rg:dev-rt-11220300', ReplicationGroupCreateTime: old }]);
    f.ports.listCacheTags = async () => Promise.reject(new Error('AccessDenied'));
    const result = await sweep(config, f.ports, now);
    expect(f.deleted).toEqual([]);
    expect(result.failed).toBe(1);
  });
});

describe('sweep at its deadline', () => {
  const leftover = (id: string): DBInstance => ({
    DBInstanceIdentifier: id,
    InstanceCreateTime: old,
    DBInstanceStatus: 'available',
    TagList: ours,
  });
  const group: ReplicationGroup = {
    ReplicationGroupId: 'dev-rt-11220300',
    ARN: 'arn:rg:dev-rt-11220300',
    ReplicationGroupCreateTime: old,
    Status: 'available',
  };

  it('stops deleting once the deadline has passed and reports every leftover it did not reach as deferred', async () => {
    const f = fake(
      [leftover('dev-restore-test-202611220300'), leftover('dev-restore-test-202611220400'), leftover('dev-restore-test-202611220500')],
      [group],
      { 'arn:rg:dev-rt-11220300': ours },
    );
    // The deadline passes while the first delete is in flight.
    const result = await sweep(config, f.ports, now, () => f.deleted.length >= 1);

    expect(f.deleted).toEqual(['db:dev-restore-test-202611220300']);
    expect(result).toMatchObject({ deleted: 1, failed: 0, deferred: 3 });
    expect(result.decisions.filter((d) => d.action === 'deferred').map((d) => [d.kind, d.id, d.reason])).toEqual([
      [
        'database',
        'dev-restore-test-202611220400',
        'restore-test copy 9 h old, not deleted: the sweep reached its deadline; left for the next sweep',
      ],
      [
        'database',
        'dev-restore-test-202611220500',
        'restore-test copy 9 h old, not deleted: the sweep reached its deadline; left for the next sweep',
      ],
      ['cache', 'dev-rt-11220300', 'restore-test copy 9 h old, not deleted: the sweep reached its deadline; left for the next sweep'],
    ]);
  });

  it('a listing the deadline cut off deletes nothing of its kind and is deferred, not failed', async () => {
    const f = fake([leftover('dev-restore-test-202611220300')], [group], { 'arn:rg:dev-rt-11220300': ours });
    f.ports.listCacheGroups = async () => Promise.reject(new DeadlineReachedError('Listing page 2: not started'));
    const result = await sweep(config, f.ports, now);

    expect(f.deleted).toEqual(['db:dev-restore-test-202611220300']);
    expect(result).toMatchObject({ deleted: 1, failed: 0, deferred: 1 });
    expect(result.decisions.at(-1)).toEqual({
      kind: 'cache',
      id: '*',
      action: 'deferred',
      reason: 'listing cut off, nothing deleted: the sweep reached its deadline; left for the next sweep',
    });
  });

  it('past the deadline before it starts, it lists nothing and deletes nothing', async () => {
    const f = fake([leftover('dev-restore-test-202611220300')], [group]);
    let listed = 0;
    f.ports.listDbInstances = async () => {
      listed++;
      return [];
    };
    const result = await sweep(config, f.ports, now, () => true);
    expect(listed).toBe(0);
    expect(f.deleted).toEqual([]);
    expect(result.decisions.map((d) => [d.kind, d.action])).toEqual([
      ['database', 'deferred'],
      ['cache', 'deferred'],
    ]);
  });
});

describe('sweep at the age limit (6 h)', () => {
  const HOUR = 3_600_000;
  const copy = (id: string, ageMs: number): DBInstance => ({
    DBInstanceIdentifier: id,
    InstanceCreateTime: new Date(now.getTime() - ageMs),
    DBInstanceStatus: 'available',
    TagList: ours,
  });
  const group = (id: string, ageMs: number): ReplicationGroup => ({
    ReplicationGroupId: id,
    ARN: `arn:rg:${id}`,
    ReplicationGroupCreateTime: new Date(now.getTime() - ageMs),
    Status: 'available',
  });

  it('a copy exactly 6 h old is deleted; one a millisecond younger is kept (a run may still use it)', async () => {
    const f = fake(
      [copy('dev-restore-test-202611220600', 6 * HOUR), copy('dev-restore-test-202611220601', 6 * HOUR - 1)],
      [group('dev-rt-11220600', 6 * HOUR), group('dev-rt-11220601', 6 * HOUR - 1)],
      { 'arn:rg:dev-rt-11220600': ours, 'arn:rg:dev-rt-11220601': ours },
    );
    const result = await sweep(config, f.ports, now);

    expect(f.deleted).toEqual(['db:dev-restore-test-202611220600', 'cache:dev-rt-11220600']);
    expect(Object.fromEntries(result.decisions.map((d) => [d.id, `${d.action}: ${d.reason}`]))).toEqual({
      'dev-restore-test-202611220600': 'deleted: restore-test copy 6 h old (limit 6 h)',
      'dev-restore-test-202611220601': 'kept: 5 h old, under the 6 h limit: a run may still use it',
      'dev-rt-11220600': 'deleted: restore-test copy 6 h old (limit 6 h)',
      'dev-rt-11220601': 'kept: 5 h old, under the 6 h limit: a run may still use it',
    });
  });

  it('the limit follows the config: with 3 h, a copy 2 h 59 min old stays and one 3 h old goes', async () => {
    const f = fake([copy('dev-restore-test-202611220900', 3 * HOUR), copy('dev-restore-test-202611220901', 3 * HOUR - 60_000)], []);
    await sweep({ ...config, maxAgeHours: 3 }, f.ports, now);
    expect(f.deleted).toEqual(['db:dev-restore-test-202611220900']);
  });
});
