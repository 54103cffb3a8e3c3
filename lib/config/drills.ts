import { DRILL_KINDS, DrillKind } from '../../lambda/drill/measure/contract';
import { integerIn, isBoolean, isObject, matches, nonEmptyString, numberIn, oneOf, unknownKeys } from './checks';
import { ConfigIssue } from './config-issue';
import { prop } from './read';
import type { StageName } from './stage-name';

export type { DrillKind };

export const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** When failover drills may run: agreed with the people on call, and checked against the schedule. */
export interface DrillWindow {
  /** Who agreed to the window and what it is for, e.g. "prod game day, on-call present". */
  readonly description: string;
  /** Days (UTC) the window is open. */
  readonly days: readonly Weekday[];
  /** Hour (UTC, 0-23) the window opens. */
  readonly startHourUtc: number;
  /** Hour (UTC, 1-24) the window closes; every drill of a run must finish before it. */
  readonly endHourUtc: number;
}

export interface HealthCheckConfig {
  /** Probe the stage's public health URL on a schedule and alarm on availability. */
  readonly enabled: boolean;
  /** Path appended to the stage's URL, e.g. `/health`. */
  readonly path: string;
  /** How often to probe: `rate(N minutes)`, N from 1 to 15. The availability alarm's period follows it. */
  readonly schedule: string;
  /** Requests per probe (1-10); availability is the percent of them answered 2xx. */
  readonly requests: number;
  /** Time one request may take before it counts as failed, in ms (100-10000). */
  readonly timeoutMs: number;
  /** Alarm when availability (0-100) stays below this... */
  readonly availabilityAlarmPercent: number;
  /** ...for this many minutes (1-60). Missing probes count as unavailable. */
  readonly alarmMinutes: number;
}

export interface FailoverDrillConfig {
  /** Run the scheduled failover drills. Off in prod unless configured together with a window. */
  readonly enabled: boolean;
  /** Monthly EventBridge cron (UTC) starting a run of every kind below, one after another. */
  readonly schedule: string;
  /** Declared maintenance window; required where the stage's rules say so (prod) when enabled. @default none */
  readonly window?: DrillWindow;
  /** Faults to inject, in this order: database primary failover, cache primary failover, stopping API tasks. */
  readonly kinds: readonly DrillKind[];
  /** Percent of the API's tasks the `tasks` drill stops (1-100). */
  readonly stopTaskPercent: number;
  /** Recovery above this many seconds (> 0) raises the recovery alarm. */
  readonly targetRecoverySeconds: number;
  /** A drill not recovered after this many minutes (2-60) is stopped and reported as failed. */
  readonly timeoutMinutes: number;
}

/**
 * Rebuilding the whole stage in its DR region after its region is lost (`npm run recover`). The
 * restore tests' own target (`restoreTest.rtoTargetMinutes`) covers one database restore; this one
 * covers everything: bootstrap, every stack, the restored database, the DNS switch, the checks.
 */
export interface RegionRecoveryConfig {
  /** Recovery time objective of a region loss in minutes (30 to 2880): the rebuild plan's estimated total must fit it. */
  readonly rtoMinutes: number;
}

/** The seeds' 4-hour RTO, the same in every stage: dev and staging rehearse prod's promise. */
const REGION_RECOVERY: RegionRecoveryConfig = { rtoMinutes: 240 };

/** The recovery-drills slice of a stage: synthetic health check, failover drills and the region-loss RTO. */
export interface DrillsConfig {
  readonly healthCheck: HealthCheckConfig;
  readonly drills: FailoverDrillConfig;
  /** Rebuilding the stage in its DR region (`npm run recover`): the RTO its plan must fit. */
  readonly regionRecovery: RegionRecoveryConfig;
}

/** Stage rules that are not settings: where a drill must declare its window. */
export const DRILL_WINDOW_REQUIRED: Readonly<Record<StageName, boolean>> = { dev: false, staging: false, prod: true };

const HEALTH_CHECK: HealthCheckConfig = {
  enabled: true,
  path: '/health',
  schedule: 'rate(1 minute)',
  requests: 3,
  timeoutMs: 5000,
  availabilityAlarmPercent: 95,
  alarmMinutes: 3,
};

export const DRILLS_DEFAULTS: Readonly<Record<StageName, DrillsConfig>> = {
  dev: {
    healthCheck: { ...HEALTH_CHECK, availabilityAlarmPercent: 90, alarmMinutes: 5 },
    // One task, a single-AZ database and one cache node: there is nothing to fail over to.
    drills: {
      enabled: false,
      schedule: 'cron(0 10 ? * TUE#2 *)',
      kinds: ['tasks'],
      stopTaskPercent: 50,
      targetRecoverySeconds: 120,
      timeoutMinutes: 15,
    },
    regionRecovery: REGION_RECOVERY,
  },
  staging: {
    healthCheck: HEALTH_CHECK,
    drills: {
      enabled: true,
      schedule: 'cron(0 10 ? * TUE#2 *)',
      kinds: ['database', 'cache', 'tasks'],
      stopTaskPercent: 50,
      targetRecoverySeconds: 120,
      timeoutMinutes: 15,
    },
    regionRecovery: REGION_RECOVERY,
  },
  prod: {
    healthCheck: { ...HEALTH_CHECK, availabilityAlarmPercent: 99 },
    drills: {
      enabled: false,
      schedule: 'cron(0 10 ? * TUE#3 *)',
      window: {
        description: 'Prod game day: third Tuesday 10:00-12:00 UTC, on-call engineer present',
        days: ['TUE'],
        startHourUtc: 10,
        endHourUtc: 12,
      },
      kinds: ['database', 'cache', 'tasks'],
      stopTaskPercent: 34,
      targetRecoverySeconds: 120,
      timeoutMinutes: 15,
    },
    regionRecovery: REGION_RECOVERY,
  },
};

/** Minutes between probes of a `rate(N minute[s])` schedule, or undefined for anything else. */
export function rateMinutes(schedule: unknown): number | undefined {
  const match = typeof schedule === 'string' ? /^rate\((\d+) minutes?\)$/.exec(schedule) : null;
  return match ? Number(match[1]) : undefined;
}

/**
 * Checks the slice and returns every problem found. `stage` decides the stage's rules (a window in
 * prod); it defaults to the first segment of `path`, which validators prefix with the stage name.
 */
export function validateDrillsConfig(value: unknown, path: string, stage: string = path.split('.')[0]): ConfigIssue[] {
  if (isObject(value, path).length) return isObject(value, path);
  return [
    ...unknownKeys(value, path, ['healthCheck', 'drills', 'regionRecovery']),
    ...validateHealthCheck(prop(value, 'healthCheck'), `${path}.healthCheck`),
    ...validateDrills(prop(value, 'drills'), `${path}.drills`, DRILL_WINDOW_REQUIRED[stage as StageName] ?? false, stage),
    ...validateRegionRecovery(prop(value, 'regionRecovery'), `${path}.regionRecovery`),
  ];
}

function validateRegionRecovery(value: unknown, path: string): ConfigIssue[] {
  if (isObject(value, path).length) return isObject(value, path);
  return [...unknownKeys(value, path, ['rtoMinutes']), ...integerIn(prop(value, 'rtoMinutes'), `${path}.rtoMinutes`, 30, 2880)];
}

function validateHealthCheck(hc: unknown, path: string): ConfigIssue[] {
  if (isObject(hc, path).length) return isObject(hc, path);
  const minutes = rateMinutes(prop(hc, 'schedule'));
  return [
    ...unknownKeys(hc, path, ['enabled', 'path', 'schedule', 'requests', 'timeoutMs', 'availabilityAlarmPercent', 'alarmMinutes']),
    ...isBoolean(prop(hc, 'enabled'), `${path}.enabled`),
    ...matches(prop(hc, 'path'), `${path}.path`, /^\/[\w\-./~%]*$/, 'a URL path starting with "/", e.g. "/health"'),
    ...(minutes !== undefined && minutes >= 1 && minutes <= 15
      ? []
      : [
          {
            path: `${path}.schedule`,
            value: prop(hc, 'schedule'),
            expected: 'a rate from "rate(1 minute)" to "rate(15 minutes)": the availability alarm needs evenly spaced probes',
          },
        ]),
    ...integerIn(prop(hc, 'requests'), `${path}.requests`, 1, 10),
    ...integerIn(prop(hc, 'timeoutMs'), `${path}.timeoutMs`, 100, 10000),
    ...numberIn(prop(hc, 'availabilityAlarmPercent'), `${path}.availabilityAlarmPercent`, 0, 100, 'percent'),
    ...integerIn(prop(hc, 'alarmMinutes'), `${path}.alarmMinutes`, 1, 60),
  ];
}

function validateDrills(drills: unknown, path: string, windowRequired: boolean, stage: string): ConfigIssue[] {
  if (isObject(drills, path).length) return isObject(drills, path);
  const enabled = prop(drills, 'enabled');
  const window = prop(drills, 'window');
  const timeout = integerIn(prop(drills, 'timeoutMinutes'), `${path}.timeoutMinutes`, 2, 60);
  const kinds = validateKinds(prop(drills, 'kinds'), `${path}.kinds`);
  const issues = [
    ...unknownKeys(drills, path, ['enabled', 'schedule', 'window', 'kinds', 'stopTaskPercent', 'targetRecoverySeconds', 'timeoutMinutes']),
    ...isBoolean(enabled, `${path}.enabled`),
    ...monthlyCron(prop(drills, 'schedule'), `${path}.schedule`),
    ...kinds,
    ...integerIn(prop(drills, 'stopTaskPercent'), `${path}.stopTaskPercent`, 1, 100),
    ...timeout,
    ...targetRecovery(
      prop(drills, 'targetRecoverySeconds'),
      `${path}.targetRecoverySeconds`,
      timeout.length ? undefined : (prop(drills, 'timeoutMinutes') as number),
    ),
  ];
  if (window !== undefined) {
    const windowIssues = validateWindow(window, `${path}.window`);
    issues.push(...windowIssues);
    if (!windowIssues.length && !timeout.length && !kinds.length) issues.push(...scheduleInWindow(drills as FailoverDrillConfig, path));
  } else if (enabled === true && windowRequired) {
    issues.push({
      path: `${path}.window`,
      value: undefined,
      expected: `a maintenance window { description, days, startHourUtc, endHourUtc } containing the schedule: failover drills in ${stage} run only inside a declared window (or set enabled: false)`,
    });
  }
  return issues;
}

function validateKinds(kinds: unknown, path: string): ConfigIssue[] {
  const expected = `a non-empty list of distinct drills from ${DRILL_KINDS.map((k) => JSON.stringify(k)).join(', ')}`;
  if (!Array.isArray(kinds) || kinds.length === 0) return [{ path, value: kinds, expected }];
  const issues = kinds.flatMap((kind, i) => oneOf(kind, `${path}[${i}]`, DRILL_KINDS));
  return new Set(kinds).size === kinds.length ? issues : [...issues, { path, value: kinds, expected }];
}

function targetRecovery(value: unknown, path: string, timeoutMinutes: number | undefined): ConfigIssue[] {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    return [{ path, value, expected: 'a number of seconds greater than 0, e.g. 120' }];
  }
  // Stryker disable next-line ConditionalExpression: without a timeout the comparison is with NaN, false either way
  if (timeoutMinutes !== undefined && value >= timeoutMinutes * 60) {
    return [
      {
        path,
        value,
        expected: `fewer seconds than timeoutMinutes (${timeoutMinutes} min = ${timeoutMinutes * 60} s), or a slow recovery could never be measured`,
      },
    ];
  }
  return [];
}

const MONTHLY =
  'a monthly EventBridge cron in UTC with a fixed minute and hour, e.g. "cron(0 10 ? * TUE#2 *)" (second Tuesday) or "cron(0 10 15 * ? *)" (15th)';
const NTH_WEEKDAY = /^(SUN|MON|TUE|WED|THU|FRI|SAT|[1-7])(#[1-5]|L)$/;

interface MonthlyCron {
  readonly minute: number;
  readonly hour: number;
  /** Day of week the run falls on, or undefined when the cron names a day of the month. */
  readonly weekday?: Weekday;
}

function parseMonthlyCron(value: unknown): MonthlyCron | undefined {
  const match = typeof value === 'string' ? /^cron\((.*)\)$/.exec(value) : null;
  const fields = match ? match[1].trim().split(/\s+/) : [];
  if (fields.length !== 6) return undefined;
  const [minute, hour, dom, month, dow, year] = fields;
  if (!/^\d{1,2}$/.test(minute) || Number(minute) > 59 || !/^\d{1,2}$/.test(hour) || Number(hour) > 23 || month !== '*' || year !== '*')
    return undefined;
  const byDay = dow === '?' && (dom === 'L' || (/^\d{1,2}$/.test(dom) && Number(dom) >= 1 && Number(dom) <= 28));
  const byWeekday = dom === '?' && NTH_WEEKDAY.test(dow);
  if (!byDay && !byWeekday) return undefined;
  // Stryker disable next-line Regex: NTH_WEEKDAY matched the whole field, so the suffix is at its end either way
  const day = byWeekday ? dow.replace(/(#\d|L)$/, '') : undefined;
  const weekday = day === undefined ? undefined : /^\d$/.test(day) ? WEEKDAYS[Number(day) - 1] : (day as Weekday);
  return { minute: Number(minute), hour: Number(hour), weekday };
}

function monthlyCron(value: unknown, path: string): ConfigIssue[] {
  return parseMonthlyCron(value) ? [] : [{ path, value, expected: MONTHLY }];
}

function validateWindow(window: unknown, path: string): ConfigIssue[] {
  if (isObject(window, path).length) return isObject(window, path);
  const days = prop(window, 'days');
  const start = integerIn(prop(window, 'startHourUtc'), `${path}.startHourUtc`, 0, 23);
  const end = integerIn(prop(window, 'endHourUtc'), `${path}.endHourUtc`, 1, 24);
  const issues = [
    ...unknownKeys(window, path, ['description', 'days', 'startHourUtc', 'endHourUtc']),
    ...nonEmptyString(
      prop(window, 'description'),
      `${path}.description`,
      'who agreed to the window and why, e.g. "prod game day, on-call present"',
    ),
    ...(Array.isArray(days) && days.length > 0
      ? days.flatMap((day, i) => oneOf(day, `${path}.days[${i}]`, WEEKDAYS))
      : [{ path: `${path}.days`, value: days, expected: `a non-empty list of UTC weekdays from ${WEEKDAYS.join(', ')}` }]),
    ...start,
    ...end,
  ];
  if (!start.length && !end.length && (prop(window, 'endHourUtc') as number) <= (prop(window, 'startHourUtc') as number)) {
    issues.push({
      path: `${path}.endHourUtc`,
      value: prop(window, 'endHourUtc'),
      expected: `an hour after startHourUtc (${prop(window, 'startHourUtc')}); windows do not cross midnight`,
    });
  }
  return issues;
}

/** The run starts inside the window, on one of its days, and its last drill's timeout ends before the window closes. */
function scheduleInWindow(drills: FailoverDrillConfig, path: string): ConfigIssue[] {
  const cron = parseMonthlyCron(drills.schedule);
  const window = drills.window!;
  if (!cron) return [];
  const issues: ConfigIssue[] = [];
  const startMinute = cron.hour * 60 + cron.minute;
  const runMinutes = drills.kinds.length * drills.timeoutMinutes;
  const hours = `${window.startHourUtc}:00-${window.endHourUtc}:00 UTC`;
  if (startMinute < window.startHourUtc * 60 || startMinute + runMinutes > window.endHourUtc * 60) {
    issues.push({
      path: `${path}.schedule`,
      value: drills.schedule,
      expected: `a start time such that the run (${drills.kinds.length} drill(s) x ${drills.timeoutMinutes} min) fits inside the window ${hours}`,
    });
  }
  const everyDay = WEEKDAYS.every((day) => window.days.includes(day));
  if (cron.weekday === undefined ? !everyDay : !window.days.includes(cron.weekday)) {
    issues.push({
      path: `${path}.schedule`,
      value: drills.schedule,
      expected: `a day of the week inside the window's days (${window.days.join(', ')}), e.g. "cron(0 ${window.startHourUtc} ? * ${window.days[0]}#2 *)"`,
    });
  }
  return issues;
}

/** Facts of the rest of the stage that decide whether a drill can work at all. */
export interface DrillTargetFacts {
  readonly databaseMultiAz: boolean;
  readonly cacheNodes: number;
  readonly apiMinCount: number;
}

/**
 * Cross-checks enabled drills against the stage (the lead calls it with the database, cache and
 * API slices): a forced failover needs a standby, a cache failover a replica, and stopping tasks
 * with fewer than two would stop the whole API.
 */
export function validateDrillTargets(drills: FailoverDrillConfig, facts: DrillTargetFacts, path: string): ConfigIssue[] {
  if (!drills.enabled) return [];
  const needs: Record<DrillKind, [boolean, string]> = {
    database: [facts.databaseMultiAz, 'a Multi-AZ database (database.multiAz: true): reboot with failover needs a standby'],
    cache: [facts.cacheNodes > 1, 'a cache with 2 or more nodes (cache.nodes): failover needs a replica to promote'],
    tasks: [facts.apiMinCount > 1, 'at least 2 API tasks (api.minCount): stopping a share of a single task stops the API'],
  };
  return drills.kinds.flatMap((kind, i) => {
    const [ok, needed] = needs[kind];
    return ok ? [] : [{ path: `${path}.kinds[${i}]`, value: kind, expected: `a drill this stage can survive; "${kind}" needs ${needed}` }];
  });
}
