import { hasValidTime, newestFirst, type SnapshotRecord } from '../shared/backup/snapshot-record';
import { BACKUP_CREATED_BY, BACKUP_TAG } from '../shared/backup/tags';

export interface RetentionPolicy {
  readonly stage: string;
  /** Snapshots older than this many days may go. */
  readonly retentionDays: number;
  /** The newest this many usable snapshots of each source and kind always stay, whatever their age. */
  readonly keepLatest: number;
  /**
   * Names the function's role may delete (IAM scopes deletes to this stage's names): a snapshot
   * tagged as ours under another name is kept, not sent to a delete IAM refuses. @default any name
   */
  readonly namePrefix?: string;
}

export interface RetentionDecision {
  readonly id: string;
  readonly source: string;
  readonly action: 'keep' | 'delete';
  readonly reason: string;
}

const DAY_MS = 86_400_000;

/** Snapshots compete for "newest N" only within their source (instance, replication group) and kind. */
export function retentionGroup(snapshot: SnapshotRecord): string {
  return `${snapshot.source}/${snapshot.tags?.[BACKUP_TAG.kind] ?? '-'}`;
}

/**
 * One decision per snapshot, in input order. A snapshot is deleted only when ALL hold: manual;
 * tags read; Stage = policy stage; CreatedBy = the platform; status available; known creation
 * time older than retentionDays; and not among the newest keepLatest such snapshots of its group.
 * Everything else is kept, with the first rule it failed as the reason.
 */
export function planRetention(snapshots: readonly SnapshotRecord[], policy: RetentionPolicy, now: Date): RetentionDecision[] {
  assertPolicy(policy, now);
  const newest = newestPerGroup(
    snapshots.filter((s) => isCandidate(s, policy)),
    policy.keepLatest,
  );
  const cutoff = now.getTime() - policy.retentionDays * DAY_MS;
  return snapshots.map((snapshot) => {
    const keep = (reason: string): RetentionDecision => ({ id: snapshot.id, source: snapshot.source, action: 'keep', reason });
    const unmanaged = whyUnmanaged(snapshot, policy);
    if (unmanaged) return keep(unmanaged);
    const createdAt = (snapshot.createdAt as Date).getTime();
    if (newest.has(snapshot)) return keep(`among the newest ${policy.keepLatest} of ${retentionGroup(snapshot)}`);
    if (createdAt >= cutoff) return keep(`${ageDays(now, createdAt)} days old, within ${policy.retentionDays} days`);
    return {
      id: snapshot.id,
      source: snapshot.source,
      action: 'delete',
      reason: `${ageDays(now, createdAt)} days old, past ${policy.retentionDays} days`,
    };
  });
}

/** Why a snapshot is outside what retention may delete, or `undefined` when it is a candidate. */
function whyUnmanaged(snapshot: SnapshotRecord, policy: RetentionPolicy): string | undefined {
  const { stage } = policy;
  if (!snapshot.manual) return 'automated snapshot: the service manages it';
  if (policy.namePrefix !== undefined && !snapshot.id.startsWith(policy.namePrefix))
    return `not named ${policy.namePrefix}*: the role may delete only this stage's names`;
  if (snapshot.tags === undefined) return 'tags could not be read';
  if (snapshot.tags[BACKUP_TAG.stage] !== stage)
    return `tag ${BACKUP_TAG.stage} is ${JSON.stringify(snapshot.tags[BACKUP_TAG.stage] ?? null)}, not "${stage}"`;
  if (snapshot.tags[BACKUP_TAG.createdBy] !== BACKUP_CREATED_BY) return `not created by ${BACKUP_CREATED_BY}`;
  if (snapshot.status !== 'available') return `status is ${snapshot.status}`;
  if (!hasValidTime(snapshot)) return 'creation time unknown';
  return undefined;
}

function isCandidate(snapshot: SnapshotRecord, policy: RetentionPolicy): snapshot is SnapshotRecord & { createdAt: Date } {
  return whyUnmanaged(snapshot, policy) === undefined;
}

function newestPerGroup(candidates: (SnapshotRecord & { createdAt: Date })[], keepLatest: number): Set<SnapshotRecord> {
  const groups = new Map<string, (SnapshotRecord & { createdAt: Date })[]>();
  for (const s of candidates) groups.set(retentionGroup(s), [...(groups.get(retentionGroup(s)) ?? []), s]);
  return new Set([...groups.values()].flatMap((group) => group.sort(newestFirst).slice(0, keepLatest)));
}

function ageDays(now: Date, createdAt: number): string {
  return ((now.getTime() - createdAt) / DAY_MS).toFixed(1);
}

function assertPolicy(policy: RetentionPolicy, now: Date): void {
  if (!Number.isInteger(policy.retentionDays) || policy.retentionDays < 1)
    throw new RangeError(`retentionDays must be an integer >= 1; got ${policy.retentionDays}`);
  if (!Number.isInteger(policy.keepLatest) || policy.keepLatest < 1)
    throw new RangeError(`keepLatest must be an integer >= 1; got ${policy.keepLatest}`);
  if (!policy.stage) throw new RangeError('stage must be set');
  if (Number.isNaN(now.getTime())) throw new RangeError('now is not a valid time');
}
