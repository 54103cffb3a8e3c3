import { change, describeRange, money } from './format';
import type { CostReport, PeriodCost } from './report';

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const CHART = { width: 760, labelWidth: 270, barWidth: 380, row: 28, bar: 18, top: 10 };
const MAX_LABEL = 40;

/** Horizontal bars of the current period's cost by service; services that cost nothing get no bar. */
export function costChart(report: CostReport): string {
  const services = report.byService.filter((s) => s.currentUsd > 0);
  if (services.length === 0) return '<p class="empty">No cost in this period.</p>';
  const max = Math.max(...services.map((s) => s.currentUsd));
  const height = CHART.top * 2 + services.length * CHART.row;
  const rows = services.map((s, i) => {
    const y = CHART.top + i * CHART.row;
    const width = Math.max(1, Math.round((s.currentUsd / max) * CHART.barWidth));
    const label = s.service.length > MAX_LABEL ? `${s.service.slice(0, MAX_LABEL - 1)}…` : s.service;
    const value = money(s.currentUsd, report.currency);
    return [
      `<text class="label" x="${CHART.labelWidth - 8}" y="${y + CHART.bar - 4}" text-anchor="end">${escapeHtml(label)}</text>`,
      `<rect class="bar" x="${CHART.labelWidth}" y="${y}" width="${width}" height="${CHART.bar}" data-service="${escapeHtml(s.service)}" data-usd="${s.currentUsd}"><title>${escapeHtml(s.service)}: ${value}</title></rect>`,
      `<text class="value" x="${CHART.labelWidth + width + 6}" y="${y + CHART.bar - 4}">${value}</text>`,
    ].join('');
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Cost by service" width="${CHART.width}" height="${height}" viewBox="0 0 ${CHART.width} ${height}">${rows.join('\n')}</svg>`;
}

function costRow(name: string, cost: PeriodCost, currency: string): string {
  return `<tr><td>${escapeHtml(name)}</td><td>${money(cost.monthToDateUsd, currency)}</td><td>${money(cost.currentUsd, currency)}</td><td>${money(cost.previousUsd, currency)}</td><td>${change(cost.changeUsd, cost.changePercent, currency)}</td></tr>`;
}

function costTable(caption: string, rows: string[]): string {
  return `<table><caption>${caption}</caption><thead><tr><th></th><th>Month to date</th><th>Current period</th><th>Previous period</th><th>Change</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** Unblended (as charged, what the budget counts) beside amortized (commitment fees spread over their term). */
export function totalsTable(report: CostReport): string {
  if (!report.amortizedTotal) return '<p class="note">Cost Explorer gave no amortized cost for this period; amounts are unblended.</p>';
  return costTable('Stage total: unblended and amortized', [
    costRow('Unblended (as charged; the budget uses it)', report.total, report.currency),
    costRow('Amortized (Savings Plans and Reserved Instance fees spread over their term)', report.amortizedTotal, report.currency),
  ]);
}

const STYLE = `body{font-family:system-ui,sans-serif;margin:2rem;color:#1d2433;max-width:60rem}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem}
table{border-collapse:collapse;margin:.5rem 0;width:100%}caption{text-align:left;font-weight:600;padding:.3rem 0}
th,td{border-bottom:1px solid #d8dde6;padding:.3rem .6rem;text-align:right}th:first-child,td:first-child{text-align:left}
.bar{fill:#3b73b9}.label,.value{font-size:12px;fill:#1d2433}.status-over,.status-forecast-over{color:#b3261e;font-weight:600}
.note{color:#5b6478;font-size:.9rem}`;

/** A self-contained page (no scripts, fonts or images from elsewhere) a person opens from the bucket. */
export function renderHtml(report: CostReport): string {
  const c = report.currency;
  const { total, budget, forecast } = report;
  const estimated = report.estimated
    ? `<p class="note">Cost Explorer still marks ${report.estimatedDates.join(', ')} as estimated; those amounts may still change.</p>`
    : '';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(report.stage)} cost report (${report.period}) ${report.generatedAt.slice(0, 10)}</title>
<style>${STYLE}</style></head>
<body>
<h1>${escapeHtml(report.stage)}: ${report.period} cost report, ${report.generatedAt.slice(0, 10)}</h1>
<p>Current period ${describeRange(report.current)}; previous period ${describeRange(report.previous)}; month to date ${describeRange(report.monthToDate)}. Today is left out: Cost Explorer has not finished counting it.</p>
${estimated}
<table><caption>Summary</caption><tbody>
<tr><td>Current period</td><td>${money(total.currentUsd, c)}</td></tr>
<tr><td>Change vs previous period</td><td>${change(total.changeUsd, total.changePercent, c)}</td></tr>
<tr><td>Month to date</td><td>${money(total.monthToDateUsd, c)} (${budget.monthToDatePercent}% of budget)</td></tr>
<tr><td>Forecast to month end</td><td>${money(forecast.monthEndUsd, c)} (${budget.forecastPercent}% of budget)</td></tr>
<tr><td>Monthly budget</td><td class="status-${budget.status}">${money(budget.monthlyUsd)}: ${budget.status.replace('-', ' ')}</td></tr>
</tbody></table>
<p class="note">${escapeHtml(forecast.note)}</p>
${totalsTable(report)}
<h2>Cost by service, current period</h2>
${costChart(report)}
${costTable(
  'By service (tagged with this stage)',
  report.byService.map((s) => costRow(s.service, s, c)),
)}
${costTable(
  'By Stage tag (untagged cost belongs to no stage)',
  report.byTag.map((t) => costRow(t.tag, t, c)),
)}
${costTable(
  'Top movers',
  report.topMovers.map((m) => costRow(m.service, m, c)),
)}
</body></html>
`;
}
