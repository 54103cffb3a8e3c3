import type { RestoreWorkflowState } from '../../common/workflow';
import type { DbCopyStatus } from '../../db/status/contract';
import type { DbCredentialsResult } from '../../db/credentials/contract';
import { callsMs, fixedBudget, type TimeBudget } from '../../../shared/time-budget';

/**
 * Gives the restored copy a fresh master password (it kept the one of snapshot time). The password
 * goes first into the run bucket (SSE-KMS with the DR key), where the verify step, inside the
 * isolated landing zone, reads it through the S3 gateway endpoint: it never enters the workflow's
 * state or history, an environment variable or a log. Cleanup deletes the object.
 */
export const ENV = {
  stage: 'STAGE',
  runBucket: 'RUN_BUCKET',
} as const;

export type DrCredentialsEvent = RestoreWorkflowState<DbCopyStatus>;
export type DrCredentialsResult = DbCredentialsResult;

/** Store the new password, then set it on the copy. */
export const TIME_BUDGET: TimeBudget = fixedBudget(60, { storeCredentials: callsMs(1), setMasterPassword: callsMs(1) });
