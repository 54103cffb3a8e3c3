/**
 * AWS time windows as sets of minutes of the week (0 = Sunday 00:00 UTC): a daily window
 * `hh:mm-hh:mm` (snapshot and backup windows) or a weekly one `ddd:hh:mm-ddd:hh:mm` (maintenance).
 * Either may cross midnight (or the week's end). A week has only 10,080 minutes, so overlaps are
 * found by marking them, which leaves no wrap-around arithmetic to get wrong.
 */

export const MINUTES_PER_WEEK = 7 * 1440;
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const DAILY = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/;
const WEEKLY = /^(sun|mon|tue|wed|thu|fri|sat):([01]\d|2[0-3]):([0-5]\d)-(sun|mon|tue|wed|thu|fri|sat):([01]\d|2[0-3]):([0-5]\d)$/;

export interface TimeWindow {
  /** Length of one occurrence, in minutes. */
  readonly minutes: number;
  /** Minutes of the week the window covers (true = inside). */
  readonly covers: Uint8Array;
}

/** A daily UTC window `hh:mm-hh:mm`, or undefined when malformed or empty. */
export function parseDailyWindow(value: unknown): TimeWindow | undefined {
  const m = typeof value === 'string' ? DAILY.exec(value) : null;
  if (!m) return undefined;
  const start = Number(m[1]) * 60 + Number(m[2]);
  const minutes = (Number(m[3]) * 60 + Number(m[4]) - start + 1440) % 1440;
  if (minutes === 0) return undefined;
  const covers = new Uint8Array(MINUTES_PER_WEEK);
  for (let day = 0; day < 7; day++) mark(covers, day * 1440 + start, minutes);
  return { minutes, covers };
}

/** A weekly UTC window `ddd:hh:mm-ddd:hh:mm` (lower-case day names), or undefined when malformed or empty. */
export function parseWeeklyWindow(value: unknown): TimeWindow | undefined {
  const m = typeof value === 'string' ? WEEKLY.exec(value) : null;
  if (!m) return undefined;
  const start = DAYS.indexOf(m[1]) * 1440 + Number(m[2]) * 60 + Number(m[3]);
  const end = DAYS.indexOf(m[4]) * 1440 + Number(m[5]) * 60 + Number(m[6]);
  const minutes = (end - start + MINUTES_PER_WEEK) % MINUTES_PER_WEEK;
  if (minutes === 0) return undefined;
  const covers = new Uint8Array(MINUTES_PER_WEEK);
  mark(covers, start, minutes);
  return { minutes, covers };
}

function mark(covers: Uint8Array, start: number, minutes: number): void {
  for (let i = 0; i < minutes; i++) covers[(start + i) % MINUTES_PER_WEEK] = 1;
}

export function windowsOverlap(a: TimeWindow, b: TimeWindow): boolean {
  return a.covers.some((inside, minute) => inside === 1 && b.covers[minute] === 1);
}

/** True when any minute of `[start, start + minutes)` (minutes of the week) falls inside the window. */
export function spanTouches(window: TimeWindow, start: number, minutes: number): boolean {
  for (let i = 0; i < minutes; i++) if (window.covers[(start + i) % MINUTES_PER_WEEK] === 1) return true;
  return false;
}

/** `sun 01:00` for a minute of the week, for messages. */
export function formatMinuteOfWeek(minute: number): string {
  const hh = String(Math.floor((minute % 1440) / 60)).padStart(2, '0');
  const mm = String(minute % 60).padStart(2, '0');
  return `${DAYS[Math.floor(minute / 1440)]} ${hh}:${mm} UTC`;
}
