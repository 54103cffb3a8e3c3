import { cronMinutesOfWeek, scheduleProblem } from '../../lib/config/limits/cron';

// The schedule parser every schedule field goes through (backups, restore tests, drills, cost
// reports): what EventBridge accepts passes, anything else gets the fix in one sentence.

const SCHEDULE = 'an EventBridge schedule such as "rate(6 hours)" or "cron(0 3 * * ? *)"';
const WHOLE_RATE = 'a rate of a whole number and a unit, e.g. "rate(1 hour)" or "rate(6 hours)" (minute(s), hour(s) or day(s))';
const ONE_QUESTION_MARK =
  'a cron with "?" in exactly one of day-of-month and day-of-week (EventBridge cannot take both), e.g. "cron(0 3 * * ? *)" or "cron(0 3 ? * MON *)"';
const field = {
  minutes: (got: string) => `a minutes field of 0-59 with the wildcards , - * /; got "${got}"`,
  hours: (got: string) => `a hours field of 0-23 with the wildcards , - * /; got "${got}"`,
  dayOfMonth: (got: string) => `a day-of-month field of 1-31 with the wildcards , - * / ? L W; got "${got}"`,
  month: (got: string) => `a month field of 1-12 or JAN-DEC with the wildcards , - * /; got "${got}"`,
  dayOfWeek: (got: string) => `a day-of-week field of 1-7 or SUN-SAT with the wildcards , - * / ? L #; got "${got}"`,
  year: (got: string) => `a year field of 1970-2199 with the wildcards , - * /; got "${got}"`,
};

describe('scheduleProblem accepts what EventBridge accepts', () => {
  it.each([
    'rate(1 minute)',
    'rate(1 hour)',
    'rate(1 day)',
    'rate(6 hours)',
    'rate(15 minutes)',
    'cron(0 3 * * ? *)',
    'cron(0 3 ? * MON *)',
    // Whitespace around and between the fields is not part of them.
    'cron( 0 3 * * ? * )',
    'cron(0  3 * * ? *)',
    'cron(0/15 * * * ? *)',
    'cron(*/1 * * * ? *)',
    'cron(0,30 2-4 * * ? *)',
    'cron(0 3 L * ? *)',
    'cron(0 3 LW * ? *)',
    'cron(0 3 15W * ? *)',
    'cron(0 3 ? jan-mar MON-FRI *)',
    'cron(0 3 ? * MON#2 *)',
    'cron(0 3 ? * 6L *)',
    'cron(0 3 ? * L *)',
    'cron(0 3 1 * ? 2026)',
    'cron(0 3 1 * ? 1970-2199)',
  ])('%s', (expression) => {
    expect(scheduleProblem(expression)).toBeUndefined();
  });
});

describe('scheduleProblem refuses the rest with the fix', () => {
  it.each<[unknown, string]>([
    [42, SCHEDULE],
    ['every day', SCHEDULE],
    ['xcron(0 3 * * ? *)', SCHEDULE],
    ['cron(0 3 * * ? *) ', SCHEDULE],
    ['rate(0 hours)', 'a rate of at least 1, e.g. "rate(1 hour)"'],
    ['rate(1 hours)', 'the singular unit for a rate of 1, e.g. "rate(1 hour)"'],
    ['rate(1 minutes)', 'the singular unit for a rate of 1, e.g. "rate(1 minute)"'],
    ['rate(6 hour)', 'the plural unit for a rate above 1, e.g. "rate(6 hours)"'],
    ['rate(1.5 hours)', WHOLE_RATE],
    ['rate(2 weeks)', WHOLE_RATE],
    ['cron(0 3 * * ?)', 'a cron of six fields (minutes hours day-of-month month day-of-week year), e.g. "cron(0 3 * * ? *)"; got 5'],
    ['cron(60 3 * * ? *)', field.minutes('60')],
    ['cron(1.5 3 * * ? *)', field.minutes('1.5')],
    ['cron(? 3 * * ? *)', field.minutes('?')],
    ['cron(*/0 3 * * ? *)', field.minutes('*/0')],
    ['cron(*/x 3 * * ? *)', field.minutes('*/x')],
    ['cron(0/5/2 3 * * ? *)', field.minutes('0/5/2')],
    ['cron(0 24 * * ? *)', field.hours('24')],
    ['cron(0 1-2-3 * * ? *)', field.hours('1-2-3')],
    ['cron(0 5-30 * * ? *)', field.hours('5-30')],
    ['cron(0 3,L * * ? *)', field.hours('3,L')],
    ['cron(0 3 32 * ? *)', field.dayOfMonth('32')],
    ['cron(0 3 32W * ? *)', field.dayOfMonth('32W')],
    ['cron(0 3 W * ? *)', field.dayOfMonth('W')],
    ['cron(0 3 * 13 ? *)', field.month('13')],
    ['cron(0 3 * LW ? *)', field.month('LW')],
    ['cron(0 3 ? * 8 *)', field.dayOfWeek('8')],
    ['cron(0 3 ? * MON#6 *)', field.dayOfWeek('MON#6')],
    ['cron(0 3 ? * 15W *)', field.dayOfWeek('15W')],
    ['cron(0 3 ? * MON#1,TUE#2 *)', 'one day-of-week expression when "#" is used (e.g. "TUE#2"); got "MON#1,TUE#2"'],
    ['cron(0 3 1 * ? 1969)', field.year('1969')],
    ['cron(0 3 1 * ? 12345)', field.year('12345')],
    ['cron(0 3 * * * *)', ONE_QUESTION_MARK],
    ['cron(0 3 ? * ? *)', ONE_QUESTION_MARK],
  ])('%s', (expression, fix) => {
    expect(scheduleProblem(expression)).toBe(fix);
  });
});

describe('cronMinutesOfWeek: the minutes of the week (Sunday 00:00 UTC = 0) a cron may fire at', () => {
  const DAY = 1440;

  it('every day at 03:00 is 03:00 on each of the seven days', () => {
    expect(cronMinutesOfWeek('cron(0 3 * * ? *)')).toEqual([0, 1, 2, 3, 4, 5, 6].map((d) => d * DAY + 180));
  });

  it('a weekday with a stepped hour: Monday 01:30, 07:30, 13:30, 19:30', () => {
    expect(cronMinutesOfWeek('cron(30 1/6 ? * MON *)')).toEqual([90, 450, 810, 1170].map((m) => DAY + m));
  });

  it('lists, ranges and steps, in order whatever the order written', () => {
    expect(cronMinutesOfWeek('cron(30,0 2-3 ? * SAT,SUN *)')).toEqual([
      120,
      150,
      180,
      210,
      6 * DAY + 120,
      6 * DAY + 150,
      6 * DAY + 180,
      6 * DAY + 210,
    ]);
    expect(cronMinutesOfWeek('cron(10/20 0 ? * SUN *)')).toEqual([10, 30, 50]);
    expect(cronMinutesOfWeek('cron(0 * ? * TUE *)')).toEqual(Array.from({ length: 24 }, (_, h) => 2 * DAY + h * 60));
  });

  it('the nth or last weekday of a month may be any week: its weekday', () => {
    expect(cronMinutesOfWeek('cron(0 0 ? * MON#2 *)')).toEqual([DAY]);
    expect(cronMinutesOfWeek('cron(0 0 ? * 6L *)')).toEqual([5 * DAY]);
    expect(cronMinutesOfWeek('cron(0 0 ? * L *)')).toEqual([6 * DAY]);
  });

  it('a day-of-month schedule may fall on any weekday; surrounding whitespace changes nothing', () => {
    expect(cronMinutesOfWeek('cron( 15 4 1 * ? * )')).toEqual([0, 1, 2, 3, 4, 5, 6].map((d) => d * DAY + 255));
  });

  it('has none for a rate (anchored at deploy time) or an expression EventBridge refuses', () => {
    expect(cronMinutesOfWeek('rate(6 hours)')).toBeUndefined();
    expect(cronMinutesOfWeek('cron(0 3 * * * *)')).toBeUndefined();
    expect(cronMinutesOfWeek('cron(0 25 * * ? *)')).toBeUndefined();
  });
});
