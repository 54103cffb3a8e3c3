import { formatIssue } from '../../lib/config/config-issue';
import { deepMerge } from '../../lib/config/merge';
import { STAGE_NAMES, type StageName } from '../../lib/config/stage-name';
import { STAGES } from '../../lib/config/stages';
import { validateStageConfig } from '../../lib/config/validate';
import { DRILLS_DEFAULTS, DrillsConfig, rateMinutes, validateDrillsConfig, validateDrillTargets } from '../../lib/config/drills';

const STAGING = DRILLS_DEFAULTS.staging;
const PROD = DRILLS_DEFAULTS.prod;

/** Applies an override (null removes a setting) and validates as the stage `stage`, rendering each issue. */
function problems(stage: StageName, override: unknown): string[] {
  return validateDrillsConfig(deepMerge(DRILLS_DEFAULTS[stage], override), `${stage}.recovery`).map(formatIssue);
}

describe('drills config defaults', () => {
  test.each(STAGE_NAMES)('%s is valid', (stage) => {
    expect(validateDrillsConfig(DRILLS_DEFAULTS[stage], `${stage}.recovery`)).toEqual([]);
  });

  test('drills run in staging and are off in prod, where a window is already declared', () => {
    expect(STAGING.drills.enabled).toBe(true);
    expect(PROD.drills.enabled).toBe(false);
    expect(PROD.drills.window).toBeDefined();
    expect(problems('prod', { drills: { enabled: true } })).toEqual([]);
  });

  test('health check probes every minute with a 120 s recovery target by default', () => {
    expect(rateMinutes(STAGING.healthCheck.schedule)).toBe(1);
    expect(STAGING.drills.targetRecoverySeconds).toBe(120);
  });
});

describe('drills config rejects', () => {
  test.each<[string, StageName, unknown, RegExp]>([
    [
      'prod drills enabled without a window',
      'prod',
      { drills: { enabled: true, window: null } },
      /^prod\.recovery\.drills\.window: got undefined; expected a maintenance window .* in prod run only inside a declared window/,
    ],
    [
      'an availability threshold above 100',
      'staging',
      { healthCheck: { availabilityAlarmPercent: 101 } },
      /^staging\.recovery\.healthCheck\.availabilityAlarmPercent: got 101; expected a number from 0 to 100 percent$/,
    ],
    [
      'an availability threshold below 0',
      'staging',
      { healthCheck: { availabilityAlarmPercent: -5 } },
      /availabilityAlarmPercent: got -5; expected a number from 0 to 100/,
    ],
    [
      'a stop-task percent of 0',
      'staging',
      { drills: { stopTaskPercent: 0 } },
      /^staging\.recovery\.drills\.stopTaskPercent: got 0; expected an integer from 1 to 100$/,
    ],
    [
      'a stop-task percent above 100',
      'staging',
      { drills: { stopTaskPercent: 150 } },
      /stopTaskPercent: got 150; expected an integer from 1 to 100/,
    ],
    [
      'a recovery target of 0',
      'staging',
      { drills: { targetRecoverySeconds: 0 } },
      /^staging\.recovery\.drills\.targetRecoverySeconds: got 0; expected a number of seconds greater than 0/,
    ],
    [
      'a negative recovery target',
      'staging',
      { drills: { targetRecoverySeconds: -30 } },
      /targetRecoverySeconds: got -30; expected a number of seconds greater than 0/,
    ],
    [
      'a recovery target the timeout could never measure',
      'staging',
      { drills: { targetRecoverySeconds: 900 } },
      /targetRecoverySeconds: got 900; expected fewer seconds than timeoutMinutes \(15 min = 900 s\)/,
    ],
    [
      'a drill schedule that is not monthly',
      'staging',
      { drills: { schedule: 'rate(1 day)' } },
      /^staging\.recovery\.drills\.schedule: got "rate\(1 day\)"; expected a monthly EventBridge cron/,
    ],
    [
      'a drill schedule running every hour of a day',
      'staging',
      { drills: { schedule: 'cron(0 * ? * TUE#2 *)' } },
      /drills\.schedule: got "cron\(0 \* \? \* TUE#2 \*\)"; expected a monthly/,
    ],
    [
      'an unknown drill kind',
      'staging',
      { drills: { kinds: ['database', 'network'] } },
      /^staging\.recovery\.drills\.kinds\[1\]: got "network"; expected one of "database", "cache", "tasks"$/,
    ],
    ['no drill kinds', 'staging', { drills: { kinds: [] } }, /drills\.kinds: got \[\]; expected a non-empty list of distinct drills/],
    [
      'a drill kind twice',
      'staging',
      { drills: { kinds: ['cache', 'cache'] } },
      /drills\.kinds: got \["cache","cache"\]; expected a non-empty list of distinct/,
    ],
    [
      'a drill timeout of one minute',
      'staging',
      { drills: { timeoutMinutes: 1 } },
      /drills\.timeoutMinutes: got 1; expected an integer from 2 to 60/,
    ],
    [
      'a health check slower than every 15 minutes',
      'staging',
      { healthCheck: { schedule: 'rate(1 hour)' } },
      /healthCheck\.schedule: got "rate\(1 hour\)"; expected a rate from "rate\(1 minute\)" to "rate\(15 minutes\)"/,
    ],
    [
      'a health path without a leading slash',
      'staging',
      { healthCheck: { path: 'health' } },
      /healthCheck\.path: got "health"; expected a URL path starting with "\/"/,
    ],
    [
      'a request timeout of 20 s',
      'staging',
      { healthCheck: { timeoutMs: 20000 } },
      /healthCheck\.timeoutMs: got 20000; expected an integer from 100 to 10000/,
    ],
    [
      'a misspelt setting',
      'staging',
      { drills: { stopTaskPercnt: 50 } },
      /^staging\.recovery\.drills\.stopTaskPercnt: got 50; expected no such setting; known settings here: enabled, schedule, window/,
    ],
    ['enabled given as a string', 'staging', { drills: { enabled: 'yes' } }, /drills\.enabled: got "yes"; expected true or false/],
    [
      'a schedule starting before the window',
      'prod',
      { drills: { enabled: true, schedule: 'cron(0 8 ? * TUE#3 *)' } },
      /^prod\.recovery\.drills\.schedule: got "cron\(0 8 \? \* TUE#3 \*\)"; expected a start time such that the run \(3 drill\(s\) x 15 min\) fits inside the window 10:00-12:00 UTC$/,
    ],
    [
      'a run that would outlast the window',
      'prod',
      { drills: { enabled: true, schedule: 'cron(30 11 ? * TUE#3 *)' } },
      /drills\.schedule: .*fits inside the window 10:00-12:00 UTC/,
    ],
    [
      'a schedule on a day outside the window',
      'prod',
      { drills: { enabled: true, schedule: 'cron(0 10 ? * WED#3 *)' } },
      /drills\.schedule: got "cron\(0 10 \? \* WED#3 \*\)"; expected a day of the week inside the window's days \(TUE\)/,
    ],
    [
      'a day-of-month schedule with a weekday window',
      'prod',
      { drills: { enabled: true, schedule: 'cron(0 10 15 * ? *)' } },
      /drills\.schedule: .*expected a day of the week inside the window's days/,
    ],
    [
      'a window closing before it opens',
      'prod',
      { drills: { window: { startHourUtc: 12, endHourUtc: 10 } } },
      /^prod\.recovery\.drills\.window\.endHourUtc: got 10; expected an hour after startHourUtc \(12\)/,
    ],
    [
      'a window without a description',
      'prod',
      { drills: { window: { description: ' ' } } },
      /drills\.window\.description: got " "; expected who agreed to the window/,
    ],
    [
      'a window on an unknown day',
      'prod',
      { drills: { window: { days: ['TUESDAY'] } } },
      /drills\.window\.days\[0\]: got "TUESDAY"; expected one of "SUN", "MON"/,
    ],
  ])('%s', (_name, stage, override, message) => {
    expect(problems(stage, override)).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });

  test('reports every problem at once, each naming its field', () => {
    const issues = problems('prod', {
      healthCheck: { availabilityAlarmPercent: 120 },
      drills: { enabled: true, window: null, stopTaskPercent: 0, targetRecoverySeconds: -1 },
    });
    expect(issues.map((i) => i.split(':')[0])).toEqual([
      'prod.recovery.healthCheck.availabilityAlarmPercent',
      'prod.recovery.drills.stopTaskPercent',
      'prod.recovery.drills.targetRecoverySeconds',
      'prod.recovery.drills.window',
    ]);
  });

  test('staging needs no window; a drill disabled in prod needs none either', () => {
    expect(problems('staging', { drills: { window: null } })).toEqual([]);
    expect(problems('prod', { drills: { enabled: false, window: null } })).toEqual([]);
  });

  test('a slice that is not an object is one issue', () => {
    expect(validateDrillsConfig('on', 'prod.recovery').map(formatIssue)).toEqual(['prod.recovery: got "on"; expected an object']);
  });
});

describe('drills against the rest of the stage', () => {
  const facts = { databaseMultiAz: true, cacheNodes: 2, apiMinCount: 2 };

  test('a stage that can survive each drill passes', () => {
    expect(validateDrillTargets(STAGING.drills, facts, 'staging.recovery.drills')).toEqual([]);
  });

  test.each([
    ['database', { ...facts, databaseMultiAz: false }, /kinds\[0\]: got "database"; expected .*Multi-AZ database/],
    ['cache', { ...facts, cacheNodes: 1 }, /kinds\[1\]: got "cache"; expected .*2 or more nodes/],
    ['tasks', { ...facts, apiMinCount: 1 }, /kinds\[2\]: got "tasks"; expected .*at least 2 API tasks/],
  ])('the %s drill needs something to fail over to', (_kind, stageFacts, message) => {
    expect(validateDrillTargets(STAGING.drills, stageFacts, 'staging.recovery.drills').map(formatIssue)).toEqual([
      expect.stringMatching(message),
    ]);
  });

  test('disabled drills need nothing', () => {
    const disabled: DrillsConfig['drills'] = { ...STAGING.drills, enabled: false };
    expect(validateDrillTargets(disabled, { databaseMultiAz: false, cacheNodes: 1, apiMinCount: 1 }, 'dev.recovery.drills')).toEqual([]);
  });
});

describe("the stage check runs the drill targets on the stage's own facts", () => {
  const withDrills = (stage: 'dev' | 'staging', kinds: string[]) =>
    validateStageConfig(stage, deepMerge(STAGES[stage], { recovery: { drills: { enabled: true, kinds } } }));

  test('dev (one AZ database, one cache node, one API task) can survive none of them: each is named by its path', () => {
    expect(withDrills('dev', ['database', 'cache', 'tasks']).map((issue) => [issue.path, issue.value])).toEqual([
      ['dev.recovery.drills.kinds[0]', 'database'],
      ['dev.recovery.drills.kinds[1]', 'cache'],
      ['dev.recovery.drills.kinds[2]', 'tasks'],
    ]);
  });

  test('staging (Multi-AZ, two cache nodes, two API tasks) survives every drill', () => {
    expect(withDrills('staging', ['tasks', 'cache', 'database'])).toEqual([]);
  });
});
