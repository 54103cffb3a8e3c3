import type { CopyStatus, RestoreWorkflowState } from '../../common/workflow';
import { callsMs, fixedBudget, type TimeBudget } from '../../../shared/time-budget';

/** One status check of the temporary replication group, inside the state machine's wait loop. */
export const ENV = {
  stage: 'STAGE',
  /** Status checks allowed per run: bounds the loop even if the deadline were never reached. */
  maxPolls: 'MAX_POLLS',
} as const;

export type CacheStatusEvent = RestoreWorkflowState;
export type CacheStatusResult = CopyStatus;

/** One look at the replication group. */
export const TIME_BUDGET: TimeBudget = fixedBudget(60, { describeGroup: callsMs(1) });
