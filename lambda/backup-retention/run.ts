import { isNotFound } from '../shared/backup/errors';
import { errorText } from '../shared/error-text';
import type { BackupLog } from '../shared/backup/run-report';
import { isOurs, type SnapshotRecord } from '../shared/backup/snapshot-record';
import type { RetentionResult, RetentionTargetSummary } from './contract';
import { planRetention, type RetentionPolicy } from './plan';

/** One inventory retention works on, with its own policy: e.g. RDS in the DR region. */
export interface RetentionTarget {
  readonly name: string;
  readonly policy: RetentionPolicy;
  /** Every snapshot of the inventory (all pages), or an error. */
  list(): Promise<SnapshotRecord[]>;
  remove(id: string): Promise<void>;
}

export interface RetentionRunInput {
  readonly targets: readonly RetentionTarget[];
  readonly now: Date;
  readonly dryRun: boolean;
  readonly log: BackupLog;
  /** Epoch ms after which no delete is started; the rest are reported as left for the next run. @default none */
  readonly deadline?: number;
  /** @default Date.now */
  readonly clock?: () => number;
}

/**
 * Plans and applies retention for each target in turn. A failed listing deletes nothing in that
 * target (a partial inventory could hide the newest snapshots); one failed delete does not stop
 * the others. Every decision is logged, in a dry run too. Past the deadline no delete is started:
 * what is left is reported (`deferred`) for the next day's run; deletes already requested complete.
 */
export async function applyRetention(input: RetentionRunInput): Promise<RetentionResult> {
  const targets: RetentionTargetSummary[] = [];
  for (const target of input.targets) targets.push(await applyToTarget(target, input));
  return {
    succeeded: targets.every((t) => t.ok),
    dryRun: input.dryRun,
    deleted: targets.reduce((n, t) => n + t.deleted.length, 0),
    kept: targets.reduce((n, t) => n + t.kept, 0),
    targets,
  };
}

async function applyToTarget(target: RetentionTarget, input: RetentionRunInput): Promise<RetentionTargetSummary> {
  let snapshots: SnapshotRecord[];
  try {
    snapshots = await target.list();
  } catch (error) {
    const failure = `listing failed, so nothing was deleted: ${errorText(error)}`;
    input.log.error(`${target.name}: ${failure}`, { target: target.name });
    return { target: target.name, ok: false, listed: 0, kept: 0, deleted: [], wouldDelete: [], deferred: [], failures: [failure] };
  }
  const decisions = planRetention(snapshots, target.policy, input.now);
  const ours = new Set(snapshots.filter((s) => isOurs(s, target.policy.stage)).map((s) => s.id));
  const deleted: string[] = [];
  const wouldDelete: string[] = [];
  const failures: string[] = [];
  const deferred: string[] = [];
  const pastDeadline = () => input.deadline !== undefined && (input.clock ?? Date.now)() >= input.deadline;
  for (const decision of decisions) {
    input.log.info(`${target.name}: ${decision.action} ${decision.id}: ${decision.reason}`, {
      target: target.name,
      ...decision,
      dryRun: input.dryRun,
    });
    if (decision.action !== 'delete') continue;
    if (input.dryRun) {
      wouldDelete.push(decision.id);
      continue;
    }
    if (pastDeadline()) {
      deferred.push(decision.id);
      continue;
    }
    try {
      await target.remove(decision.id);
      deleted.push(decision.id);
    } catch (error) {
      if (isNotFound(error)) {
        input.log.info(`${target.name}: ${decision.id} was already gone`, { target: target.name, id: decision.id });
        continue;
      }
      failures.push(`delete ${decision.id}: ${errorText(error)}`);
      input.log.error(`${target.name}: could not delete ${decision.id}: ${errorText(error)}`, { target: target.name, id: decision.id });
    }
  }
  const kept = decisions.filter((d) => d.action === 'keep' && ours.has(d.id)).length;
  if (deferred.length > 0)
    input.log.info(
      `${target.name}: the run reached its deadline; ${deferred.length} delete(s) left for the next run: ${deferred.join(', ')}`,
      { target: target.name, deferred },
    );
  return { target: target.name, ok: failures.length === 0, listed: snapshots.length, kept, deleted, wouldDelete, deferred, failures };
}
