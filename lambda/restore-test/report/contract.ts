import type { RestoreWorkflowState } from '../common/workflow';
import { callsMs, fixedBudget, sdkCallWorstCaseMs, type TimeBudget } from '../../shared/time-budget';

/** Turns a finished (or failed) run into the day's report section, metrics and a short SNS summary. Shared by both workflows. */
export const ENV = {
  stage: 'STAGE',
  /** Bucket the daily restore-test reports are written to (the backup bucket). */
  reportBucket: 'REPORT_BUCKET',
  topicArn: 'TOPIC_ARN',
  rtoTargetMinutes: 'RTO_TARGET_MINUTES',
} as const;

/** The `service` dimension Powertools adds to this function's metrics; alarms must name it too. */
export const REPORT_SERVICE = 'restore-test-report';

/** Metric names per kind of restore test: contracts the alarms read. */
export const RESTORE_METRICS = {
  database: { succeeded: 'RestoreTestSucceeded', durationSeconds: 'RestoreDurationSeconds', dataAgeSeconds: 'RestoredDataAgeSeconds' },
  cache: {
    succeeded: 'CacheRestoreSucceeded',
    durationSeconds: 'CacheRestoreDurationSeconds',
    dataAgeSeconds: 'CacheRestoredDataAgeSeconds',
  },
} as const;

export type ReportEvent = RestoreWorkflowState;

export interface ReportResult {
  readonly succeeded: boolean;
  /** One line, also used as the failed execution's cause. */
  readonly summary: string;
  readonly reportKey: string;
}

/** Rounds of the day's report write: read it, then put it back unless the other restore test wrote in between. */
export const REPORT_WRITE_ROUNDS = 3;

/** Merge the result into the day's report (each round one read and one conditional put, unretried), then publish the summary. */
export const TIME_BUDGET: TimeBudget = fixedBudget(170, {
  writeReport: REPORT_WRITE_ROUNDS * 2 * sdkCallWorstCaseMs(),
  notify: callsMs(1),
});
