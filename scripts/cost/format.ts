import type { Comparison, Estimate, Range } from './estimate';

function usd(value: number): string {
  const text = Math.abs(value).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return `${value < 0 ? '-' : ''}$${text}`;
}

export function usdRange(r: Range): string {
  return Math.abs(r.max - r.min) < 0.005 ? usd(r.min) : `${usd(r.min)} - ${usd(r.max)}`;
}

function signedRange(r: Range): string {
  const signed = (v: number) => (v > 0.004 ? `+${usd(v)}` : usd(v));
  return Math.abs(r.max - r.min) < 0.005 ? signed(r.min) : `${signed(r.min)} / ${signed(r.max)}`;
}

function quantity(r: Range, unit: string): string {
  const n = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 2 });
  return `${r.min === r.max ? n(r.min) : `${n(r.min)}-${n(r.max)}`} ${unit}`;
}

function unitPrice(price: number): string {
  return `$${Number(price.toPrecision(6))}`;
}

/** Columns padded to their widest cell; numbers right-aligned. */
export function table(header: readonly string[], rows: readonly (readonly string[])[], rightAligned: readonly number[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const render = (cells: readonly string[]) =>
    cells
      .map((c, i) => (rightAligned.includes(i) ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [render(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(render)].join('\n');
}

/** Resources left out of the total, counted. */
export function unpricedCount(e: Estimate): number {
  return e.unpriced.reduce((n, u) => n + u.count, 0);
}

/** Under the table: the total is partial, and what it leaves out. */
function partialNote(e: Estimate): string[] {
  if (!e.partial) return [];
  const n = unpricedCount(e);
  return [
    '',
    `Partial total: ${n} resource${n === 1 ? '' : 's'} not priced, so the bill can be higher: ${e.unpriced.map((u) => `${u.type} × ${u.count}`).join('; ')}.`,
  ];
}

function footer(e: Estimate): string[] {
  return [
    '',
    `Prices: ${e.priceSource}, as of ${e.pricesAsOf}; region(s) ${e.regions.join(', ')}.`,
    'Assumptions:',
    ...e.assumptions.map((a) => `  - ${a}`),
    ...(e.unpriced.length > 0 ? ['Not priced (usage-based or not modelled):', ...e.unpriced.map((u) => `  - ${u.type} × ${u.count}`)] : []),
  ];
}

export function formatEstimate(e: Estimate, title: string): string {
  const rows: string[][] = [];
  for (const group of e.groups) {
    for (const l of e.lines.filter((x) => x.group === group.group))
      rows.push([l.group, l.item, l.stack, quantity(l.quantity, l.unit), unitPrice(l.unitPriceUsd), usdRange(l.monthlyUsd)]);
    rows.push(['', `${group.group} subtotal`, '', '', '', usdRange(group.monthlyUsd)]);
  }
  rows.push(['', e.partial ? 'TOTAL per month (partial)' : 'TOTAL per month', '', '', '', usdRange(e.totalUsd)]);
  return [
    title,
    `Stacks: ${e.stacks.join(', ')}`,
    '',
    table(['Group', 'Item', 'Stack', 'Quantity', 'Unit price', 'Monthly USD (min - max)'], rows, [3, 4, 5]),
    ...partialNote(e),
    ...footer(e),
  ].join('\n');
}

export function formatComparison(c: Comparison, before: string, after: string): string {
  const partial = c.before.partial || c.after.partial;
  const total = { ...c.total, group: partial ? 'Total (partial)' : c.total.group };
  const rows = [...c.groups, total].map((g) => [g.group, usdRange(g.before), usdRange(g.after), signedRange(g.difference)]);
  return [
    `Monthly cost: ${before} → ${after}`,
    '',
    table(['Group', before, after, 'Difference (min / max)'], rows, [1, 2, 3]),
    ...partialNote(c.before).map((l) => l.replace('Partial total:', `Partial total of ${before}:`)),
    ...partialNote(c.after).map((l) => l.replace('Partial total:', `Partial total of ${after}:`)),
    ...footer(c.after),
  ].join('\n');
}
