import { formatIssue } from '../../lib/config/config-issue';
import { DRILLS_DEFAULTS, rateMinutes, validateDrillsConfig } from '../../lib/config/drills';
import { deepMerge } from '../../lib/config/merge';
import type { StageName } from '../../lib/config/stage-name';

// The drills slice at its edges: the health check's probe rate, the monthly drill cron, the
// maintenance window and whether a run fits in it. Each case is one side of one edge.

/** Applies an override (null removes a setting) to a stage's defaults and renders each issue. */
function problems(stage: StageName, override: unknown, as: string = stage): string[] {
  return validateDrillsConfig(deepMerge(DRILLS_DEFAULTS[stage], override), `${as}.recovery`, as).map(formatIssue);
}

const PROBE_RATE = 'a rate from "rate(1 minute)" to "rate(15 minutes)": the availability alarm needs evenly spaced probes';
const MONTHLY =
  'a monthly EventBridge cron in UTC with a fixed minute and hour, e.g. "cron(0 10 ? * TUE#2 *)" (second Tuesday) or "cron(0 10 15 * ? *)" (15th)';
const KINDS = 'a non-empty list of distinct drills from "database", "cache", "tasks"';
/** prod's window: Tuesdays 10:00-12:00 UTC; its run is 3 drills x 15 min. */
const PROD_ENABLED = { drills: { enabled: true } };

describe('the health check probes often enough for its alarm', () => {
  test.each(['rate(1 minute)', 'rate(15 minutes)', 'rate(10 minutes)'])('%s is accepted', (schedule) => {
    expect(problems('staging', { healthCheck: { schedule } })).toEqual([]);
  });

  test.each<[unknown]>([['rate(16 minutes)'], ['rate(0 minutes)'], [' rate(5 minutes)'], ['rate(5 minutes) '], [5], ['rate(1 hour)']])(
    '%p is refused',
    (schedule) => {
      expect(problems('staging', { healthCheck: { schedule } })).toEqual([
        `staging.recovery.healthCheck.schedule: got ${JSON.stringify(schedule)}; expected ${PROBE_RATE}`,
      ]);
    },
  );

  test('rateMinutes reads whole minutes of a minute rate only', () => {
    expect(rateMinutes('rate(10 minutes)')).toBe(10);
    expect(rateMinutes('rate(1 minute)')).toBe(1);
    expect(rateMinutes('rate(2 hours)')).toBeUndefined();
    expect(rateMinutes(10)).toBeUndefined();
  });

  test('its path is a URL path, whole', () => {
    expect(problems('staging', { healthCheck: { path: '/api/v1/health-check.json' } })).toEqual([]);
    for (const path of ['x/health', '/health?verbose=1']) {
      expect(problems('staging', { healthCheck: { path } })).toEqual([
        `staging.recovery.healthCheck.path: got "${path}"; expected a URL path starting with "/", e.g. "/health"`,
      ]);
    }
  });

  test('each field is named by its own path', () => {
    expect(problems('staging', { healthCheck: { enabled: 'yes', alarmMinutes: 61 } })).toEqual([
      'staging.recovery.healthCheck.enabled: got "yes"; expected true or false',
      'staging.recovery.healthCheck.alarmMinutes: got 61; expected an integer from 1 to 60',
    ]);
  });
});

describe('the drill schedule is monthly, at a fixed minute and hour', () => {
  test.each([
    'cron(0 10 ? * TUE#2 *)',
    'cron(0 10 ? * 3#2 *)',
    'cron(0 10 ? * FRIL *)',
    'cron(59 23 1 * ? *)',
    'cron(0 10 28 * ? *)',
    'cron(0 10 L * ? *)',
    'cron( 0 10 15 * ? * )',
    'cron(0  10 15 * ? *)',
  ])('%s is accepted', (schedule) => {
    expect(problems('staging', { drills: { schedule } })).toEqual([]);
  });

  test.each([
    'cron(60 10 15 * ? *)',
    'cron(100 10 15 * ? *)',
    'cron(0 24 15 * ? *)',
    'cron(0 123 15 * ? *)',
    'cron(0 10 29 * ? *)',
    'cron(0 10 0 * ? *)',
    'cron(0 10 150 * ? *)',
    'cron(0 10 15 1 ? *)',
    'cron(0 10 15 * ? 2027)',
    'cron(0 10 ? * TUE *)',
    'cron(0 10 15 * TUE#2 *)',
    'cron(0 10 ? * TUE#2)',
    'cron(0 10 15 * ? *) ',
    'xcron(0 10 15 * ? *)',
  ])('%s is refused', (schedule) => {
    expect(problems('staging', { drills: { schedule } })).toEqual([
      `staging.recovery.drills.schedule: got "${schedule}"; expected ${MONTHLY}`,
    ]);
  });
});

describe('drill kinds and the recovery target', () => {
  test('kinds: the whole expectation, for a missing list and for a repeated kind', () => {
    expect(problems('staging', { drills: { kinds: 'cache' } })).toEqual([`staging.recovery.drills.kinds: got "cache"; expected ${KINDS}`]);
    expect(problems('staging', { drills: { kinds: ['tasks', 'tasks'] } })).toEqual([
      `staging.recovery.drills.kinds: got ["tasks","tasks"]; expected ${KINDS}`,
    ]);
  });

  test.each<[unknown]>([['fast'], [Number.POSITIVE_INFINITY], [Number.NaN]])('a target of %p is refused', (target) => {
    expect(problems('staging', { drills: { targetRecoverySeconds: target } })).toHaveLength(1);
  });

  test('a target one second under the timeout can be measured', () => {
    expect(problems('staging', { drills: { targetRecoverySeconds: 899 } })).toEqual([]);
  });
});

describe('the maintenance window', () => {
  test('where the stage requires one: prod enabled without a window is refused, an unknown stage requires none', () => {
    expect(problems('prod', { drills: { enabled: true, window: null } })).toHaveLength(1);
    expect(problems('prod', { drills: { enabled: true, window: null } }, 'qa')).toEqual([]);
  });

  test('a slice or window that is not an object is one issue', () => {
    expect(problems('prod', { drills: null, healthCheck: undefined }).filter((p) => p.startsWith('prod.recovery.drills'))).toEqual([
      'prod.recovery.drills: got undefined; expected an object',
    ]);
    expect(problems('prod', { drills: { window: 'tuesdays' } })).toEqual([
      'prod.recovery.drills.window: got "tuesdays"; expected an object',
    ]);
  });

  test('its days are a non-empty list of weekdays', () => {
    const expected = 'a non-empty list of UTC weekdays from SUN, MON, TUE, WED, THU, FRI, SAT';
    expect(problems('prod', { drills: { window: { days: [] } } })).toEqual([
      `prod.recovery.drills.window.days: got []; expected ${expected}`,
    ]);
    expect(problems('prod', { drills: { window: { days: 'TUE' } } })).toEqual([
      `prod.recovery.drills.window.days: got "TUE"; expected ${expected}`,
    ]);
  });

  test('its hours are hours, and it closes after it opens on the same day', () => {
    expect(problems('prod', { drills: { window: { startHourUtc: 24 } } })).toEqual([
      'prod.recovery.drills.window.startHourUtc: got 24; expected an integer from 0 to 23',
    ]);
    expect(problems('prod', { drills: { window: { endHourUtc: 0 } } })).toEqual([
      'prod.recovery.drills.window.endHourUtc: got 0; expected an integer from 1 to 24',
    ]);
    for (const endHourUtc of [10, 9]) {
      expect(problems('prod', { drills: { window: { endHourUtc } } })).toEqual([
        `prod.recovery.drills.window.endHourUtc: got ${endHourUtc}; expected an hour after startHourUtc (10); windows do not cross midnight`,
      ]);
    }
  });
});

describe('a run fits its window', () => {
  const outsideWindow = (schedule: string) =>
    `prod.recovery.drills.schedule: got "${schedule}"; expected a start time such that the run (3 drill(s) x 15 min) fits inside the window 10:00-12:00 UTC`;

  test('the last drill may end exactly when the window closes, not a minute later', () => {
    expect(problems('prod', { drills: { ...PROD_ENABLED.drills, schedule: 'cron(15 11 ? * TUE#3 *)' } })).toEqual([]);
    expect(problems('prod', { drills: { ...PROD_ENABLED.drills, schedule: 'cron(16 11 ? * TUE#3 *)' } })).toEqual([
      outsideWindow('cron(16 11 ? * TUE#3 *)'),
    ]);
  });

  test('it may start when the window opens, not a minute before', () => {
    expect(problems('prod', { drills: { ...PROD_ENABLED.drills, schedule: 'cron(0 10 ? * TUE#3 *)' } })).toEqual([]);
    expect(problems('prod', { drills: { ...PROD_ENABLED.drills, schedule: 'cron(59 9 ? * TUE#3 *)' } })).toEqual([
      outsideWindow('cron(59 9 ? * TUE#3 *)'),
    ]);
  });

  test("it falls on one of the window's days, by name or by number", () => {
    const day = (schedule: string, days: string) =>
      `prod.recovery.drills.schedule: got "${schedule}"; expected a day of the week inside the window's days (${days}), e.g. "cron(0 10 ? * ${days.split(', ')[0]}#2 *)"`;
    expect(problems('prod', { drills: { schedule: 'cron(0 10 ? * 3#3 *)' } })).toEqual([]);
    expect(problems('prod', { drills: { schedule: 'cron(0 10 ? * 4#3 *)' } })).toEqual([day('cron(0 10 ? * 4#3 *)', 'TUE')]);
    expect(problems('prod', { drills: { schedule: 'cron(0 10 ? * WED#3 *)', window: { days: ['WED', 'THU'] } } })).toEqual([]);
    expect(problems('prod', { drills: { schedule: 'cron(0 10 ? * TUE#3 *)', window: { days: ['WED', 'THU'] } } })).toEqual([
      day('cron(0 10 ? * TUE#3 *)', 'WED, THU'),
    ]);
  });

  test('a day of the month may be any weekday: only a window open every day takes it', () => {
    const everyDay = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
    expect(problems('prod', { drills: { schedule: 'cron(0 10 15 * ? *)', window: { days: everyDay } } })).toEqual([]);
    expect(problems('prod', { drills: { schedule: 'cron(0 10 15 * ? *)', window: { days: everyDay.slice(1) } } })).toHaveLength(1);
  });

  test('is checked only on a schedule, window, timeout and kinds that are themselves valid: one issue each, no more', () => {
    expect(problems('prod', { drills: { schedule: 'rate(1 day)' } })).toEqual([
      `prod.recovery.drills.schedule: got "rate(1 day)"; expected ${MONTHLY}`,
    ]);
    expect(problems('prod', { drills: { schedule: 'cron(0 11 ? * WED#3 *)', kinds: [] } })).toEqual([
      `prod.recovery.drills.kinds: got []; expected ${KINDS}`,
    ]);
    expect(problems('prod', { drills: { schedule: 'cron(0 11 ? * WED#3 *)', timeoutMinutes: 61 } })).toEqual([
      'prod.recovery.drills.timeoutMinutes: got 61; expected an integer from 2 to 60',
    ]);
    expect(problems('prod', { drills: { schedule: 'cron(0 11 ? * WED#3 *)', window: { days: ['XYZ'] } } })).toEqual([
      'prod.recovery.drills.window.days[0]: got "XYZ"; expected one of "SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"',
    ]);
  });
});
