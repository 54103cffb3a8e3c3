import { applyRetention, type RetentionTarget } from '../../../lambda/backup-retention/run';
import type { SnapshotRecord } from '../../../lambda/shared/backup/snapshot-record';
import { awsError, memoryLog } from '../backup-support/output';

const NOW = new Date('2026-06-30T04:30:00Z');
const DAY = 86_400_000;
const TAGS = { Stage: 'prod', CreatedBy: 'stage-platform-backup', BackupKind: 'daily' };
const POLICY = { stage: 'prod', retentionDays: 30, keepLatest: 1 };

const snapshot = (id: string, ageDays: number, overrides: Partial<SnapshotRecord> = {}): SnapshotRecord => ({
  id,
  source: 'appdb',
  manual: true,
  status: 'available',
  createdAt: new Date(NOW.getTime() - ageDays * DAY),
  tags: TAGS,
  ...overrides,
});

/** A target over an in-memory inventory; `listing` can fail and `removals` can fail per id. */
function target(name: string, snapshots: SnapshotRecord[], options: { listing?: Error; removeErrors?: Record<string, Error[]> } = {}) {
  const inventory = new Map(snapshots.map((s) => [s.id, s]));
  const removeCalls: string[] = [];
  const t: RetentionTarget = {
    name,
    policy: POLICY,
    list: async () => {
      if (options.listing) throw options.listing;
      return [...inventory.values()];
    },
    remove: async (id) => {
      removeCalls.push(id);
      const error = options.removeErrors?.[id]?.shift();
      if (error) throw error;
      inventory.delete(id);
    },
  };
  return { target: t, inventory, removeCalls };
}

const run = (targets: RetentionTarget[], overrides = {}) =>
  applyRetention({ targets, now: NOW, dryRun: false, log: memoryLog(), ...overrides });

describe('applyRetention', () => {
  it('deletes what the plan says in each target and counts what it kept', async () => {
    const primary = target('rds-primary', [
      snapshot('new', 1),
      snapshot('old', 40),
      snapshot('foreign', 90, { tags: { ...TAGS, Stage: 'dev' } }),
    ]);
    const dr = target('rds-dr', [snapshot('new', 1), snapshot('old', 40), snapshot('older', 50)]);
    const result = await run([primary.target, dr.target]);

    expect([...primary.inventory.keys()]).toEqual(['new', 'foreign']);
    expect([...dr.inventory.keys()]).toEqual(['new']);
    expect(result).toMatchObject({ succeeded: true, dryRun: false, deleted: 3, kept: 2 });
    expect(result.targets.map((t) => [t.target, t.deleted])).toEqual([
      ['rds-primary', ['old']],
      ['rds-dr', ['old', 'older']],
    ]);
  });

  it('deletes nothing in a target whose listing failed, still handles the others, and reports failure', async () => {
    const broken = target('rds-dr', [snapshot('old', 40), snapshot('new', 1)], { listing: awsError('Throttling') });
    const fine = target('elasticache', [snapshot('old', 40), snapshot('new', 1)]);
    const result = await run([broken.target, fine.target]);

    expect(broken.removeCalls).toEqual([]);
    expect(fine.removeCalls).toEqual(['old']);
    expect(result.succeeded).toBe(false);
    expect(result.targets[0]).toMatchObject({ ok: false, failures: ['listing failed, so nothing was deleted: Throttling'] });
  });

  it('logs every decision and deletes nothing in a dry run', async () => {
    const log = memoryLog();
    const t = target('rds-primary', [snapshot('new', 1), snapshot('old', 40), snapshot('auto', 90, { manual: false })]);
    const result = await run([t.target], { dryRun: true, log });

    expect(t.removeCalls).toEqual([]);
    expect(result).toMatchObject({ succeeded: true, dryRun: true, deleted: 0, kept: 1 });
    expect(result.targets[0].wouldDelete).toEqual(['old']);
    const decisions = log.entries.filter((e) => e.attributes.action !== undefined);
    expect(decisions.map((e) => [e.attributes.id, e.attributes.action, e.attributes.dryRun])).toEqual([
      ['new', 'keep', true],
      ['old', 'delete', true],
      ['auto', 'keep', true],
    ]);
    expect(decisions[2].message).toMatch(/automated snapshot/);
  });

  it("carries on after a delete that fails, each delete asked once (retries are the SDK client's)", async () => {
    const t = target('rds-primary', [snapshot('new', 1), snapshot('a', 40), snapshot('b', 41)], {
      removeErrors: { a: [awsError('InvalidDBSnapshotState')] },
    });
    const result = await run([t.target]);

    expect(t.removeCalls).toEqual(['a', 'b']);
    expect([...t.inventory.keys()]).toEqual(['new', 'a']);
    expect(result.deleted).toBe(1);
    expect(result.succeeded).toBe(false);
    expect(result.targets[0].failures).toEqual(['delete a: InvalidDBSnapshotState']);
  });

  it('treats a snapshot that vanished before its delete as gone, not as a failure', async () => {
    const t = target('rds-primary', [snapshot('new', 1), snapshot('old', 40)], {
      removeErrors: { old: [awsError('DBSnapshotNotFoundFault')] },
    });
    const result = await run([t.target]);
    expect(result.succeeded).toBe(true);
    expect(result.deleted).toBe(0);
  });
});

describe('applyRetention at its deadline', () => {
  it('starts no delete past the deadline: the first target finishes what it started, the rest is reported as left for the next run', async () => {
    const primary = target('rds-primary', [snapshot('new', 1), snapshot('a', 40), snapshot('b', 41), snapshot('c', 42)]);
    const dr = target('rds-dr', [snapshot('new', 1), snapshot('old', 40)]);
    let now = 0;
    // Each delete takes a second; the deadline falls after the first one.
    primary.target.remove = async (id) => {
      primary.removeCalls.push(id);
      primary.inventory.delete(id);
      now += 1_000;
    };
    const result = await run([primary.target, dr.target], { deadline: 500, clock: () => now });

    expect(primary.removeCalls).toEqual(['a']);
    expect(dr.removeCalls).toEqual([]);
    expect([...primary.inventory.keys()]).toEqual(['new', 'b', 'c']);
    expect(result.targets.map((t) => [t.target, t.deleted, t.deferred])).toEqual([
      ['rds-primary', ['a'], ['b', 'c']],
      ['rds-dr', [], ['old']],
    ]);
    // Nothing failed and nothing is half-done: the next day's run deletes the rest.
    expect(result).toMatchObject({ succeeded: true, deleted: 1 });
  });

  it('a listing the deadline cut off deletes nothing in that target and fails it', async () => {
    const cut = target('rds-dr', [snapshot('old', 40)], {
      listing: Object.assign(new Error('Listing page 2: not started, the run reached its deadline'), { name: 'DeadlineReached' }),
    });
    const result = await run([cut.target]);
    expect(cut.removeCalls).toEqual([]);
    expect(result.targets[0]).toMatchObject({
      ok: false,
      deleted: [],
      failures: ['listing failed, so nothing was deleted: DeadlineReached: Listing page 2: not started, the run reached its deadline'],
    });
  });
});
