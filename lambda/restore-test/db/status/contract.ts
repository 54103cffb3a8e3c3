import type { CopyStatus, RestoreWorkflowState } from '../../common/workflow';
import { callsMs, fixedBudget, type TimeBudget } from '../../../shared/time-budget';

/** One status check of the temporary instance, inside the state machine's wait loop. */
export const ENV = {
  stage: 'STAGE',
  /** Status checks allowed per run: bounds the loop even if the deadline were never reached. */
  maxPolls: 'MAX_POLLS',
} as const;

export interface DbCopyStatus extends CopyStatus {
  readonly masterUsername?: string;
  /** Database the instance was created with (the snapshot's), to connect to. */
  readonly dbName?: string;
}

export type DbStatusEvent = RestoreWorkflowState<DbCopyStatus>;
export type DbStatusResult = DbCopyStatus;

/** One look at the instance. */
export const TIME_BUDGET: TimeBudget = fixedBudget(60, { describeInstance: callsMs(1) });
