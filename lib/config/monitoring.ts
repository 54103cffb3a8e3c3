import { AlertRoutingConfig, DEFAULT_DIGEST_SCHEDULE, DEFAULT_RUNBOOK_BASE_URL, validateAlertRoutingConfig } from './alert-routing';
import { ConfigIssue } from './config-issue';
import { integerIn, isObject, matches, numberIn, oneOf, unknownKeys } from './checks';
import type { StageName } from './stage-name';

/** Datapoint lengths an alarm may use: one minute for fast signals, five for slow ones. */
export const ALARM_PERIODS_SECONDS = [60, 300] as const;
export type AlarmPeriodSeconds = (typeof ALARM_PERIODS_SECONDS)[number];

/** When one alarm fires: its threshold and how long the breach has to last. */
export interface AlarmSettings {
  /** Threshold in the unit `ALARM_THRESHOLD_LIMITS` names for this alarm (percent, seconds, milliseconds, count …). */
  readonly threshold: number;
  /** Length of one evaluated datapoint, in seconds: 60 or 300. */
  readonly periodSeconds: AlarmPeriodSeconds;
  /** How many of the most recent datapoints are evaluated; `evaluationPeriods × periodSeconds` is at most one day. */
  readonly evaluationPeriods: number;
  /** How many of the evaluated datapoints must breach; equal to `evaluationPeriods` means "sustained". */
  readonly datapointsToAlarm: number;
}

/** Threshold settings of every stage alarm, one entry per alarm kind. */
export interface MonitoringAlarmsConfig {
  /** API 5xx responses (targets + load balancer) as a percent of ALB requests; also an ECS deployment-rollback alarm. */
  readonly api5xxRate: AlarmSettings;
  /** p95 of the API target group's response time, in seconds; also an ECS deployment-rollback alarm. */
  readonly apiLatencyP95: AlarmSettings;
  /** Unhealthy targets in the API target group (alarms above the threshold, normally 0). */
  readonly apiUnhealthyHosts: AlarmSettings;
  /** Connections the ALB rejected because it hit its connection limit (alarms above the threshold, normally 0). */
  readonly albRejectedConnections: AlarmSettings;
  /** CPU of the API and of the worker service, percent of the reserved CPU. */
  readonly serviceCpu: AlarmSettings;
  /** Memory of the API and of the worker service, percent of the reserved memory. */
  readonly serviceMemory: AlarmSettings;
  /** Tasks missing (desired minus running) per service; alarms above the threshold, normally 0. */
  readonly serviceTasksMissing: AlarmSettings;
  /** Messages visible in the work queue. */
  readonly queueDepth: AlarmSettings;
  /** Age of the oldest message in the work queue, in seconds. */
  readonly queueOldestMessageAge: AlarmSettings;
  /** Messages visible in the dead-letter queue (alarms above the threshold, normally 0). */
  readonly dlqMessages: AlarmSettings;
  /** CPU of each database instance (primary and every replica), percent. */
  readonly dbCpu: AlarmSettings;
  /** Free storage of each database instance as a percent of its allocated storage; alarms BELOW the threshold. */
  readonly dbFreeStorage: AlarmSettings;
  /** Freeable memory of each database instance, in MiB; alarms BELOW the threshold. */
  readonly dbFreeableMemory: AlarmSettings;
  /** Connections of each database instance as a percent of the max-connections estimate. */
  readonly dbConnections: AlarmSettings;
  /** Replica lag of each read replica, in seconds. */
  readonly dbReplicaLag: AlarmSettings;
  /** Average read latency of each database instance, in milliseconds. */
  readonly dbReadLatency: AlarmSettings;
  /** Average write latency of each database instance, in milliseconds. */
  readonly dbWriteLatency: AlarmSettings;
  /** Engine (main thread) CPU of each cache node, percent. */
  readonly cacheEngineCpu: AlarmSettings;
  /** Memory used by each cache node as a percent of its maxmemory. */
  readonly cacheMemory: AlarmSettings;
  /** Keys each cache node evicted per period (alarms above the threshold). */
  readonly cacheEvictions: AlarmSettings;
  /** Client connections of each cache node. */
  readonly cacheConnections: AlarmSettings;
  /** Replication lag of each cache replica, in seconds. */
  readonly cacheReplicationLag: AlarmSettings;
}

export type MonitoringAlarmKey = keyof MonitoringAlarmsConfig;

export interface MonitoringDashboardConfig {
  /** The dashboard is named `<stage>-<nameSuffix>`; letters, digits, `-` and `_`. */
  readonly nameSuffix: string;
  /** Time range the dashboard opens with, in hours (1 to 168). */
  readonly defaultRangeHours: number;
}

/** The operations slice of a stage: who is alerted, when alarms fire, and how the dashboard opens. */
export interface MonitoringConfig {
  /** Who hears about which alarms (one topic per severity, or one for all) and where the runbooks live. */
  readonly alerts: AlertRoutingConfig;
  readonly alarms: MonitoringAlarmsConfig;
  readonly dashboard: MonitoringDashboardConfig;
}

/** Unit and accepted range of each alarm's threshold; descriptions and the alarm table in docs/operations.md use the same unit. */
export const ALARM_THRESHOLD_LIMITS: Readonly<
  Record<MonitoringAlarmKey, { readonly unit: string; readonly min: number; readonly max: number }>
> = {
  api5xxRate: { unit: '%', min: 0.01, max: 100 },
  apiLatencyP95: { unit: 's', min: 0.01, max: 60 },
  apiUnhealthyHosts: { unit: 'hosts', min: 0, max: 100 },
  albRejectedConnections: { unit: 'connections', min: 0, max: 1_000_000 },
  serviceCpu: { unit: '%', min: 1, max: 100 },
  serviceMemory: { unit: '%', min: 1, max: 100 },
  serviceTasksMissing: { unit: 'tasks', min: 0, max: 100 },
  queueDepth: { unit: 'messages', min: 1, max: 10_000_000 },
  queueOldestMessageAge: { unit: 's', min: 60, max: 1_209_600 },
  dlqMessages: { unit: 'messages', min: 0, max: 1_000_000 },
  dbCpu: { unit: '%', min: 1, max: 100 },
  dbFreeStorage: { unit: '%', min: 1, max: 99 },
  dbFreeableMemory: { unit: 'MiB', min: 16, max: 1_048_576 },
  dbConnections: { unit: '%', min: 1, max: 100 },
  dbReplicaLag: { unit: 's', min: 1, max: 86_400 },
  dbReadLatency: { unit: 'ms', min: 0.1, max: 10_000 },
  dbWriteLatency: { unit: 'ms', min: 0.1, max: 10_000 },
  cacheEngineCpu: { unit: '%', min: 1, max: 100 },
  cacheMemory: { unit: '%', min: 1, max: 100 },
  cacheEvictions: { unit: 'evictions', min: 0, max: 1_000_000_000 },
  cacheConnections: { unit: 'connections', min: 1, max: 65_000 },
  cacheReplicationLag: { unit: 's', min: 1, max: 86_400 },
};

export const MONITORING_ALARM_KEYS = Object.keys(ALARM_THRESHOLD_LIMITS) as readonly MonitoringAlarmKey[];

/** `evaluationPeriods` and `datapointsToAlarm` default to each other: "N periods in a row". */
function alarm(
  threshold: number,
  periodSeconds: AlarmPeriodSeconds,
  evaluationPeriods: number,
  datapointsToAlarm = evaluationPeriods,
): AlarmSettings {
  return { threshold, periodSeconds, evaluationPeriods, datapointsToAlarm };
}

const PROD_ALARMS: MonitoringAlarmsConfig = {
  api5xxRate: alarm(1, 60, 5),
  apiLatencyP95: alarm(2, 60, 5),
  apiUnhealthyHosts: alarm(0, 60, 2),
  albRejectedConnections: alarm(0, 300, 1),
  serviceCpu: alarm(70, 300, 3),
  serviceMemory: alarm(80, 300, 3),
  serviceTasksMissing: alarm(0, 60, 5),
  queueDepth: alarm(1000, 300, 2),
  queueOldestMessageAge: alarm(900, 300, 2),
  dlqMessages: alarm(0, 300, 1),
  dbCpu: alarm(80, 300, 3),
  dbFreeStorage: alarm(10, 300, 1),
  dbFreeableMemory: alarm(256, 300, 3),
  dbConnections: alarm(80, 300, 2),
  dbReplicaLag: alarm(30, 60, 5),
  dbReadLatency: alarm(20, 300, 3),
  dbWriteLatency: alarm(20, 300, 3),
  cacheEngineCpu: alarm(80, 300, 3),
  cacheMemory: alarm(80, 300, 2),
  cacheEvictions: alarm(0, 300, 3),
  cacheConnections: alarm(1000, 300, 2),
  cacheReplicationLag: alarm(30, 60, 5),
};

export const MONITORING_DEFAULTS: Readonly<Record<StageName, MonitoringConfig>> = {
  dev: {
    // Nobody is paged for dev: one topic for every severity, subscribed by whoever wants to follow it.
    alerts: {
      topics: 'single-topic',
      critical: { emails: [] },
      warning: { emails: [] },
      runbookBaseUrl: DEFAULT_RUNBOOK_BASE_URL,
      warningDelivery: 'daily-digest',
      digestSchedule: DEFAULT_DIGEST_SCHEDULE,
    },
    alarms: {
      ...PROD_ALARMS,
      // dev runs on the smallest instances, sees bursty test traffic and may sit idle for days.
      api5xxRate: alarm(5, 300, 2),
      apiLatencyP95: alarm(3, 300, 2),
      serviceCpu: alarm(85, 300, 3),
      queueOldestMessageAge: alarm(3600, 300, 2),
      dbCpu: alarm(90, 300, 3),
      dbFreeableMemory: alarm(64, 300, 3),
      dbReadLatency: alarm(50, 300, 3),
      dbWriteLatency: alarm(50, 300, 3),
      cacheEngineCpu: alarm(90, 300, 3),
      cacheConnections: alarm(500, 300, 2),
    },
    dashboard: { nameSuffix: 'overview', defaultRangeHours: 12 },
  },
  staging: {
    alerts: {
      topics: 'per-severity',
      critical: { emails: ['ops-staging@example.com'] },
      warning: { emails: ['ops-staging@example.com'] },
      runbookBaseUrl: DEFAULT_RUNBOOK_BASE_URL,
      warningDelivery: 'daily-digest',
      digestSchedule: DEFAULT_DIGEST_SCHEDULE,
    },
    alarms: {
      ...PROD_ALARMS,
      api5xxRate: alarm(2, 60, 5),
      queueOldestMessageAge: alarm(1800, 300, 2),
      dbFreeableMemory: alarm(128, 300, 3),
    },
    dashboard: { nameSuffix: 'overview', defaultRangeHours: 6 },
  },
  prod: {
    alerts: {
      topics: 'per-severity',
      critical: { emails: ['ops-oncall@example.com'] },
      warning: { emails: ['ops-tickets@example.com'] },
      runbookBaseUrl: DEFAULT_RUNBOOK_BASE_URL,
      warningDelivery: 'daily-digest',
      digestSchedule: DEFAULT_DIGEST_SCHEDULE,
    },
    alarms: PROD_ALARMS,
    dashboard: { nameSuffix: 'overview', defaultRangeHours: 3 },
  },
};

const SECONDS_PER_DAY = 86_400;

function validateAlarmSettings(value: unknown, path: string, key: MonitoringAlarmKey): ConfigIssue[] {
  const shape = isObject(value, path);
  if (shape.length > 0) return shape;
  const settings = value as Record<string, unknown>;
  const limits = ALARM_THRESHOLD_LIMITS[key];
  const issues = [
    ...unknownKeys(value, path, ['threshold', 'periodSeconds', 'evaluationPeriods', 'datapointsToAlarm']),
    ...numberIn(settings.threshold, `${path}.threshold`, limits.min, limits.max, limits.unit),
    ...oneOf(settings.periodSeconds, `${path}.periodSeconds`, ALARM_PERIODS_SECONDS),
  ];
  // CloudWatch evaluates at most one day of datapoints; with an invalid period, 60 s gives the widest range.
  const period = ALARM_PERIODS_SECONDS.includes(settings.periodSeconds as AlarmPeriodSeconds) ? (settings.periodSeconds as number) : 60;
  const maxPeriods = SECONDS_PER_DAY / period;
  const periodIssues = integerIn(settings.evaluationPeriods, `${path}.evaluationPeriods`, 1, maxPeriods);
  issues.push(...periodIssues);
  const evaluated = periodIssues.length === 0 ? (settings.evaluationPeriods as number) : maxPeriods;
  issues.push(...integerIn(settings.datapointsToAlarm, `${path}.datapointsToAlarm`, 1, evaluated));
  return issues;
}

function validateDashboard(value: unknown, path: string): ConfigIssue[] {
  const shape = isObject(value, path);
  if (shape.length > 0) return shape;
  const dashboard = value as Record<string, unknown>;
  return [
    ...unknownKeys(value, path, ['nameSuffix', 'defaultRangeHours']),
    ...matches(
      dashboard.nameSuffix,
      `${path}.nameSuffix`,
      /^[A-Za-z0-9_-]{1,64}$/,
      '1 to 64 letters, digits, "-" or "_" (CloudWatch dashboard names allow no other characters)',
    ),
    ...integerIn(dashboard.defaultRangeHours, `${path}.defaultRangeHours`, 1, 168),
  ];
}

function validateAlarms(value: unknown, path: string): ConfigIssue[] {
  const shape = isObject(value, path);
  if (shape.length > 0) return shape;
  const alarms = value as Record<string, unknown>;
  return [
    ...unknownKeys(value, path, MONITORING_ALARM_KEYS),
    ...MONITORING_ALARM_KEYS.flatMap((key) => validateAlarmSettings(alarms[key], `${path}.${key}`, key)),
  ];
}

/** Every problem in a monitoring slice, each naming its path, the value found and what is allowed. */
export function validateMonitoringConfig(value: unknown, path: string): ConfigIssue[] {
  const shape = isObject(value, path);
  if (shape.length > 0) return shape;
  const config = value as Record<string, unknown>;
  // alarmEmails was the one topic's subscriber list before alarms were routed by severity.
  const moved: ConfigIssue[] =
    config.alarmEmails === undefined
      ? []
      : [
          {
            path: `${path}.alarmEmails`,
            value: config.alarmEmails,
            expected: `no such setting any more: list the addresses under ${path}.alerts.critical.emails (paged) or ${path}.alerts.warning.emails`,
          },
        ];
  return [
    ...moved,
    ...unknownKeys(value, path, ['alerts', 'alarms', 'dashboard']).filter((issue) => issue.path !== `${path}.alarmEmails`),
    ...validateAlertRoutingConfig(config.alerts, `${path}.alerts`),
    ...validateAlarms(config.alarms, `${path}.alarms`),
    ...validateDashboard(config.dashboard, `${path}.dashboard`),
  ];
}
