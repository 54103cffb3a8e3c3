import { ConfigIssue } from './config-issue';
import { email, integerIn, isObject, numberIn, scheduleExpression, unknownKeys } from './checks';
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
  /** Addresses the AWS Budget emails (the stage's SNS topic is notified too); at most 10, may be empty. */
  readonly budgetAlertEmails: readonly string[];
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
    actualAlertPercent: 80,
    forecastAlertPercent: 100,
    anomalyThresholdUsd: 20,
    reportSchedules: SCHEDULES,
  },
  staging: {
    monthlyBudgetUsd: 600,
    budgetAlertEmails: ['ops-staging@example.com'],
    actualAlertPercent: 80,
    forecastAlertPercent: 100,
    anomalyThresholdUsd: 50,
    reportSchedules: SCHEDULES,
  },
  prod: {
    monthlyBudgetUsd: 3000,
    budgetAlertEmails: ['ops-oncall@example.com', 'finance@example.com'],
    actualAlertPercent: 80,
    forecastAlertPercent: 100,
    anomalyThresholdUsd: 100,
    reportSchedules: SCHEDULES,
  },
};

/** AWS Budgets accepts at most 10 email subscribers per notification. */
export const MAX_BUDGET_EMAILS = 10;

function validateEmails(value: unknown, path: string): ConfigIssue[] {
  if (!Array.isArray(value) || value.length > MAX_BUDGET_EMAILS) {
    return [
      {
        path,
        value,
        expected: `a list of at most ${MAX_BUDGET_EMAILS} email addresses (AWS Budgets' limit per notification; may be empty)`,
      },
    ];
  }
  const issues = value.flatMap((address, i) => email(address, `${path}[${i}]`));
  value.forEach((address, i) => {
    if (value.indexOf(address) !== i)
      issues.push({ path: `${path}[${i}]`, value: address, expected: 'each address once (it is already listed)' });
  });
  return issues;
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
      'actualAlertPercent',
      'forecastAlertPercent',
      'anomalyThresholdUsd',
      'reportSchedules',
    ]),
    ...numberIn(config.monthlyBudgetUsd, `${path}.monthlyBudgetUsd`, 1, 1_000_000, 'USD'),
    ...validateEmails(config.budgetAlertEmails, `${path}.budgetAlertEmails`),
    ...integerIn(config.actualAlertPercent, `${path}.actualAlertPercent`, 1, 1000),
    ...integerIn(config.forecastAlertPercent, `${path}.forecastAlertPercent`, 1, 1000),
    ...numberIn(config.anomalyThresholdUsd, `${path}.anomalyThresholdUsd`, 1, 1_000_000, 'USD'),
    ...validateSchedules(config.reportSchedules, `${path}.reportSchedules`),
  ];
}
