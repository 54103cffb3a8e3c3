import type { RestoreWorkflowState } from '../../common/workflow';
import type { ReportResult } from '../../report/contract';
import { callsMs, fixedBudget, sdkCallWorstCaseMs, type TimeBudget } from '../../../shared/time-budget';

/**
 * Turns a finished (or failed) DR run into metrics, the `drDatabase` section of the day's report and
 * a summary, all in the stage's own region (PRIMARY_REGION), while the function runs in the DR region.
 */
export const ENV = {
  stage: 'STAGE',
  primaryRegion: 'PRIMARY_REGION',
  /** The stage's backup bucket (in the primary region): the daily restore-test reports. */
  reportBucket: 'REPORT_BUCKET',
  topicArn: 'TOPIC_ARN',
  rtoTargetMinutes: 'RTO_TARGET_MINUTES',
  rpoTargetHours: 'RPO_TARGET_HOURS',
} as const;

export type DrReportEvent = RestoreWorkflowState;

/** What the weekly report step returns: the same workflow reads it. */
export type DrReportResult = ReportResult;

/**
 * Rounds of the day's report write (read, then a conditional put): one monthly run meets the weekly
 * tests' writes only on a day both run, so two rounds suffice, and the budget stays within the cleanup allowance.
 */
export const DR_REPORT_WRITE_ROUNDS = 2;

/** Publish the metrics, merge the section into the day's report (rounds of read + conditional put), then the summary. */
export const TIME_BUDGET: TimeBudget = fixedBudget(170, {
  publishMetrics: callsMs(1),
  writeReport: DR_REPORT_WRITE_ROUNDS * 2 * sdkCallWorstCaseMs(),
  notify: callsMs(1),
});
