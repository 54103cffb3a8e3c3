import type { ReportPeriod } from './contract';
import type { DailyCost } from './cost-data';
import type { Forecast } from './forecast';
import { type DateRange, inRange } from './periods';

export interface PeriodCost {
  readonly monthToDateUsd: number;
  readonly currentUsd: number;
  readonly previousUsd: number;
  readonly changeUsd: number;
  /** Change relative to the previous period; null when the previous period cost nothing. */
  readonly changePercent: number | null;
}

export interface ServiceCost extends PeriodCost {
  readonly service: string;
}

export interface TagCost extends PeriodCost {
  /** The stage tag's value, or `(untagged)`. */
  readonly tag: string;
}

export type BudgetStatus = 'within' | 'forecast-over' | 'over';

export interface BudgetComparison {
  readonly monthlyUsd: number;
  readonly monthToDatePercent: number;
  readonly forecastPercent: number;
  readonly status: BudgetStatus;
}

/** Everything a cost report shows; the JSON report is this object. */
export interface CostReport {
  readonly stage: string;
  readonly period: ReportPeriod;
  readonly generatedAt: string;
  readonly currency: string;
  readonly monthToDate: DateRange;
  readonly current: DateRange;
  readonly previous: DateRange;
  /** True when Cost Explorer still marks some day of the current period or month as estimated. */
  readonly estimated: boolean;
  readonly estimatedDates: readonly string[];
  /** Cost tagged with this stage, unblended: what was charged. The budget comparison uses it. */
  readonly total: PeriodCost;
  /**
   * The same total amortized (Savings Plans and Reserved Instance fees spread over the days they
   * cover); null when Cost Explorer gave no amortized figure.
   */
  readonly amortizedTotal: PeriodCost | null;
  /** This stage's cost by service, largest in the current period first. */
  readonly byService: readonly ServiceCost[];
  /** This stage's tag value and the untagged bucket (cost no stage can claim). */
  readonly byTag: readonly TagCost[];
  /** Services whose cost changed most against the previous period. */
  readonly topMovers: readonly ServiceCost[];
  readonly forecast: Forecast;
  readonly budget: BudgetComparison;
}

export const UNTAGGED = '(untagged)';
const TOP_MOVERS = 5;

export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

export interface ReportInput {
  readonly stage: string;
  readonly period: ReportPeriod;
  readonly generatedAt: string;
  readonly currency: string;
  readonly windows: { readonly monthToDate: DateRange; readonly current: DateRange; readonly previous: DateRange };
  readonly rows: readonly DailyCost[];
  readonly estimatedDates: readonly string[];
  /** Whether the rows carry Cost Explorer's AmortizedCost. @default false */
  readonly hasAmortized?: boolean;
  readonly forecast: Forecast;
  readonly monthlyBudgetUsd: number;
}

/** Sums rows into month-to-date, current and previous period cost. */
export function periodCost(rows: readonly DailyCost[], windows: ReportInput['windows']): PeriodCost {
  const sum = (range: DateRange) => rows.filter((r) => inRange(r.date, range)).reduce((total, r) => total + r.amount, 0);
  const currentUsd = sum(windows.current);
  const previousUsd = sum(windows.previous);
  return {
    monthToDateUsd: round2(sum(windows.monthToDate)),
    currentUsd: round2(currentUsd),
    previousUsd: round2(previousUsd),
    changeUsd: round2(currentUsd - previousUsd),
    changePercent: previousUsd === 0 ? null : round2(((currentUsd - previousUsd) / Math.abs(previousUsd)) * 100),
  };
}

export function compareWithBudget(monthToDateUsd: number, forecastUsd: number, monthlyUsd: number): BudgetComparison {
  const percent = (value: number) => round2((value / monthlyUsd) * 100);
  const status: BudgetStatus = monthToDateUsd > monthlyUsd ? 'over' : forecastUsd > monthlyUsd ? 'forecast-over' : 'within';
  return { monthlyUsd, monthToDatePercent: percent(monthToDateUsd), forecastPercent: percent(forecastUsd), status };
}

function groupBy(rows: readonly DailyCost[], key: (row: DailyCost) => string): Map<string, DailyCost[]> {
  const groups = new Map<string, DailyCost[]>();
  for (const row of rows) groups.set(key(row), [...(groups.get(key(row)) ?? []), row]);
  return groups;
}

export function buildCostReport(input: ReportInput): CostReport {
  const { windows } = input;
  const stageRows = input.rows.filter((r) => r.tagValue === input.stage);
  const byService = [...groupBy(stageRows, (r) => r.service)]
    .map(([service, rows]) => ({ service, ...periodCost(rows, windows) }))
    .sort((a, b) => b.currentUsd - a.currentUsd || b.monthToDateUsd - a.monthToDateUsd || a.service.localeCompare(b.service));
  // The stage and the untagged bucket are always shown, even at zero, so a missing tag is visible.
  const tags = new Set([input.stage, ...input.rows.map((r) => r.tagValue ?? UNTAGGED), UNTAGGED]);
  const byTag = [...tags].map((tag) => ({
    tag,
    ...periodCost(
      input.rows.filter((r) => (r.tagValue ?? UNTAGGED) === tag),
      windows,
    ),
  }));
  const topMovers = byService
    .filter((s) => s.changeUsd !== 0)
    .sort((a, b) => Math.abs(b.changeUsd) - Math.abs(a.changeUsd) || a.service.localeCompare(b.service))
    .slice(0, TOP_MOVERS);
  const total = periodCost(stageRows, windows);
  const amortizedTotal = input.hasAmortized
    ? periodCost(
        stageRows.map((r) => ({ ...r, amount: r.amortizedAmount ?? 0 })),
        windows,
      )
    : null;
  const forecast = { ...input.forecast, monthEndUsd: round2(input.forecast.monthEndUsd) };
  const reportedDates = (date: string) => inRange(date, windows.current) || inRange(date, windows.monthToDate);
  return {
    stage: input.stage,
    period: input.period,
    generatedAt: input.generatedAt,
    currency: input.currency,
    monthToDate: windows.monthToDate,
    current: windows.current,
    previous: windows.previous,
    estimated: input.estimatedDates.some(reportedDates),
    estimatedDates: input.estimatedDates.filter(reportedDates),
    total,
    amortizedTotal,
    byService,
    byTag,
    topMovers,
    forecast,
    budget: compareWithBudget(total.monthToDateUsd, forecast.monthEndUsd, input.monthlyBudgetUsd),
  };
}
