import { ConfigIssue } from './config-issue';
import { RESTORE_MODES, SNAPSHOT_SOURCES } from '../../lambda/restore-test/db/start/contract';
import {
  checkAz,
  integerIn,
  isBoolean,
  isObject,
  matches,
  nonEmptyString,
  numberIn,
  oneOf,
  scheduleExpression,
  unknownKeys,
} from './checks';
import { POSTGRES_INSTANCE_CLASSES } from './catalog';
import type { StageName } from './stage-name';

/** A query run against the restored database; it must return one row whose first column is true. */
export interface RestoreSqlCheck {
  /** Short name shown in the report, e.g. `orders-have-customers` (lowercase letters, digits, hyphens). */
  readonly name: string;
  /** A read-only query, e.g. `select count(*) = 0 from app.orders where customer_id is null`. */
  readonly sql: string;
}

/** Automated restore tests of the database and the cache, and the sweeper that removes their leftovers. */
export interface RestoreTestConfig {
  /** Run the tests on `schedule` and alarm when none succeeded lately. When false the workflows stay deployed for on-demand runs and the sweeper keeps running. */
  readonly enabled: boolean;
  /** When both restore tests start (EventBridge Scheduler expression, UTC). */
  readonly schedule: string;
  /** `snapshot`: restore the newest snapshot; `pointInTime`: restore the database to five minutes ago (the cache always uses a snapshot). */
  readonly mode: (typeof RESTORE_MODES)[number];
  /** Which database snapshots count in `snapshot` mode: the backup job's own (`manual`), RDS automated ones, or the newest of either. */
  readonly snapshotSource: (typeof SNAPSHOT_SOURCES)[number];
  /** Instance class of the temporary database, e.g. `db.t4g.medium`. */
  readonly instanceClass: string;
  /** Node type of the temporary cache, e.g. `cache.t4g.micro`. */
  readonly cacheNodeType: string;
  /** Overall deadline of one run in minutes; past it the run cleans up and fails. */
  readonly timeoutMinutes: number;
  /** Restore time (start to verified copy) above which an alarm fires, in minutes. */
  readonly rtoTargetMinutes: number;
  /** Tables (`schema.table`) that must exist in the restored database. */
  readonly expectedTables: readonly string[];
  /** How far (percent of the manifest's count) a restored table's row count may differ. */
  readonly rowCountTolerancePercent: number;
  /** How far (percent of the manifest's key count) the restored cache's key count may differ. */
  readonly keyCountTolerancePercent: number;
  /** Extra checks run against the restored database. */
  readonly sqlChecks: readonly RestoreSqlCheck[];
  /** Query returning the newest row's timestamp, e.g. `select max(updated_at) from app.orders`; measures the RPO. @default the snapshot time stands in for the newest row */
  readonly freshnessQuery?: string;
  /** Restore-test instances and caches older than this are deleted by the hourly sweeper. */
  readonly sweeperMaxAgeHours: number;
  /** The monthly restore of the off-site (DR region) copy into the DR landing zone, with the checks above. */
  readonly dr: DrRestoreTestConfig;
}

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
}

/** A run may outlive its deadline by this much while it cleans up and reports (as the weekly test). */
export const DR_RESTORE_CLEANUP_ALLOWANCE_MINUTES = 60;

const DR_BASE: DrRestoreTestConfig = {
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
};

export const DR_RESTORE_TEST_DEFAULTS: Readonly<Record<StageName, DrRestoreTestConfig>> = {
  dev: { ...DR_BASE, enabled: false },
  staging: DR_BASE,
  prod: DR_BASE,
};

const DR_KNOWN_KEYS: readonly (keyof DrRestoreTestConfig)[] = [
  'enabled',
  'schedule',
  'instanceClass',
  'availabilityZones',
  'timeoutMinutes',
  'rtoTargetMinutes',
  'rpoTargetHours',
  'sweeperMaxAgeHours',
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
    ...unknownKeys(value, path, DR_KNOWN_KEYS),
    ...isBoolean(v.enabled, `${path}.enabled`),
    ...scheduleExpression(v.schedule, `${path}.schedule`),
    ...drInstanceClass(v.instanceClass, `${path}.instanceClass`),
    ...drAvailabilityZones(v.availabilityZones, `${path}.availabilityZones`, drRegion),
    ...timeoutOk,
    ...integerIn(v.rtoTargetMinutes, `${path}.rtoTargetMinutes`, 1, timeout ?? 1440),
    ...integerIn(v.rpoTargetHours, `${path}.rpoTargetHours`, 1, 24 * 35),
    ...drSweeperAge(v.sweeperMaxAgeHours, `${path}.sweeperMaxAgeHours`, timeout),
  ];
}

/** A class RDS for PostgreSQL has (catalog.ts): a typo would fail only at the monthly run, in the DR region. */
function drInstanceClass(value: unknown, path: string): ConfigIssue[] {
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

function drAvailabilityZones(value: unknown, path: string, drRegion: unknown): ConfigIssue[] {
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

function drSweeperAge(value: unknown, path: string, timeoutMinutes: number | undefined): ConfigIssue[] {
  const minHours = timeoutMinutes === undefined ? 1 : Math.ceil((timeoutMinutes + DR_RESTORE_CLEANUP_ALLOWANCE_MINUTES) / 60);
  return integerIn(value, path, minHours, 168).map((issue) => ({
    ...issue,
    expected: `${issue.expected} (hours): a run may last timeoutMinutes + ${DR_RESTORE_CLEANUP_ALLOWANCE_MINUTES} minutes and the sweeper must never delete a copy a run still uses`,
  }));
}

const BASE: Omit<RestoreTestConfig, 'dr'> = {
  enabled: true,
  schedule: 'cron(0 6 ? * SUN *)',
  mode: 'snapshot',
  snapshotSource: 'manual',
  instanceClass: 'db.t4g.medium',
  cacheNodeType: 'cache.t4g.micro',
  timeoutMinutes: 120,
  rtoTargetMinutes: 60,
  expectedTables: [],
  rowCountTolerancePercent: 5,
  keyCountTolerancePercent: 10,
  sqlChecks: [],
  sweeperMaxAgeHours: 6,
};

export const RESTORE_TEST_DEFAULTS: Readonly<Record<StageName, RestoreTestConfig>> = {
  dev: { ...BASE, instanceClass: 'db.t4g.small', dr: DR_RESTORE_TEST_DEFAULTS.dev },
  staging: { ...BASE, mode: 'pointInTime', dr: DR_RESTORE_TEST_DEFAULTS.staging },
  prod: { ...BASE, instanceClass: 'db.t4g.large', dr: DR_RESTORE_TEST_DEFAULTS.prod },
};

/**
 * A run may outlive its deadline by this much while it cleans up and reports; the state machine's
 * own timeout is the deadline plus this, and the sweeper must wait longer than both.
 */
export const RESTORE_TEST_CLEANUP_ALLOWANCE_MINUTES = 60;

/** The functions receive the checks as environment variables, which Lambda caps at 4 KB in all. */
const MAX_CHECKS_CHARS = 3000;

const KNOWN_KEYS = [
  'enabled',
  'schedule',
  'mode',
  'snapshotSource',
  'instanceClass',
  'cacheNodeType',
  'timeoutMinutes',
  'rtoTargetMinutes',
  'expectedTables',
  'rowCountTolerancePercent',
  'keyCountTolerancePercent',
  'sqlChecks',
  'freshnessQuery',
  'sweeperMaxAgeHours',
  'dr',
] as const;
const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_$]*\.[A-Za-z_][A-Za-z0-9_$]*$/;
const CHECK_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** `drRegion` is the stage's `backup.drRegion`, which the DR restore test's AZs must belong to. */
export function validateRestoreTestConfig(value: unknown, path: string, drRegion?: unknown): ConfigIssue[] {
  const notObject = isObject(value, path);
  if (notObject.length > 0) return notObject;
  const v = value as Record<string, unknown>;
  const timeoutOk = integerIn(v.timeoutMinutes, `${path}.timeoutMinutes`, 30, 1440);
  // Settings measured against the deadline are checked against it only when it is itself valid.
  const timeout = timeoutOk.length === 0 ? (v.timeoutMinutes as number) : undefined;
  return [
    ...unknownKeys(value, path, KNOWN_KEYS),
    ...isBoolean(v.enabled, `${path}.enabled`),
    ...scheduleExpression(v.schedule, `${path}.schedule`),
    ...oneOf(v.mode, `${path}.mode`, RESTORE_MODES),
    ...oneOf(v.snapshotSource, `${path}.snapshotSource`, SNAPSHOT_SOURCES),
    ...matches(v.instanceClass, `${path}.instanceClass`, /^db\.[a-z0-9]+\.[a-z0-9]+$/, 'an RDS instance class such as "db.t4g.medium"'),
    ...matches(
      v.cacheNodeType,
      `${path}.cacheNodeType`,
      /^cache\.[a-z0-9]+\.[a-z0-9]+$/,
      'an ElastiCache node type such as "cache.t4g.micro"',
    ),
    ...timeoutOk,
    ...integerIn(v.rtoTargetMinutes, `${path}.rtoTargetMinutes`, 1, timeout ?? 1440),
    ...tableList(v.expectedTables, `${path}.expectedTables`),
    ...numberIn(v.rowCountTolerancePercent, `${path}.rowCountTolerancePercent`, 0, 100, 'percent'),
    ...numberIn(v.keyCountTolerancePercent, `${path}.keyCountTolerancePercent`, 0, 100, 'percent'),
    ...sqlCheckList(v.sqlChecks, `${path}.sqlChecks`),
    ...(v.freshnessQuery === undefined
      ? []
      : nonEmptyString(
          v.freshnessQuery,
          `${path}.freshnessQuery`,
          'a query returning one timestamp, e.g. "select max(updated_at) from app.orders"',
        )),
    ...sweeperAge(v.sweeperMaxAgeHours, `${path}.sweeperMaxAgeHours`, timeout),
    ...checksSize(v, path),
    ...validateDrRestoreTestConfig(v.dr, `${path}.dr`, drRegion),
  ];
}

function tableList(value: unknown, path: string): ConfigIssue[] {
  if (!Array.isArray(value)) return [{ path, value, expected: 'a list of table names such as ["app.orders"]' }];
  return value.flatMap((name, i) => [
    ...matches(name, `${path}[${i}]`, TABLE_NAME, 'a table name as schema.table, e.g. "app.orders"'),
    ...(value.indexOf(name) !== i ? [{ path: `${path}[${i}]`, value: name, expected: 'each table listed once' }] : []),
  ]);
}

function sqlCheckList(value: unknown, path: string): ConfigIssue[] {
  if (!Array.isArray(value)) return [{ path, value, expected: 'a list of { name, sql } checks (may be empty)' }];
  const names = value.map((check) => (check as { name?: unknown } | null)?.name);
  return value.flatMap((check, i) => {
    const at = `${path}[${i}]`;
    const notObject = isObject(check, at);
    if (notObject.length > 0) return notObject;
    return [
      ...unknownKeys(check, at, ['name', 'sql']),
      ...matches(
        check.name,
        `${at}.name`,
        CHECK_NAME,
        'a short name of lowercase letters, digits and hyphens, e.g. "orders-have-customers"',
      ),
      ...(names.indexOf(check.name) !== i ? [{ path: `${at}.name`, value: check.name, expected: 'a name no other check uses' }] : []),
      ...nonEmptyString(check.sql, `${at}.sql`, 'a query returning one row whose first column is true'),
    ];
  });
}

function sweeperAge(value: unknown, path: string, timeoutMinutes: number | undefined): ConfigIssue[] {
  const minHours = timeoutMinutes === undefined ? 1 : Math.ceil((timeoutMinutes + RESTORE_TEST_CLEANUP_ALLOWANCE_MINUTES) / 60);
  return integerIn(value, path, minHours, 168).map((issue) => ({
    ...issue,
    expected: `${issue.expected} (hours): a run may last timeoutMinutes + ${RESTORE_TEST_CLEANUP_ALLOWANCE_MINUTES} minutes and the sweeper must never delete a copy a run still uses`,
  }));
}

function checksSize(v: Record<string, unknown>, path: string): ConfigIssue[] {
  const chars = JSON.stringify([v.expectedTables, v.sqlChecks, v.freshnessQuery ?? '']).length;
  return chars <= MAX_CHECKS_CHARS
    ? []
    : [
        {
          path: `${path}.sqlChecks`,
          value: `${chars} characters with expectedTables and freshnessQuery`,
          expected: `at most ${MAX_CHECKS_CHARS} characters in all (they travel as Lambda environment variables)`,
        },
      ];
}
