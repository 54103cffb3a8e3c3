import { planRetention, retentionGroup, type RetentionPolicy } from '../../../lambda/backup-retention/plan';
import type { SnapshotRecord } from '../../../lambda/shared/backup/snapshot-record';

const NOW = new Date('2026-06-30T04:30:00Z');
const DAY = 86_400_000;
const POLICY: RetentionPolicy = { stage: 'prod', retentionDays: 30, keepLatest: 2 };
const TAGS = { Stage: 'prod', CreatedBy: 'stage-platform-backup', BackupKind: 'daily' };

function snapshot(id: string, ageDays: number, overrides: Partial<SnapshotRecord> = {}): SnapshotRecord {
  return {
    id,
    source: 'appdb',
    manual: true,
    status: 'available',
    createdAt: new Date(NOW.getTime() - ageDays * DAY),
    tags: TAGS,
    ...overrides,
  };
}

const decide = (snapshots: SnapshotRecord[], policy = POLICY) =>
  Object.fromEntries(planRetention(snapshots, policy, NOW).map((d) => [d.id, `${d.action}: ${d.reason}`]));

describe('planRetention', () => {
  it('deletes our snapshots past the retention period once the newest are protected', () => {
    expect(decide([snapshot('new', 1), snapshot('newer', 0.5), snapshot('old', 31), snapshot('edge', 30)])).toEqual({
      newer: 'keep: among the newest 2 of appdb/daily',
      new: 'keep: among the newest 2 of appdb/daily',
      edge: 'keep: 30.0 days old, within 30 days',
      old: 'delete: 31.0 days old, past 30 days',
    });
  });

  it('keeps the newest N even when every snapshot is past retention (backups stopped for weeks)', () => {
    expect(decide([snapshot('a', 60), snapshot('b', 50), snapshot('c', 40)])).toEqual({
      a: 'delete: 60.0 days old, past 30 days',
      b: 'keep: among the newest 2 of appdb/daily',
      c: 'keep: among the newest 2 of appdb/daily',
    });
  });

  it('keeps a snapshot tagged as ours but not named with the stage prefix the role may delete (IAM would refuse the delete)', () => {
    const policy = { ...POLICY, namePrefix: 'prod-' };
    expect(decide([snapshot('prod-a', 60), snapshot('prod-b', 50), snapshot('prod-c', 40), snapshot('hand-copy', 90)], policy)).toEqual({
      'prod-a': 'delete: 60.0 days old, past 30 days',
      'prod-b': 'keep: among the newest 2 of appdb/daily',
      'prod-c': 'keep: among the newest 2 of appdb/daily',
      'hand-copy': "keep: not named prod-*: the role may delete only this stage's names",
    });
  });

  it('counts the newest N per source and kind, not across them', () => {
    const decisions = decide([
      snapshot('db1-old', 90),
      snapshot('db2-old', 90, { source: 'olddb' }),
      snapshot('db1-weekly', 90, { tags: { ...TAGS, BackupKind: 'weekly' } }),
    ]);
    expect(Object.values(decisions).every((d) => d.startsWith('keep: among the newest'))).toBe(true);
  });

  it('does not let failed or unfinished snapshots take the places of the newest good ones', () => {
    expect(
      decide([
        snapshot('failed', 1, { status: 'failed' }),
        snapshot('creating', 0, { status: 'creating' }),
        snapshot('good1', 40),
        snapshot('good2', 41),
        snapshot('good3', 42),
      ]),
    ).toEqual({
      failed: 'keep: status is failed',
      creating: 'keep: status is creating',
      good1: 'keep: among the newest 2 of appdb/daily',
      good2: 'keep: among the newest 2 of appdb/daily',
      good3: 'delete: 42.0 days old, past 30 days',
    });
  });

  it.each<[string, Partial<SnapshotRecord>, string]>([
    ['automated', { manual: false }, 'automated snapshot: the service manages it'],
    ['tags unreadable', { tags: undefined }, 'tags could not be read'],
    ['another stage', { tags: { ...TAGS, Stage: 'staging' } }, 'tag Stage is "staging", not "prod"'],
    ['no Stage tag', { tags: { CreatedBy: 'stage-platform-backup' } }, 'tag Stage is null, not "prod"'],
    ['made by hand', { tags: { Stage: 'prod' } }, 'not created by stage-platform-backup'],
    ['still copying', { status: 'copying' }, 'status is copying'],
    ['undated', { createdAt: undefined }, 'creation time unknown'],
  ])('never deletes a snapshot that is %s, however old', (_, change, reason) => {
    const ancient = [snapshot('keeper1', 1), snapshot('keeper2', 2), snapshot('target', 400, change)];
    expect(decide(ancient).target).toBe(`keep: ${reason}`);
  });

  it('returns one decision per snapshot in input order', () => {
    const input = [snapshot('c', 50), snapshot('a', 1), snapshot('b', 60)];
    expect(planRetention(input, POLICY, NOW).map((d) => d.id)).toEqual(['c', 'a', 'b']);
  });

  it('keeps a snapshot dated in the future (clock skew) instead of misreading its age', () => {
    expect(decide([snapshot('future', -3), snapshot('x', 1), snapshot('y', 2)]).future).toMatch(/^keep/);
  });

  it.each<[string, RetentionPolicy, Date]>([
    ['zero retention days', { ...POLICY, retentionDays: 0 }, NOW],
    ['fractional keepLatest', { ...POLICY, keepLatest: 1.5 }, NOW],
    ['zero keepLatest', { ...POLICY, keepLatest: 0 }, NOW],
    ['no stage', { ...POLICY, stage: '' }, NOW],
    ['an invalid clock', POLICY, new Date('nope')],
  ])('refuses to plan with %s', (_, policy, now) => {
    expect(() => planRetention([snapshot('a', 100)], policy, now)).toThrow(RangeError);
  });

  it('groups by source and BackupKind', () => {
    expect(retentionGroup(snapshot('a', 1))).toBe('appdb/daily');
    expect(retentionGroup(snapshot('a', 1, { tags: undefined }))).toBe('appdb/-');
  });
});

describe('planRetention at its edges', () => {
  // Two younger snapshots hold the keep-latest places, so only the age decides for the one under test.
  const protectedPair = [snapshot('keeper1', 1), snapshot('keeper2', 2)];
  const at = (ms: number) => snapshot('target', 0, { createdAt: new Date(NOW.getTime() - ms) });

  it('a snapshot exactly 30 days old is kept; one a millisecond older is deleted', () => {
    expect(decide([...protectedPair, at(30 * DAY)]).target).toBe('keep: 30.0 days old, within 30 days');
    expect(decide([...protectedPair, at(30 * DAY + 1)]).target).toBe('delete: 30.0 days old, past 30 days');
  });

  it('the age edge follows the policy: with 7 days, exactly 7 days is kept and a millisecond more is deleted', () => {
    const week = { ...POLICY, retentionDays: 7 };
    expect(decide([...protectedPair, at(7 * DAY)], week).target).toBe('keep: 7.0 days old, within 7 days');
    expect(decide([...protectedPair, at(7 * DAY + 1)], week).target).toBe('delete: 7.0 days old, past 7 days');
  });

  it('keep-latest 2: the second newest, however old, is kept; the third is deleted', () => {
    expect(decide([snapshot('first', 100), snapshot('second', 101), snapshot('third', 102)])).toEqual({
      first: 'keep: among the newest 2 of appdb/daily',
      second: 'keep: among the newest 2 of appdb/daily',
      third: 'delete: 102.0 days old, past 30 days',
    });
  });

  it('keep-latest 1, the smallest allowed: only the newest stays', () => {
    expect(decide([snapshot('first', 100), snapshot('second', 101)], { ...POLICY, keepLatest: 1 })).toEqual({
      first: 'keep: among the newest 1 of appdb/daily',
      second: 'delete: 101.0 days old, past 30 days',
    });
  });

  it('one retention day and one kept snapshot are the smallest policy it accepts; zero of either is refused', () => {
    expect(() => planRetention([], { ...POLICY, retentionDays: 1, keepLatest: 1 }, NOW)).not.toThrow();
    expect(() => planRetention([], { ...POLICY, retentionDays: 0 }, NOW)).toThrow('retentionDays must be an integer >= 1; got 0');
    expect(() => planRetention([], { ...POLICY, keepLatest: 0 }, NOW)).toThrow('keepLatest must be an integer >= 1; got 0');
  });
});
