/**
 * Names and tags of the temporary copies a restore test makes. The functions, the sweeper and the
 * IAM policies all read them from here, so "ours" means the same thing everywhere.
 */

import { STAGE_TAG_KEY } from '../../shared/stage-tags';
import { CACHE_COPY_INFIX, DATABASE_COPY_INFIX } from './contract';

export const PURPOSE_TAG = 'Purpose';
/** Names the Step Functions execution that made the copy, so a run never deletes another run's copy. */
export const EXECUTION_TAG = 'RestoreTestExecution';
export const RESTORE_TEST_PURPOSE = 'restore-test';

export interface ResourceTag {
  readonly Key?: string;
  readonly Value?: string;
}

export function restoreTestTags(stage: string, executionName: string): { Key: string; Value: string }[] {
  return [
    { Key: PURPOSE_TAG, Value: RESTORE_TEST_PURPOSE },
    { Key: STAGE_TAG_KEY, Value: stage },
    { Key: EXECUTION_TAG, Value: executionName },
  ];
}

export function tagValue(tags: readonly ResourceTag[] | undefined, key: string): string | undefined {
  return tags?.find((tag) => tag.Key === key)?.Value;
}

/** True only when the tags say Purpose=restore-test and Stage=<stage>. */
export function isRestoreTestOf(stage: string, tags: readonly ResourceTag[] | undefined): boolean {
  return tagValue(tags, PURPOSE_TAG) === RESTORE_TEST_PURPOSE && tagValue(tags, STAGE_TAG_KEY) === stage;
}

export function databaseCopyPrefix(stage: string): string {
  return `${stage}${DATABASE_COPY_INFIX}`;
}

export function cacheCopyPrefix(stage: string): string {
  return `${stage}${CACHE_COPY_INFIX}`;
}

const DB_INSTANCE_ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const CACHE_GROUP_ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** `<stage>-restore-test-<yyyymmddHHMM>` (UTC) of the execution's start, so cleanup can name it even when the start step failed. */
export function databaseCopyId(stage: string, executionStart: Date): string {
  const id = `${databaseCopyPrefix(stage)}${utcDigits(executionStart).slice(0, 12)}`;
  if (id.length > 63 || !DB_INSTANCE_ID.test(id)) throw new Error(`Stage "${stage}" gives an invalid RDS instance identifier "${id}"`);
  return id;
}

/** `<stage>-rt-<MMddHHmm>` (UTC): ElastiCache allows at most 40 lowercase characters. */
export function cacheCopyId(stage: string, executionStart: Date): string {
  const id = `${cacheCopyPrefix(stage)}${utcDigits(executionStart).slice(4, 12)}`;
  if (id.length > 40 || !CACHE_GROUP_ID.test(id))
    throw new Error(`Stage "${stage}" gives an invalid ElastiCache replication group id "${id}" (at most 40 lowercase characters)`);
  return id;
}

/** yyyyMMddHHmmss in UTC. */
function utcDigits(at: Date): string {
  return at.toISOString().replace(/\D/g, '').slice(0, 14);
}
