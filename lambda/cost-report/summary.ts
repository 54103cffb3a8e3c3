import { change, describeRange, money } from './format';
import { type CostReport, UNTAGGED } from './report';

const PERIOD_NAMES = { daily: 'Yesterday', weekly: 'Last 7 days', monthly: 'Last month' } as const;
const BUDGET_WORDS = { within: 'within budget', 'forecast-over': 'FORECAST OVER BUDGET', over: 'OVER BUDGET' } as const;

/** SNS subjects must be under 100 characters. */
export function summarySubject(report: CostReport): string {
  const subject = `[${report.stage}] ${report.period} cost: ${money(report.total.monthToDateUsd, report.currency)} month to date, ${BUDGET_WORDS[report.budget.status]}`;
  return subject.slice(0, 99);
}

/** A few lines a person reads in an email client; `access` says where the full report is and how to open it. */
export function summaryText(report: CostReport, access: readonly string[]): string {
  const c = report.currency;
  const untagged = report.byTag.find((t) => t.tag === UNTAGGED);
  const lines = [
    `${report.stage} cost report (${report.period}), ${report.generatedAt.slice(0, 10)}`,
    `${PERIOD_NAMES[report.period]} (${describeRange(report.current)}): ${money(report.total.currentUsd, c)}, ${change(report.total.changeUsd, report.total.changePercent, c)} vs ${describeRange(report.previous)}${report.estimated ? ' [includes estimated days]' : ''}`,
    ...amortizedLines(report),
    `Month to date (${describeRange(report.monthToDate)}): ${money(report.total.monthToDateUsd, c)} of ${money(report.budget.monthlyUsd)} budget (${report.budget.monthToDatePercent}%)`,
    `Forecast to month end: ${money(report.forecast.monthEndUsd, c)} (${report.budget.forecastPercent}% of budget, ${report.forecast.method === 'linear' ? 'linear projection' : 'Cost Explorer forecast'}): ${BUDGET_WORDS[report.budget.status]}`,
  ];
  if (untagged && untagged.monthToDateUsd !== 0)
    lines.push(`Untagged cost month to date (not attributed to any stage): ${money(untagged.monthToDateUsd, c)}`);
  if (report.topMovers.length > 0)
    lines.push(`Top movers: ${report.topMovers.map((m) => `${m.service} ${change(m.changeUsd, null, c)}`).join('; ')}`);
  lines.push('', ...access);
  return lines.join('\n');
}

/** Amortized beside unblended, when Cost Explorer gave both: with Savings Plans or Reserved Instances they differ. */
function amortizedLines(report: CostReport): string[] {
  const amortized = report.amortizedTotal;
  if (!amortized) return [];
  const c = report.currency;
  return [
    `Amortized (commitment fees spread over their term): ${money(amortized.currentUsd, c)} this period, ${money(amortized.monthToDateUsd, c)} month to date; the other amounts and the budget are unblended (as charged)`,
  ];
}
