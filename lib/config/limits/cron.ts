/**
 * EventBridge schedule expressions (rules, Scheduler and Application Auto Scaling share the syntax):
 * `rate(N unit)` or `cron(minutes hours day-of-month month day-of-week year)`, with AWS's value
 * ranges and wildcards per field. Kept apart from the table so slices and rows share one parser.
 */

interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  /** Wildcards this field allows besides `,` `-` `*` `/`. */
  readonly extra: string;
  readonly names?: readonly string[];
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

const FIELDS: readonly CronField[] = [
  { name: 'minutes', min: 0, max: 59, extra: '' },
  { name: 'hours', min: 0, max: 23, extra: '' },
  { name: 'day-of-month', min: 1, max: 31, extra: '?LW' },
  { name: 'month', min: 1, max: 12, extra: '', names: MONTHS },
  { name: 'day-of-week', min: 1, max: 7, extra: '?L#', names: DAYS },
  { name: 'year', min: 1970, max: 2199, extra: '' },
];

export const SCHEDULE_EXAMPLE = '"rate(6 hours)" or "cron(0 3 * * ? *)"';

const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;

/** A problem with one schedule expression, phrased as the fix; undefined when EventBridge accepts it. */
export function scheduleProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return `an EventBridge schedule such as ${SCHEDULE_EXAMPLE}`;
  const rate = RATE.exec(value);
  if (rate) return rateProblem(Number(rate[1]), rate[2]);
  if (value.startsWith('rate('))
    return 'a rate of a whole number and a unit, e.g. "rate(1 hour)" or "rate(6 hours)" (minute(s), hour(s) or day(s))';
  const cron = /^cron\((.*)\)$/.exec(value);
  if (!cron) return `an EventBridge schedule such as ${SCHEDULE_EXAMPLE}`;
  const fields = cron[1].trim().split(/\s+/);
  if (fields.length !== 6)
    return `a cron of six fields (minutes hours day-of-month month day-of-week year), e.g. "cron(0 3 * * ? *)"; got ${fields.length}`;
  for (const [i, field] of FIELDS.entries()) {
    const problem = fieldProblem(fields[i], field);
    if (problem) return problem;
  }
  if ((fields[2] === '?') === (fields[4] === '?')) {
    return 'a cron with "?" in exactly one of day-of-month and day-of-week (EventBridge cannot take both), e.g. "cron(0 3 * * ? *)" or "cron(0 3 ? * MON *)"';
  }
  return undefined;
}

function rateProblem(value: number, unit: string): string | undefined {
  if (value < 1) return 'a rate of at least 1, e.g. "rate(1 hour)"';
  const plural = unit.endsWith('s');
  if (value === 1 && plural) return `the singular unit for a rate of 1, e.g. "rate(1 ${unit.slice(0, -1)})"`;
  if (value > 1 && !plural) return `the plural unit for a rate above 1, e.g. "rate(${value} ${unit}s)"`;
  return undefined;
}

function fieldProblem(text: string, field: CronField): string | undefined {
  const bad = `a ${field.name} field of ${field.min}-${field.max}${field.names ? ` or ${field.names[0]}-${field.names[field.names.length - 1]}` : ''} with the wildcards , - * /${field.extra ? ` ${field.extra.split('').join(' ')}` : ''}; got "${text}"`;
  if (text === '?') return field.extra.includes('?') ? undefined : bad;
  if (field.name === 'day-of-week' && text.includes('#') && text.includes(','))
    return `one day-of-week expression when "#" is used (e.g. "TUE#2"); got "${text}"`;
  return text.split(',').every((item) => itemOk(item, field)) ? undefined : bad;
}

function itemOk(item: string, field: CronField): boolean {
  if (field.extra.includes('L') && item === 'L') return true;
  if (field.name === 'day-of-month' && item === 'LW') return true;
  if (field.name === 'day-of-month' && item.endsWith('W')) return value(item.slice(0, -1), field) !== undefined;
  if (field.name === 'day-of-week') {
    const nth = /^(\w+)#([1-5])$/.exec(item) ?? /^(\w+)L$/.exec(item);
    if (nth) return value(nth[1], field) !== undefined;
  }
  const [range, step, ...rest] = item.split('/');
  if (rest.length > 0 || (step !== undefined && !/^\d+$/.test(step)) || (step !== undefined && Number(step) < 1)) return false;
  if (range === '*') return true;
  const [from, to, ...more] = range.split('-');
  if (more.length > 0) return false;
  return value(from, field) !== undefined && (to === undefined || value(to, field) !== undefined);
}

/** The numeric value of one token of a field, or undefined when it is outside the field's range. */
function value(text: string, field: CronField): number | undefined {
  const named = field.names?.indexOf(text.toUpperCase()) ?? -1;
  if (named >= 0) return named + field.min;
  if (!/^\d{1,4}$/.test(text)) return undefined;
  const n = Number(text);
  return n >= field.min && n <= field.max ? n : undefined;
}

/**
 * The minutes of the week (0 = Sunday 00:00 UTC) at which a cron may fire, for schedules that must
 * avoid maintenance and snapshot windows. Conservative: a day-of-month schedule may fall on any
 * weekday; month and year are ignored. Undefined for a rate (anchored at deploy time, so it may fire
 * at any minute) or for an expression EventBridge would refuse.
 */
export function cronMinutesOfWeek(expression: string): number[] | undefined {
  if (scheduleProblem(expression) !== undefined) return undefined;
  // Stryker disable next-line Regex: scheduleProblem accepted the whole expression, so the anchors change nothing
  const cron = /^cron\((.*)\)$/.exec(expression);
  if (!cron) return undefined;
  const [minutes, hours, , , dayOfWeek] = cron[1].trim().split(/\s+/);
  const minuteSet = expand(minutes, FIELDS[0]);
  const hourSet = expand(hours, FIELDS[1]);
  const daySet = dayOfWeek === '?' ? [1, 2, 3, 4, 5, 6, 7] : expandDays(dayOfWeek);
  return daySet.flatMap((day) => hourSet.flatMap((hour) => minuteSet.map((minute) => (day - 1) * 1440 + hour * 60 + minute)));
}

function expandDays(text: string): number[] {
  const single = /^(\w+)(#[1-5]|L)$/.exec(text);
  if (single) return [value(single[1], FIELDS[4])!];
  if (text === 'L') return [7];
  return expand(text, FIELDS[4]);
}

/** Every value a minutes, hours or day-of-week field selects (the field has passed `scheduleProblem`). */
function expand(text: string, field: CronField): number[] {
  const values = new Set<number>();
  for (const item of text.split(',')) {
    const [range, step] = item.split('/');
    const [from, to] = range === '*' ? [field.min, field.max] : range.split('-').map((t) => value(t, field)!);
    const end = to ?? (step === undefined ? from : field.max);
    for (let v = from; v <= end; v += step === undefined ? 1 : Number(step)) values.add(v);
  }
  return [...values].sort((a, b) => a - b);
}
