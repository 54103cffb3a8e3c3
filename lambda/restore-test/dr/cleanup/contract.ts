import type { CleanupOutcome, RestoreWorkflowState } from '../../common/workflow';
import { callsMs, fixedBudget, type TimeBudget } from '../../../shared/time-budget';

/** Deletes this run's DR copy (only if named and tagged as this run's) and the run's password object, whatever happened before. */
export const ENV = {
  stage: 'STAGE',
  runBucket: 'RUN_BUCKET',
} as const;

export type DrCleanupEvent = RestoreWorkflowState;
export type DrCleanupResult = CleanupOutcome;

/** Look the copy up, delete it, delete the password object. */
export const TIME_BUDGET: TimeBudget = fixedBudget(60, {
  describeInstance: callsMs(1),
  deleteInstance: callsMs(1),
  deleteCredentials: callsMs(1),
});
