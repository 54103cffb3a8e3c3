import type { CostReport, PeriodCost } from './report';

const HEADER = ['scope', 'name', 'month_to_date', 'current_period', 'previous_period', 'change', 'change_percent'];

/** Quotes a field when it needs it (RFC 4180), so service names with commas stay one column. */
function field(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function row(scope: string, name: string, cost: PeriodCost): string {
  return [scope, name, cost.monthToDateUsd, cost.currentUsd, cost.previousUsd, cost.changeUsd, cost.changePercent].map(field).join(',');
}

/** One line per service, per tag value and the stage total (unblended, then amortized when known); amounts in the report's currency. */
export function renderCsv(report: CostReport): string {
  const lines = [
    HEADER.join(','),
    row('total', report.stage, report.total),
    ...(report.amortizedTotal ? [row('total_amortized', report.stage, report.amortizedTotal)] : []),
    ...report.byService.map((s) => row('service', s.service, s)),
    ...report.byTag.map((t) => row('tag', t.tag, t)),
  ];
  return `${lines.join('\r\n')}\r\n`;
}
