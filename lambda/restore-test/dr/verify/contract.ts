import type { DbVerifyEvent, DbVerifyResult } from '../../db/verify/contract';
import { CHECK_ENV, TIME_BUDGET as DB_VERIFY_BUDGET } from '../../db/verify/contract';
import type { TimeBudget } from '../../../shared/time-budget';

/**
 * The weekly restore test's checks, on the DR copy, from inside the isolated landing zone: its only
 * way out is the S3 gateway endpoint, to the run bucket (the copy's password) and the manifest copies
 * of this region. Everything that calls other AWS APIs runs outside the VPC, in the other steps.
 */
export const ENV = {
  stage: 'STAGE',
  runBucket: 'RUN_BUCKET',
  manifestBucket: 'MANIFEST_BUCKET',
  ...CHECK_ENV,
} as const;

export type DrVerifyEvent = DbVerifyEvent;
export type DrVerifyResult = DbVerifyResult;

/** The weekly verify step's budget: read the password and the manifest, connect, then checks until the deadline. */
export const TIME_BUDGET: TimeBudget = DB_VERIFY_BUDGET;
