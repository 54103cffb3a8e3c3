import type { CleanupOutcome, RestoreWorkflowState } from '../../common/workflow';
import { callsMs, fixedBudget, type TimeBudget } from '../../../shared/time-budget';

/** Deletes this run's temporary instance, whatever happened before; checks its name and tags first. */
export const ENV = {
  stage: 'STAGE',
} as const;

export type DbCleanupEvent = RestoreWorkflowState;
export type DbCleanupResult = CleanupOutcome;

/** Look the copy up, then delete it. */
export const TIME_BUDGET: TimeBudget = fixedBudget(60, { describeInstance: callsMs(1), deleteInstance: callsMs(1) });
