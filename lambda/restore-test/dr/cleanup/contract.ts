import type { CleanupOutcome, RestoreWorkflowState } from '../../common/workflow';
import { callsMs, fixedBudget, type TimeBudget } from '../../../shared/time-budget';

/** Deletes this run's DR copy (only if named and tagged as this run's) and the run's password object, whatever happened before. */
export const ENV = {
  stage: 'STAGE',
  runBucket: 'RUN_BUCKET',
} as const;

export type DrCleanupEvent = RestoreWorkflowState;
export type DrCleanupResult = CleanupOutcome;

/** Look the copy up and delete it; the password object's delete runs beside them (Promise.allSettled), so it adds no time. */
export const TIME_BUDGET: TimeBudget = fixedBudget(60, { describeInstance: callsMs(1), deleteInstance: callsMs(1) });
