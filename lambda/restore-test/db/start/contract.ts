import type { RestoreStarted, RestoreWorkflowState } from '../../common/workflow';
import { callsMs, fixedBudget, type TimeBudget } from '../../../shared/time-budget';

/** Starts the database restore: picks the snapshot (or point in time) and creates the temporary instance. */
export const ENV = {
  stage: 'STAGE',
  sourceInstanceId: 'SOURCE_DB_INSTANCE_ID',
  mode: 'RESTORE_MODE',
  snapshotSource: 'SNAPSHOT_SOURCE',
  instanceClass: 'INSTANCE_CLASS',
  subnetGroupName: 'DB_SUBNET_GROUP_NAME',
  securityGroupId: 'SECURITY_GROUP_ID',
  timeoutMinutes: 'TIMEOUT_MINUTES',
} as const;

export const RESTORE_MODES = ['snapshot', 'pointInTime'] as const;
export const SNAPSHOT_SOURCES = ['manual', 'automated', 'any'] as const;

/** How far back a point-in-time restore goes: RDS can restore to at most about five minutes ago. */
export const POINT_IN_TIME_LAG_MINUTES = 5;

export type DbStartEvent = RestoreWorkflowState;
export type DbStartResult = RestoreStarted;

/**
 * Pages of the source instance's snapshots read at most (100 a page): retention keeps far fewer;
 * more fails the start rather than restoring from a partial listing.
 */
export const MAX_SNAPSHOT_PAGES = 3;

/** List the source's snapshots (or read its latest restorable time), then start the restore. */
export const TIME_BUDGET: TimeBudget = fixedBudget(120, { listSnapshots: callsMs(MAX_SNAPSHOT_PAGES), restore: callsMs(1) });
