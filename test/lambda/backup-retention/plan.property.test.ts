import fc from 'fast-check';
import { planRetention, type RetentionDecision, type RetentionPolicy } from '../../../lambda/backup-retention/plan';
import type { SnapshotRecord } from '../../../lambda/shared/backup/snapshot-record';

/*
 * The retention rules, restated independently of the implementation and checked for any set of
 * snapshots, any policy and any clock.
 */

const DAY = 86_400_000;
const CREATED_BY = 'stage-platform-backup';

// Ages cluster around common retention boundaries and repeat, so ties and edges are frequent.
const ageArb = fc.oneof(fc.integer({ min: -2 * DAY, max: 80 * DAY }), fc.constantFrom(0, DAY, 7 * DAY, 30 * DAY, 30 * DAY + 1, 35 * DAY));

// Each field is mostly "ours" so that deletions happen often, and sometimes anything else.
const snapshotSpecArb = fc.record({
  source: fc.constantFrom('db-a', 'rg-1'),
  manual: fc.constantFrom(true, true, true, false),
  status: fc.constantFrom('available', 'available', 'available', 'available', 'creating', 'copying', 'failed', 'deleting'),
  // An age in ms, or an offset from the policy's retention period so the boundary is hit often.
  age: fc.option(
    fc.oneof(
      ageArb.map((ms) => ({ ms })),
      fc.oneof(fc.integer({ min: -2 * DAY, max: 2 * DAY }), fc.constantFrom(-1, 0, 1)).map((offset) => ({ offset })),
    ),
    { nil: undefined, freq: 15 },
  ),
  invalidDate: fc.constantFrom(false, false, false, false, false, false, false, true),
  tagsRead: fc.constantFrom(true, true, true, true, true, false),
  stageTag: fc.constantFrom('ours', 'ours', 'ours', 'other', 'other-case', 'missing'),
  createdByTag: fc.constantFrom('ours', 'ours', 'ours', 'other', 'missing'),
  kind: fc.constantFrom('daily', 'six-hourly', undefined),
});

const scenarioArb = fc.record({
  // Small sets find edge cases; large ones make several groups with more than keepLatest members.
  specs: fc.oneof(fc.array(snapshotSpecArb, { maxLength: 8 }), fc.array(snapshotSpecArb, { minLength: 20, maxLength: 60 })),
  policy: fc.record({
    stage: fc.constantFrom('dev', 'prod'),
    retentionDays: fc.integer({ min: 1, max: 35 }),
    keepLatest: fc.oneof(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 10 })),
  }),
  now: fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-01-01T00:00:00Z'), noInvalidDate: true }),
});

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

function build({ specs, policy, now }: Scenario): SnapshotRecord[] {
  const tagValue = (choice: string, ours: string) =>
    choice === 'ours' ? ours : choice === 'other-case' ? ours.toUpperCase() : choice === 'other' ? 'someone-else' : undefined;
  return specs.map((s, i) => {
    const tags: Record<string, string> = {};
    const stage = tagValue(s.stageTag, policy.stage);
    const createdBy = tagValue(s.createdByTag, CREATED_BY);
    if (stage !== undefined) tags.Stage = stage;
    if (createdBy !== undefined) tags.CreatedBy = createdBy;
    if (s.kind) tags.BackupKind = s.kind;
    return {
      id: `snap-${String(i).padStart(3, '0')}`,
      source: s.source,
      manual: s.manual,
      status: s.status,
      createdAt:
        s.age === undefined
          ? undefined
          : s.invalidDate
            ? new Date(Number.NaN)
            : new Date(now.getTime() - ('ms' in s.age ? s.age.ms : policy.retentionDays * DAY + s.age.offset)),
      tags: s.tagsRead ? tags : undefined,
    };
  });
}

/** The deletable set, as the requirement states it (before "keep the newest"). */
function isCandidate(s: SnapshotRecord, policy: RetentionPolicy): boolean {
  return (
    s.manual &&
    s.tags !== undefined &&
    s.tags.Stage === policy.stage &&
    s.tags.CreatedBy === CREATED_BY &&
    s.status === 'available' &&
    s.createdAt !== undefined &&
    !Number.isNaN(s.createdAt.getTime())
  );
}

const group = (s: SnapshotRecord) => `${s.source}/${s.tags?.BackupKind ?? '-'}`;
const decisionsById = (decisions: RetentionDecision[]) => new Map(decisions.map((d) => [d.id, d]));

interface Checked {
  readonly snapshots: SnapshotRecord[];
  readonly policy: RetentionPolicy;
  readonly now: Date;
  readonly decisions: Map<string, RetentionDecision>;
}

/** Checks `property` on generated scenarios, each with the plan's decisions by snapshot id. */
function forAnyScenario(numRuns: number, property: (checked: Checked) => void): void {
  fc.assert(
    fc.property(scenarioArb, (scenario) => {
      const snapshots = build(scenario);
      property({
        snapshots,
        policy: scenario.policy,
        now: scenario.now,
        decisions: decisionsById(planRetention(snapshots, scenario.policy, scenario.now)),
      });
    }),
    { numRuns },
  );
}

const isDeleted = (decisions: Map<string, RetentionDecision>, s: SnapshotRecord) => decisions.get(s.id)!.action === 'delete';

describe('planRetention properties', () => {
  it('gives exactly one decision per snapshot, in input order', () => {
    forAnyScenario(300, ({ snapshots, policy, now }) => {
      expect(planRetention(snapshots, policy, now).map((d) => d.id)).toEqual(snapshots.map((s) => s.id));
    });
  });

  it('deletes nothing outside the rules: manual, tagged ours, available, dated and past retention', () => {
    forAnyScenario(500, ({ snapshots, policy, now, decisions }) => {
      for (const s of snapshots.filter((x) => isDeleted(decisions, x))) {
        expect(isCandidate(s, policy)).toBe(true);
        expect(s.createdAt!.getTime()).toBeLessThan(now.getTime() - policy.retentionDays * DAY);
      }
    });
  });

  it('never deletes automated, untagged, foreign-stage or foreign-creator snapshots', () => {
    forAnyScenario(500, ({ snapshots, policy, decisions }) => {
      for (const s of snapshots) {
        if (!s.manual || s.tags === undefined || s.tags.Stage !== policy.stage || s.tags.CreatedBy !== CREATED_BY)
          expect(isDeleted(decisions, s)).toBe(false);
      }
    });
  });

  it('always keeps the newest keepLatest candidates of each source/kind group', () => {
    forAnyScenario(500, ({ snapshots, policy, decisions }) => {
      const candidates = snapshots.filter((s) => isCandidate(s, policy));
      for (const g of new Set(candidates.map(group))) {
        const members = candidates.filter((s) => group(s) === g);
        const kept = members.filter((s) => !isDeleted(decisions, s));
        // At least min(keepLatest, group size) survive ...
        expect(kept.length).toBeGreaterThanOrEqual(Math.min(policy.keepLatest, members.length));
        // ... and every deleted one has at least keepLatest survivors at least as new (ties allowed).
        for (const d of members.filter((s) => isDeleted(decisions, s))) {
          expect(kept.filter((k) => k.createdAt!.getTime() >= d.createdAt!.getTime()).length).toBeGreaterThanOrEqual(policy.keepLatest);
        }
      }
    });
  });

  it('deletes every candidate past retention that is not among the newest keepLatest of its group', () => {
    forAnyScenario(300, ({ snapshots, policy, now, decisions }) => {
      const candidates = snapshots.filter((s) => isCandidate(s, policy));
      for (const s of candidates) {
        const strictlyNewer = candidates.filter((o) => group(o) === group(s) && o.createdAt!.getTime() > s.createdAt!.getTime()).length;
        const old = s.createdAt!.getTime() < now.getTime() - policy.retentionDays * DAY;
        // With keepLatest or more strictly newer snapshots in its group, it cannot be among the newest.
        if (old && strictlyNewer >= policy.keepLatest) expect(isDeleted(decisions, s)).toBe(true);
      }
    });
  });

  it('decides the same whatever order the listing returned', () => {
    fc.assert(
      fc.property(scenarioArb, fc.integer(), (scenario, seed) => {
        const { policy, now } = scenario;
        const snapshots = build(scenario);
        const shuffled = [...snapshots].sort((a, b) => hash(a.id, seed) - hash(b.id, seed) || (a.id < b.id ? -1 : 1));
        const one = decisionsById(planRetention(snapshots, policy, now));
        const other = decisionsById(planRetention(shuffled, policy, now));
        for (const s of snapshots) expect(other.get(s.id)!.action).toBe(one.get(s.id)!.action);
      }),
      { numRuns: 300 },
    );
  });

  it('is idempotent: planning again on what survived deletes nothing more', () => {
    forAnyScenario(300, ({ snapshots, policy, now, decisions }) => {
      const survivors = snapshots.filter((s) => !isDeleted(decisions, s));
      expect(planRetention(survivors, policy, now).filter((d) => d.action === 'delete')).toEqual([]);
    });
  });
});

function hash(id: string, seed: number): number {
  let h = seed | 0;
  for (const c of id) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  return h;
}
