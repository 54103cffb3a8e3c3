import type { DBInstance } from '@aws-sdk/client-rds';
import type { ReplicationGroup, Tag } from '@aws-sdk/client-elasticache';
import { errorText } from '../../shared/error-text';
import { DeadlineReachedError } from '../../shared/time-budget';
import { cacheCopyPrefix, databaseCopyPrefix, isRestoreTestOf, type ResourceTag } from '../common/naming';
import type { SweepDecision, SweepResult } from './contract';

export interface SweepPorts {
  listDbInstances(): Promise<DBInstance[]>;
  deleteDbInstance(id: string): Promise<void>;
  listCacheGroups(): Promise<ReplicationGroup[]>;
  listCacheTags(arn: string): Promise<Tag[]>;
  deleteCacheGroup(id: string): Promise<void>;
}

export interface SweepConfig {
  readonly stage: string;
  readonly maxAgeHours: number;
}

interface Candidate {
  readonly id: string;
  readonly status?: string;
  readonly createdAt?: Date;
  readonly tags?: readonly ResourceTag[];
}

type Kind = SweepDecision['kind'];

/**
 * Deletes a database instance or replication group only when it is named like a restore-test copy
 * of this stage, tagged Purpose=restore-test and Stage=<stage>, and older than the limit. Every
 * resource looked at gets a decision; a failed lookup or delete is recorded and the rest go on.
 * Once `pastDeadline` says so, nothing more is listed or deleted: what is left is reported as
 * deferred, for the next sweep (deletes already requested complete on their own).
 */
export async function sweep(
  config: SweepConfig,
  ports: SweepPorts,
  now: Date,
  pastDeadline: () => boolean = () => false,
): Promise<SweepResult> {
  const databases = await listKind('database', pastDeadline, async () => {
    const instances = await ports.listDbInstances();
    return instances.map((i) => ({
      id: i.DBInstanceIdentifier ?? '',
      status: i.DBInstanceStatus,
      createdAt: i.InstanceCreateTime,
      tags: i.TagList,
    }));
  });
  const caches = await listKind('cache', pastDeadline, async () => {
    const groups = await ports.listCacheGroups();
    const prefix = cacheCopyPrefix(config.stage);
    // Tags cost a call each: read them only for groups named like a copy.
    return Promise.all(
      groups.map(async (g) => ({
        id: g.ReplicationGroupId ?? '',
        status: g.Status,
        createdAt: g.ReplicationGroupCreateTime,
        tags: g.ReplicationGroupId?.startsWith(prefix) && g.ARN ? await ports.listCacheTags(g.ARN) : undefined,
      })),
    );
  });
  const decisions = [
    ...(await sweepKind('database', databases, config, now, ports.deleteDbInstance, pastDeadline)),
    ...(await sweepKind('cache', caches, config, now, ports.deleteCacheGroup, pastDeadline)),
  ];
  return { deleted: count(decisions, 'deleted'), failed: count(decisions, 'failed'), deferred: count(decisions, 'deferred'), decisions };
}

const DEFERRED = 'the sweep reached its deadline; left for the next sweep';

/** A kind's candidates, or the one decision that says why it has none this time. */
async function listKind(kind: Kind, pastDeadline: () => boolean, list: () => Promise<Candidate[]>): Promise<Candidate[] | SweepDecision> {
  if (pastDeadline()) return { kind, id: '*', action: 'deferred', reason: `not listed: ${DEFERRED}` };
  try {
    return await list();
  } catch (error) {
    if (error instanceof DeadlineReachedError)
      return { kind, id: '*', action: 'deferred', reason: `listing cut off, nothing deleted: ${DEFERRED}` };
    return { kind, id: '*', action: 'failed', reason: `could not list: ${errorText(error)}; nothing deleted` };
  }
}

async function sweepKind(
  kind: Kind,
  listed: Candidate[] | SweepDecision,
  config: SweepConfig,
  now: Date,
  remove: (id: string) => Promise<void>,
  pastDeadline: () => boolean,
): Promise<SweepDecision[]> {
  if (!Array.isArray(listed)) return [listed];
  const decisions: SweepDecision[] = [];
  for (const candidate of listed) {
    const keep = reasonToKeep(kind, candidate, config, now);
    if (keep) {
      decisions.push({ kind, id: candidate.id, action: 'kept', reason: keep });
      continue;
    }
    if (pastDeadline()) {
      decisions.push({
        kind,
        id: candidate.id,
        action: 'deferred',
        reason: `restore-test copy ${ageHours(candidate, now)} h old, not deleted: ${DEFERRED}`,
      });
      continue;
    }
    try {
      await remove(candidate.id);
      decisions.push({
        kind,
        id: candidate.id,
        action: 'deleted',
        reason: `restore-test copy ${ageHours(candidate, now)} h old (limit ${config.maxAgeHours} h)`,
      });
    } catch (error) {
      decisions.push({ kind, id: candidate.id, action: 'failed', reason: `delete failed: ${errorText(error)}` });
    }
  }
  return decisions;
}

/** Why a resource stays, or undefined when it is a leftover to delete. */
function reasonToKeep(kind: Kind, candidate: Candidate, config: SweepConfig, now: Date): string | undefined {
  const prefix = kind === 'database' ? databaseCopyPrefix(config.stage) : cacheCopyPrefix(config.stage);
  if (!candidate.id.startsWith(prefix)) return `not named ${prefix}*`;
  if (!isRestoreTestOf(config.stage, candidate.tags)) return `not tagged Purpose=restore-test and Stage=${config.stage}`;
  if (candidate.status === 'deleting') return 'already being deleted';
  if (!candidate.createdAt) return 'no creation time yet';
  if (ageHours(candidate, now) < config.maxAgeHours)
    return `${ageHours(candidate, now)} h old, under the ${config.maxAgeHours} h limit: a run may still use it`;
  return undefined;
}

function ageHours(candidate: Candidate, now: Date): number {
  return Math.floor((now.getTime() - (candidate.createdAt?.getTime() ?? now.getTime())) / 3_600_000);
}

function count(decisions: readonly SweepDecision[], action: SweepDecision['action']): number {
  return decisions.filter((d) => d.action === action).length;
}
