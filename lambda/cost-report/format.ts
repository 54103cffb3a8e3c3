import { addDays, type DateRange } from './periods';

/** Money as people read it: `$1,234.56`, `-$0.40`; other currencies keep their code. */
export function money(value: number, currency = 'USD'): string {
  const digits = Math.abs(value).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const sign = value < 0 ? '-' : '';
  return currency === 'USD' ? `${sign}$${digits}` : `${sign}${digits} ${currency}`;
}

/** A change with its sign: `+$1.20 (+12.5%)`; the percent is left out when there is nothing to compare with. */
export function change(usd: number, percent: number | null, currency = 'USD'): string {
  const amount = `${usd > 0 ? '+' : ''}${money(usd, currency)}`;
  return percent === null ? amount : `${amount} (${percent > 0 ? '+' : ''}${percent.toFixed(1)}%)`;
}

/** An end-exclusive range as people read it, end inclusive: `2026-11-01 to 2026-11-13`. */
export function describeRange(range: DateRange): string {
  if (range.start >= range.end) return 'no complete day yet';
  const last = addDays(range.end, -1);
  return range.start === last ? range.start : `${range.start} to ${last}`;
}
