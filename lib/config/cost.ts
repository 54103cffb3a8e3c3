import { ConfigIssue } from './config-issue';
import { distinctList, email, httpsUrl, integerIn, isObject, matches, numberIn, scheduleExpression, unknownKeys } from './checks';
import type { StageName } from './stage-name';

/** When the cost report runs; EventBridge Scheduler expressions in UTC. */
export interface CostReportSchedules {
  /** Daily report of yesterday; Cost Explorer has most of the previous day by early morning UTC. */
  readonly daily: string;
  /** Weekly report of the last 7 complete days. */
  readonly weekly: string;
  /** Monthly report of the last calendar month; a few days into the month, once late charges have arrived. */
  readonly monthly: string;
}

/** The cost slice of a stage: its budget, who hears about overspending, anomaly sensitivity and report times. */
export interface CostConfig {
  /** Monthly budget of everything tagged `Stage=<stage>`, in USD; also shown in every cost report. */
  readonly monthlyBudgetUsd: number;
  /**
   * Addresses AWS Budgets emails directly (its own plain emails); the stage's cost topic is notified too,
   * so whoever is in `reportEmails` needs no entry here. At most 10, may be empty.
   */
  readonly budgetAlertEmails: readonly string[];
  /**
   * Subscribers of the stage's cost topic (not the alarm topics): the daily, weekly and monthly
   * summaries, budget notifications and cost anomaly alerts. Each confirms a subscription mail first.
   */
  readonly reportEmails: readonly string[];
  /** HTTPS endpoints subscribed to the cost topic (a chat webhook, a ticketing intake); may be empty. */
  readonly reportHttpsEndpoints: readonly string[];
  /**
   * Who may assume the stage's cost report reader role (`<project>-<stage>-cost-report-reader`) and so
   * open the reports: IAM role ARNs or account root ARNs (`arn:aws:iam::<account>:root`). Empty: the
   * stage's own account (any of its principals allowed by their own policy to assume the role).
   */
  readonly reportReaders: readonly string[];
  /** Budget notification when ACTUAL cost passes this percent of the budget. */
  readonly actualAlertPercent: number;
  /** Budget notification when FORECASTED cost passes this percent of the budget. */
  readonly forecastAlertPercent: number;
  /** Cost Anomaly Detection alerts on anomalies whose total impact is at least this many USD. */
  readonly anomalyThresholdUsd: number;
  readonly reportSchedules: CostReportSchedules;
}

const SCHEDULES: CostReportSchedules = {
  daily: 'cron(0 7 * * ? *)',
  weekly: 'cron(0 7 ? * MON *)',
  monthly: 'cron(0 8 3 * ? *)',
};

/** Budgets sit above the pre-deploy estimate (`npm run cost -- --stage <stage>`) with room for traffic. */
export const COST_DEFAULTS: Readonly<Record<StageName, CostConfig>> = {
  dev: {
    monthlyBudgetUsd: 150,
    budgetAlertEmails: [],
    reportEmails: [],
    reportHttpsEndpoints: [],
    reportReaders: [],
    actualAlertPercent: 80,
    forecastAlertPercent: 100,
    anomalyThresholdUsd: 20,
    reportSchedules: SCHEDULES,
  },
  staging: {
    monthlyBudgetUsd: 600,
    budgetAlertEmails: [],
    reportEmails: ['ops-staging@example.com'],
    reportHttpsEndpoints: [],
    reportReaders: [],
    actualAlertPercent: 80,
    forecastAlertPercent: 100,
    anomalyThresholdUsd: 50,
    reportSchedules: SCHEDULES,
  },
  prod: {
    monthlyBudgetUsd: 3000,
    // Budgets mails on-call directly; finance hears every cost message through the cost topic.
    budgetAlertEmails: ['ops-oncall@example.com'],
    reportEmails: ['finance@example.com'],
    reportHttpsEndpoints: [],
    reportReaders: [],
    actualAlertPercent: 80,
    forecastAlertPercent: 100,
    anomalyThresholdUsd: 100,
    reportSchedules: SCHEDULES,
  },
};

/** AWS Budgets accepts at most 10 email subscribers per notification. */
export const MAX_BUDGET_EMAILS = 10;

/** Subscribers of the cost topic, by kind; a sanity bound, not an SNS limit. */
export const MAX_REPORT_SUBSCRIBERS = 25;
/** Principals allowed to assume the reader role; a trust policy is at most 2048 characters by default. */
export const MAX_REPORT_READERS = 10;

/** An IAM role ARN (with an optional path) or an account root ARN, in any partition. */
const READER_ARN = /^arn:aws(-[a-z]+)*:iam::\d{12}:(root|role\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,64})$/;

export function readerPrincipal(value: unknown, path: string): ConfigIssue[] {
  return matches(
    value,
    path,
    READER_ARN,
    'an IAM role ARN such as arn:aws:iam::123456789012:role/finance-reader, or an account root ARN such as arn:aws:iam::123456789012:root',
  );
}

function validateSchedules(value: unknown, path: string): ConfigIssue[] {
  const shape = isObject(value, path);
  if (shape.length > 0) return shape;
  const schedules = value as Record<string, unknown>;
  const keys = ['daily', 'weekly', 'monthly'];
  return [...unknownKeys(value, path, keys), ...keys.flatMap((key) => scheduleExpression(schedules[key], `${path}.${key}`))];
}

/** Every problem in a cost slice, each naming its path, the value found and what is allowed. */
export function validateCostConfig(value: unknown, path: string): ConfigIssue[] {
  const shape = isObject(value, path);
  if (shape.length > 0) return shape;
  const config = value as Record<string, unknown>;
  return [
    ...unknownKeys(value, path, [
      'monthlyBudgetUsd',
      'budgetAlertEmails',
      'reportEmails',
      'reportHttpsEndpoints',
      'reportReaders',
      'actualAlertPercent',
      'forecastAlertPercent',
      'anomalyThresholdUsd',
      'reportSchedules',
    ]),
    ...numberIn(config.monthlyBudgetUsd, `${path}.monthlyBudgetUsd`, 1, 1_000_000, 'USD'),
    ...distinctList(config.budgetAlertEmails, `${path}.budgetAlertEmails`, email, {
      what: "email addresses (AWS Budgets' limit per notification; may be empty)",
      max: MAX_BUDGET_EMAILS,
      entry: 'address',
    }),
    ...distinctList(config.reportEmails, `${path}.reportEmails`, email, {
      what: 'email addresses (may be empty)',
      max: MAX_REPORT_SUBSCRIBERS,
      entry: 'address',
    }),
    ...distinctList(config.reportHttpsEndpoints, `${path}.reportHttpsEndpoints`, (url, at) => httpsUrl(url, at, 'an HTTPS subscriber'), {
      what: 'https:// URLs (may be empty)',
      max: MAX_REPORT_SUBSCRIBERS,
      entry: 'URL',
    }),
    ...distinctList(config.reportReaders, `${path}.reportReaders`, readerPrincipal, {
      what: "IAM role or account root ARNs (empty: the stage's own account)",
      max: MAX_REPORT_READERS,
      entry: 'principal',
    }),
    ...integerIn(config.actualAlertPercent, `${path}.actualAlertPercent`, 1, 1000),
    ...integerIn(config.forecastAlertPercent, `${path}.forecastAlertPercent`, 1, 1000),
    ...numberIn(config.anomalyThresholdUsd, `${path}.anomalyThresholdUsd`, 1, 1_000_000, 'USD'),
    ...validateSchedules(config.reportSchedules, `${path}.reportSchedules`),
  ];
}
