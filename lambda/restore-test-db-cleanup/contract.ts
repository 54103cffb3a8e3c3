import type { CleanupOutcome, RestoreWorkflowState } from '../restore-test-common/workflow';

/** Deletes this run's temporary instance, whatever happened before; checks its name and tags first. */
export const ENV = {
  stage: 'STAGE',
} as const;

export type DbCleanupEvent = RestoreWorkflowState;
export type DbCleanupResult = CleanupOutcome;
