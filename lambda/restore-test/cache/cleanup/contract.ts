import type { CleanupOutcome, RestoreWorkflowState } from '../../common/workflow';
import { callsMs, fixedBudget, type TimeBudget } from '../../../shared/time-budget';

/** Deletes this run's temporary replication group, whatever happened before; checks its name and tags first. */
export const ENV = {
  stage: 'STAGE',
} as const;

export type CacheCleanupEvent = RestoreWorkflowState;
export type CacheCleanupResult = CleanupOutcome;

/** Look the copy up, read its tags, then delete it. */
export const TIME_BUDGET: TimeBudget = fixedBudget(90, { describeGroup: callsMs(1), listTags: callsMs(1), deleteGroup: callsMs(1) });
