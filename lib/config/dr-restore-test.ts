import { POSTGRES_INSTANCE_CLASSES } from './catalog';
import { checkAz, integerIn, isBoolean, isObject, oneOf, scheduleExpression, unknownKeys } from './checks';
import { ConfigIssue } from './config-issue';
import type { StageName } from './stage-name';

/**
 * The monthly DR restore test: the newest off-site copy of the database, restored in the DR region
 * (`backup.drRegion`) into the landing zone, checked like the weekly restore test, measured, deleted.
 * It uses the weekly test's checks (`restoreTest.expectedTables`, `rowCountTolerancePercent`,
 * `sqlChecks`, `freshnessQuery`), so both judge a copy alike.
 */
export interface DrRestoreTestConfig {
  /** Run on `schedule` and alarm when none succeeded for 35 days. When false the landing zone and the workflow stay deployed for on-demand runs, and the sweeper keeps running. */
  readonly enabled: boolean;
  /** When the test starts (EventBridge Scheduler expression, UTC); monthly by default. */
  readonly schedule: string;
  /** Instance class of the restored copy: the smallest that restores the data, e.g. `db.t4g.micro`; an RDS for PostgreSQL class. */
  readonly instanceClass: string;
  /** AZs of the landing zone's isolated subnets, in `backup.drRegion`, e.g. `["eu-central-1a", "eu-central-1b"]` (a DB subnet group needs two). */
  readonly availabilityZones: readonly string[];
  /** Overall deadline of one run in minutes; past it the run cleans up and fails. */
  readonly timeoutMinutes: number;
  /** Restore time (start to verified copy) above which an alarm fires: the product's RTO, 4 hours. */
  readonly rtoTargetMinutes: number;
  /** Data age of the restored copy (test start to its newest row) above which an alarm fires, in hours. */
  readonly rpoTargetHours: number;
  /** DR restore copies older than this are deleted by the DR region's hourly sweeper. */
  readonly sweeperMaxAgeHours: number;
  /** Severity of "the DR restore failed" and "none passed for 35 days" (the RTO, RPO and leftover alarms are warnings): critical in prod. */
  readonly failureSeverity: (typeof DR_ALARM_SEVERITIES)[number];
}

export const DR_ALARM_SEVERITIES = ['critical', 'warning'] as const;

/** A run may outlive its deadline by this much while it cleans up and reports (as the weekly test). */
export const DR_RESTORE_CLEANUP_ALLOWANCE_MINUTES = 60;

const BASE: DrRestoreTestConfig = {
  enabled: true,
  // 06:00 UTC on the 2nd of each month: three hours after the daily snapshot, so its copy has usually landed.
  schedule: 'cron(0 6 2 * ? *)',
  instanceClass: 'db.t4g.micro',
  availabilityZones: ['eu-central-1a', 'eu-central-1b'],
  timeoutMinutes: 300,
  rtoTargetMinutes: 240,
  // A daily snapshot (24 h) plus the hourly copy's lag and the copy itself (up to 3 h).
  rpoTargetHours: 27,
  sweeperMaxAgeHours: 8,
  failureSeverity: 'warning',
};

export const DR_RESTORE_TEST_DEFAULTS: Readonly<Record<StageName, DrRestoreTestConfig>> = {
  dev: { ...BASE, enabled: false },
  staging: BASE,
  // A prod off-site copy that does not restore is a broken recovery promise.
  prod: { ...BASE, failureSeverity: 'critical' },
};

const KNOWN_KEYS: readonly (keyof DrRestoreTestConfig)[] = [
  'enabled',
  'schedule',
  'instanceClass',
  'availabilityZones',
  'timeoutMinutes',
  'rtoTargetMinutes',
  'rpoTargetHours',
  'sweeperMaxAgeHours',
  'failureSeverity',
];

/**
 * Every problem of the DR restore test's settings at once. `drRegion` is the stage's
 * `backup.drRegion`: the AZs must be its own (nothing is said about them while it is itself wrong).
 */
export function validateDrRestoreTestConfig(value: unknown, path: string, drRegion: unknown): ConfigIssue[] {
  const notObject = isObject(value, path);
  if (notObject.length > 0) return notObject;
  const v = value as Record<string, unknown>;
  const timeoutOk = integerIn(v.timeoutMinutes, `${path}.timeoutMinutes`, 60, 1440);
  const timeout = timeoutOk.length === 0 ? (v.timeoutMinutes as number) : undefined;
  return [
    ...unknownKeys(value, path, KNOWN_KEYS),
    ...isBoolean(v.enabled, `${path}.enabled`),
    ...scheduleExpression(v.schedule, `${path}.schedule`),
    ...instanceClass(v.instanceClass, `${path}.instanceClass`),
    ...availabilityZones(v.availabilityZones, `${path}.availabilityZones`, drRegion),
    ...timeoutOk,
    ...integerIn(v.rtoTargetMinutes, `${path}.rtoTargetMinutes`, 1, timeout ?? 1440),
    ...integerIn(v.rpoTargetHours, `${path}.rpoTargetHours`, 1, 24 * 35),
    ...sweeperAge(v.sweeperMaxAgeHours, `${path}.sweeperMaxAgeHours`, timeout),
    ...oneOf(v.failureSeverity, `${path}.failureSeverity`, DR_ALARM_SEVERITIES),
  ];
}

/** A class RDS for PostgreSQL has (catalog.ts): a typo would fail only at the monthly run, in the DR region. */
function instanceClass(value: unknown, path: string): ConfigIssue[] {
  return POSTGRES_INSTANCE_CLASSES.includes(value as string)
    ? []
    : [
        {
          path,
          value,
          expected:
            'an RDS for PostgreSQL instance class that exists, the smaller the better for a test copy, e.g. "db.t4g.micro" or "db.t4g.small"',
        },
      ];
}

function availabilityZones(value: unknown, path: string, drRegion: unknown): ConfigIssue[] {
  if (!Array.isArray(value) || value.length < 2 || value.length > 3)
    return [
      {
        path,
        value,
        expected: `a list of 2 or 3 availability zones of the DR region (backup.drRegion, ${JSON.stringify(drRegion)}): an RDS subnet group needs two`,
      },
    ];
  return value.flatMap((az, i) => [
    ...checkAz(az, `${path}[${i}]`, drRegion).map((issue) => ({
      ...issue,
      expected: `${issue.expected} (the DR region, backup.drRegion)`,
    })),
    ...(value.indexOf(az) < i ? [{ path: `${path}[${i}]`, value: az, expected: 'each availability zone listed once' }] : []),
  ]);
}

function sweeperAge(value: unknown, path: string, timeoutMinutes: number | undefined): ConfigIssue[] {
  const minHours = timeoutMinutes === undefined ? 1 : Math.ceil((timeoutMinutes + DR_RESTORE_CLEANUP_ALLOWANCE_MINUTES) / 60);
  return integerIn(value, path, minHours, 168).map((issue) => ({
    ...issue,
    expected: `${issue.expected} (hours): a run may last timeoutMinutes + ${DR_RESTORE_CLEANUP_ALLOWANCE_MINUTES} minutes and the sweeper must never delete a copy a run still uses`,
  }));
}
