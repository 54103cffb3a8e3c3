import { errorText } from '../../../shared/error-text';
import { databaseCopyId } from '../../common/naming';
import { cleanupDatabaseCopy, type DbCleanupPorts } from '../../db/cleanup/core';
import type { DrCleanupEvent, DrCleanupResult } from './contract';

export interface DrCleanupPorts extends DbCleanupPorts {
  /** Deletes the run's password object; deleting a key that is not there succeeds. */
  deleteCredentials(copyId: string): Promise<void>;
}

/**
 * Deletes the copy as the weekly test's cleanup does (named, tagged and execution-tagged as this
 * run's, else left alone), and the run's password object in every case: a copy refused or gone still
 * leaves no password behind. Either failing fails the step, after the other was tried, so the
 * workflow's retries run both again.
 */
export async function cleanupDrRun(state: DrCleanupEvent, stage: string, ports: DrCleanupPorts): Promise<DrCleanupResult> {
  const copyId = state.restore?.copyId ?? databaseCopyId(stage, new Date(state.run.executionStartTime));
  const [copy, credentials] = await Promise.allSettled([cleanupDatabaseCopy(state, stage, ports), ports.deleteCredentials(copyId)]);
  if (copy.status === 'rejected') throw copy.reason;
  if (credentials.status === 'rejected')
    throw new Error(
      `The copy was handled (${copy.value.detail}), but its password object could not be deleted: ${errorText(credentials.reason)}`,
    );
  return { ...copy.value, detail: `${copy.value.detail}; password object deleted` };
}
