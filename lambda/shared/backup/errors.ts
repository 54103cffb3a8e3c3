/**
 * AWS error names the backup jobs act on. The SDK names an error after its shape
 * (`...Fault`); the API's wire code lacks the suffix. Both are accepted so a client upgrade
 * that changes which one surfaces cannot turn "already exists" into a failed backup.
 */
const ALREADY_EXISTS = new Set([
  'DBSnapshotAlreadyExistsFault',
  'DBSnapshotAlreadyExists',
  'SnapshotAlreadyExistsFault',
  'SnapshotAlreadyExists',
]);
const NOT_FOUND = new Set([
  'DBSnapshotNotFoundFault',
  'DBSnapshotNotFound',
  'SnapshotNotFoundFault',
  'SnapshotNotFound',
  'NotFound',
  'NoSuchKey',
]);
const BUSY = new Set([
  'InvalidReplicationGroupStateFault',
  'InvalidReplicationGroupState',
  'InvalidDBInstanceStateFault',
  'InvalidDBInstanceState',
]);
const PRECONDITION_FAILED = new Set(['PreconditionFailed', 'ConditionalRequestConflict']);

function nameOf(error: unknown): string {
  return (error as { name?: string } | undefined)?.name ?? '';
}

export const isAlreadyExists = (error: unknown): boolean => ALREADY_EXISTS.has(nameOf(error));
export const isNotFound = (error: unknown): boolean => NOT_FOUND.has(nameOf(error));
/** The source is busy (another snapshot or a modification in progress): the next scheduled run tries again. */
export const isBusy = (error: unknown): boolean => BUSY.has(nameOf(error));
/** A conditional write found something already there. */
export const isPreconditionFailed = (error: unknown): boolean => PRECONDITION_FAILED.has(nameOf(error));
