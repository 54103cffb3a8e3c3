import type { CopyStatus, RestoreWorkflowState } from '../restore-test-common/workflow';

/** One status check of the temporary replication group, inside the state machine's wait loop. */
export const ENV = {
  stage: 'STAGE',
  /** Status checks allowed per run: bounds the loop even if the deadline were never reached. */
  maxPolls: 'MAX_POLLS',
} as const;

export type CacheStatusEvent = RestoreWorkflowState;
export type CacheStatusResult = CopyStatus;
