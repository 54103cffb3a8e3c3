import {
  type CostReportEvent,
  type CostReportResult,
  type ReportFormat,
  REPORT_PERIODS,
  costReportKey,
  costReportPrefix,
} from './contract';
import { STAGE_TAG_KEY } from '../shared/stage-tags';
import { type CostPageFetcher, fetchDailyCosts } from './cost-data';
import { type ForecastFetcher, forecastMonthEnd } from './forecast';
import { accessLines, parseRoleArn } from './links';
import { daysBetween, inRange, reportWindows } from './periods';
import { renderCsv } from './render-csv';
import { renderHtml } from './render-html';
import { buildCostReport } from './report';
import { summarySubject, summaryText } from './summary';

export interface CostReportSettings {
  readonly stage: string;
  readonly bucket: string;
  readonly monthlyBudgetUsd: number;
  /** Region of the bucket, for the console links. */
  readonly region: string;
  /** The role whose holders may open the reports; the summary links for it. */
  readonly readerRoleArn: string;
  /** Days the bucket keeps a report; 0 when unknown. */
  readonly reportRetentionDays: number;
}

/** Everything the report needs from outside, passed in so the core runs without AWS. */
export interface CostReportDependencies {
  readonly getCostAndUsage: CostPageFetcher;
  readonly getCostForecast: ForecastFetcher;
  readonly putObject: (key: string, body: string, contentType: string) => Promise<void>;
  readonly publish: (subject: string, message: string) => Promise<void>;
  readonly recordCost: (values: { monthToDateUsd: number; forecastUsd: number }) => void;
  readonly now: () => Date;
}

export function parseEvent(event: unknown): CostReportEvent {
  const period = (event as { period?: unknown } | null)?.period;
  if (!REPORT_PERIODS.includes(period as CostReportEvent['period'])) {
    throw new Error(`Event period must be one of ${REPORT_PERIODS.join(', ')}; got ${JSON.stringify(period)}`);
  }
  return { period: period as CostReportEvent['period'] };
}

/** The reader role's ARN, checked once at the start so a bad value fails the run before Cost Explorer is paid. */
export function parseReaderRoleArn(value: string): string {
  parseRoleArn(value);
  return value;
}

/** Days a report is kept; a missing or bad value is 0 ("as the bucket keeps reports"), not a failed run. */
export function parseRetentionDays(value: string): number {
  const days = Number(value);
  return Number.isInteger(days) && days > 0 ? days : 0;
}

export function parseBudget(value: string): number {
  const budget = Number(value);
  if (!Number.isFinite(budget) || budget <= 0)
    throw new Error(`Monthly budget must be a positive number of USD; got ${JSON.stringify(value)}`);
  return budget;
}

const CONTENT_TYPES: Record<ReportFormat, string> = {
  json: 'application/json',
  csv: 'text/csv; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

/**
 * Reads the stage's cost, writes the JSON, CSV and HTML report, then sends the summary and the metrics.
 * Any failed lookup throws before anything is written, so a bad run never replaces a good report.
 */
export async function runCostReport(
  event: CostReportEvent,
  settings: CostReportSettings,
  deps: CostReportDependencies,
): Promise<CostReportResult> {
  const now = deps.now();
  const windows = reportWindows(event.period, now);
  const data = await fetchDailyCosts(deps.getCostAndUsage, windows.fetch, settings.stage, STAGE_TAG_KEY);
  const stageRows = data.rows.filter((r) => r.tagValue === settings.stage);
  const monthToDateUsd = stageRows.filter((r) => inRange(r.date, windows.monthToDate)).reduce((sum, r) => sum + r.amount, 0);
  const currentUsd = stageRows.filter((r) => inRange(r.date, windows.current)).reduce((sum, r) => sum + r.amount, 0);
  const forecast = await forecastMonthEnd(
    deps.getCostForecast,
    windows,
    settings.stage,
    STAGE_TAG_KEY,
    monthToDateUsd,
    currentUsd / daysBetween(windows.current),
  );
  const report = buildCostReport({
    stage: settings.stage,
    period: event.period,
    generatedAt: now.toISOString(),
    currency: data.currency,
    windows,
    rows: data.rows,
    estimatedDates: data.estimatedDates,
    hasAmortized: data.hasAmortized,
    forecast,
    monthlyBudgetUsd: settings.monthlyBudgetUsd,
  });

  const keys = {
    json: costReportKey(settings.stage, event.period, windows.today, 'json'),
    csv: costReportKey(settings.stage, event.period, windows.today, 'csv'),
    html: costReportKey(settings.stage, event.period, windows.today, 'html'),
  };
  await deps.putObject(keys.json, `${JSON.stringify(report, null, 2)}\n`, CONTENT_TYPES.json);
  await deps.putObject(keys.csv, renderCsv(report), CONTENT_TYPES.csv);
  await deps.putObject(keys.html, renderHtml(report), CONTENT_TYPES.html);
  const access = accessLines({
    region: settings.region,
    bucket: settings.bucket,
    key: keys.html,
    prefix: costReportPrefix(settings.stage),
    readerRoleArn: settings.readerRoleArn,
    retentionDays: settings.reportRetentionDays,
  });
  await deps.publish(summarySubject(report), summaryText(report, access));
  deps.recordCost({ monthToDateUsd: report.total.monthToDateUsd, forecastUsd: report.forecast.monthEndUsd });

  return {
    stage: settings.stage,
    period: event.period,
    keys,
    monthToDateUsd: report.total.monthToDateUsd,
    forecastUsd: report.forecast.monthEndUsd,
    forecastMethod: report.forecast.method,
    budgetUsd: settings.monthlyBudgetUsd,
  };
}
