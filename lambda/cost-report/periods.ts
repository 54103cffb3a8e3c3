import type { ReportPeriod } from './contract';

/** A range of whole UTC days, `YYYY-MM-DD`, end exclusive (as Cost Explorer takes it). */
export interface DateRange {
  readonly start: string;
  readonly end: string;
}

/** The date ranges one report covers. None includes today: Cost Explorer has not finished counting it. */
export interface ReportWindows {
  /** Run date (UTC). */
  readonly today: string;
  /** First of this month to today; empty on the 1st. */
  readonly monthToDate: DateRange;
  /** The period the report is about: yesterday, the last 7 days, or the last calendar month. */
  readonly current: DateRange;
  /** The period just before `current`, of the same kind, for the change. */
  readonly previous: DateRange;
  /** One query covering all of the above. */
  readonly fetch: DateRange;
  /** First day of next month: where the forecast ends. */
  readonly monthEnd: string;
  readonly daysInMonth: number;
  /** Complete days in the month-to-date range. */
  readonly completeDays: number;
}

const DAY_MS = 86_400_000;

export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return isoDate(new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS));
}

function addMonths(firstOfMonth: string, months: number): string {
  const d = new Date(`${firstOfMonth}T00:00:00Z`);
  return isoDate(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1)));
}

export function daysBetween(range: DateRange): number {
  return Math.round((Date.parse(`${range.end}T00:00:00Z`) - Date.parse(`${range.start}T00:00:00Z`)) / DAY_MS);
}

export function inRange(date: string, range: DateRange): boolean {
  return date >= range.start && date < range.end;
}

export function reportWindows(period: ReportPeriod, now: Date): ReportWindows {
  const today = isoDate(now);
  const firstOfMonth = `${today.slice(0, 8)}01`;
  const monthEnd = addMonths(firstOfMonth, 1);
  let current: DateRange;
  let previous: DateRange;
  if (period === 'monthly') {
    const lastMonth = addMonths(firstOfMonth, -1);
    current = { start: lastMonth, end: firstOfMonth };
    previous = { start: addMonths(firstOfMonth, -2), end: lastMonth };
  } else {
    const days = period === 'daily' ? 1 : 7;
    current = { start: addDays(today, -days), end: today };
    previous = { start: addDays(today, -2 * days), end: addDays(today, -days) };
  }
  const monthToDate = { start: firstOfMonth, end: today };
  return {
    today,
    monthToDate,
    current,
    previous,
    fetch: { start: previous.start < firstOfMonth ? previous.start : firstOfMonth, end: today },
    monthEnd,
    daysInMonth: daysBetween({ start: firstOfMonth, end: monthEnd }),
    completeDays: daysBetween(monthToDate),
  };
}
