import type { RestoreWorkflowState } from '../../common/workflow';
import type { DbCopyStatus } from '../status/contract';
import { callsMs, fixedBudget, type TimeBudget } from '../../../shared/time-budget';

/**
 * Gives the restored instance a fresh master password: it kept the one of snapshot time, which may
 * have rotated since. The password goes to the restore-test secret first and never into the state or logs.
 */
export const ENV = {
  stage: 'STAGE',
  /** The restore-test secret the construct creates; rewritten on every run. */
  secretArn: 'RESTORE_SECRET_ARN',
} as const;

/** What the restore-test secret holds (the RDS secret layout, so tools that know it can read it). */
export interface RestoreSecret {
  readonly engine: 'postgres';
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly password: string;
  readonly dbname: string;
  readonly dbInstanceIdentifier: string;
}

export type DbCredentialsEvent = RestoreWorkflowState<DbCopyStatus>;
export interface DbCredentialsResult {
  readonly passwordResetAt: string;
}

/** Store the new password, then set it on the copy. */
export const TIME_BUDGET: TimeBudget = fixedBudget(60, { storeSecret: callsMs(1), setMasterPassword: callsMs(1) });
