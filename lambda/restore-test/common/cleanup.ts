import { EXECUTION_TAG, isRestoreTestOf, tagValue, type ResourceTag } from './naming';
import type { CleanupOutcome, RestoreWorkflowState } from './workflow';

export interface FoundCopy {
  readonly status?: string;
  readonly tags?: readonly ResourceTag[];
}

/** How one kind of copy is looked up and deleted. A lookup error must throw: "unknown" is never "absent". */
export interface CopyStore {
  find(copyId: string): Promise<FoundCopy | undefined>;
  remove(copyId: string): Promise<void>;
}

export interface CopyNaming {
  readonly prefix: string;
  /** The id the start step gives the copy of an execution that started at this time. */
  idFor(executionStart: Date): string;
}

/**
 * Deletes only what this run made: named like a copy, tagged Purpose=restore-test and Stage=<stage>,
 * and tagged with this execution's name. Anything else is left alone and reported. When the start
 * step failed, the copy it would have made is looked for all the same: the call may have succeeded.
 */
export async function cleanUpCopy(
  state: RestoreWorkflowState,
  stage: string,
  naming: CopyNaming,
  store: CopyStore,
): Promise<CleanupOutcome> {
  const copyId = state.restore?.copyId ?? naming.idFor(new Date(state.run.executionStartTime));
  const keep = (action: CleanupOutcome['action'], detail: string): CleanupOutcome => ({ copyId, action, detail });
  if (!copyId.startsWith(naming.prefix))
    return keep('refused', `${copyId} is not named like a restore-test copy (${naming.prefix}*); left alone`);
  const found = await store.find(copyId);
  if (!found) return keep('not-found', `${copyId} does not exist; nothing to delete`);
  if (!isRestoreTestOf(stage, found.tags))
    return keep('refused', `${copyId} is not tagged Purpose=restore-test and Stage=${stage}; left alone`);
  const madeBy = tagValue(found.tags, EXECUTION_TAG);
  if (madeBy !== state.run.executionName)
    return keep('refused', `${copyId} was made by execution ${madeBy ?? '(untagged)'}, not ${state.run.executionName}; left alone`);
  if (found.status === 'deleting') return keep('already-deleting', `${copyId} is already being deleted`);
  await store.remove(copyId);
  return keep('deleted', `${copyId} deleted`);
}
