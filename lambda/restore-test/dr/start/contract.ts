import type { RestoreStarted, RestoreWorkflowState } from '../../common/workflow';
import { callsMs, fixedBudget, type TimeBudget } from '../../../shared/time-budget';

/** Picks the newest off-site copy of this stage's database in the DR region (by its tags) and restores it into the landing zone. */
export const ENV = {
  stage: 'STAGE',
  instanceClass: 'INSTANCE_CLASS',
  subnetGroupName: 'DB_SUBNET_GROUP_NAME',
  securityGroupId: 'SECURITY_GROUP_ID',
  timeoutMinutes: 'TIMEOUT_MINUTES',
} as const;

/** The restored copy listens here whatever the source's port was (the restore sets it), so the landing zone's rules are fixed. */
export const DR_COPY_PORT = 5432;

export type DrStartEvent = RestoreWorkflowState;
export type DrStartResult = RestoreStarted;

/**
 * Pages of the DR region's manual snapshots read at most (100 a page): every stage of the account
 * copies there, each keeping about a month; more fails the start rather than restoring from a partial listing.
 */
export const MAX_SNAPSHOT_PAGES = 5;

/** List the DR region's manual snapshots, then start the restore. */
export const TIME_BUDGET: TimeBudget = fixedBudget(180, { listSnapshots: callsMs(MAX_SNAPSHOT_PAGES), restore: callsMs(1) });
