import { callsMs, deadlineBudget, type TimeBudget } from '../shared/time-budget';

/**
 * What the cost report function and the construct that deploys it agree on:
 * environment variable names, the event a schedule sends, the result, metric names and report keys.
 */

/** Environment variables the construct sets (STAGE comes from PlatformFunction). */
export const ENV = {
  /** Bucket the JSON, CSV and HTML reports are written to. */
  reportsBucket: 'REPORTS_BUCKET',
  /** SNS topic that receives the plain-text summary. */
  topicArn: 'TOPIC_ARN',
  /** The stage's monthly budget in USD, the same figure as its AWS Budget. */
  monthlyBudgetUsd: 'MONTHLY_BUDGET_USD',
  /** ARN of the role a cost reader switches into to open the reports; the summary's links name it. */
  readerRoleArn: 'READER_ROLE_ARN',
  /** Days the bucket keeps a report (its lifecycle rule), stated in the summary. */
  reportRetentionDays: 'REPORT_RETENTION_DAYS',
} as const;

/** Powertools service name, and so the `service` metric dimension. */
export const COST_REPORT_SERVICE = 'cost-report';

/** Metric names alarms and dashboards read (namespace METRICS_NAMESPACE, dimensions Stage and service). */
export const COST_METRICS = {
  monthToDate: 'MonthToDateCost',
  forecast: 'ForecastCost',
} as const;

export const REPORT_PERIODS = ['daily', 'weekly', 'monthly'] as const;
export type ReportPeriod = (typeof REPORT_PERIODS)[number];

/** What each schedule sends. */
export interface CostReportEvent {
  readonly period: ReportPeriod;
}

export type ForecastMethod = 'cost-explorer' | 'linear';

export interface CostReportResult {
  readonly stage: string;
  readonly period: ReportPeriod;
  /** S3 keys written, by format. */
  readonly keys: { readonly json: string; readonly csv: string; readonly html: string };
  readonly monthToDateUsd: number;
  readonly forecastUsd: number;
  readonly forecastMethod: ForecastMethod;
  readonly budgetUsd: number;
}

export type ReportFormat = 'json' | 'csv' | 'html';

/** `reports/<stage>/cost/`: every cost report of the stage, and nothing else, is under it. */
export function costReportPrefix(stage: string): string {
  return `reports/${stage}/cost/`;
}

/** `reports/<stage>/cost/<period>/<date>.<format>`; date is the run date (UTC), YYYY-MM-DD. */
export function costReportKey(stage: string, period: ReportPeriod, date: string, format: ReportFormat): string {
  return `${costReportPrefix(stage)}${period}/${date}.${format}`;
}

/**
 * Reads Cost Explorer's pages until the Lambda's remaining time less the margin (a report cut off is
 * not written: the run fails); then the forecast, the three report objects and the summary.
 */
export const TIME_BUDGET: TimeBudget = deadlineBudget(300, 'read-costs', {
  forecast: callsMs(1),
  putReports: callsMs(3),
  publish: callsMs(1),
});
