import { CACHE_ENGINE_VERSIONS, CACHE_NODE_TYPES, POSTGRES_INSTANCE_CLASSES, POSTGRES_MAJOR_VERSIONS } from './catalog';
import { integerIn, isBoolean, isObject, matches, oneOf, unknownKeys } from './checks';
import { ConfigIssue } from './config-issue';
import { parseDailyWindow, parseWeeklyWindow } from './limits/windows';
import { prop } from './read';
import type { StageName } from './stage-name';

/** What happens to a stateful resource when its stack or resource is deleted. */
export type StatefulRemoval = 'snapshot' | 'retain';

export interface DatabaseConfig {
  /** PostgreSQL version `major.minor`, e.g. `18.3`. */
  readonly engineVersion: string;
  /** RDS instance class, e.g. `db.r7g.large`. */
  readonly instanceClass: string;
  /** Read replicas' class. @default the primary's class */
  readonly replicaInstanceClass?: string;
  readonly allocatedStorageGb: number;
  /** Storage autoscaling ceiling. */
  readonly maxAllocatedStorageGb: number;
  readonly multiAz: boolean;
  /** Read replicas, 0 to 5, spread over the stage's AZs. */
  readonly readReplicas: number;
  /** Days of automated backups (point-in-time recovery window), 1 to 35. */
  readonly backupRetentionDays: number;
  /** Daily automated-backup window, UTC `hh:mm-hh:mm`, at least 30 minutes, clear of the maintenance window. */
  readonly backupWindow: string;
  /** Weekly maintenance window, UTC `ddd:hh:mm-ddd:hh:mm`, at least 30 minutes. */
  readonly maintenanceWindow: string;
  readonly deletionProtection: boolean;
  readonly performanceInsights: boolean;
  /** Name of the application database. */
  readonly databaseName: string;
  readonly removal: StatefulRemoval;
  /**
   * Create the primary from this snapshot (identifier, or ARN in the stage's region) instead of an
   * empty database: set only by a region rebuild (`npm run recover`), never in the stage tables. Its
   * storage key and database name come from the snapshot. @default none: a new, empty database
   */
  readonly restoreFromSnapshot?: string;
}

export interface CacheConfig {
  readonly engine: 'valkey' | 'redis';
  /** Engine version `major.minor`. */
  readonly engineVersion: string;
  /** e.g. `cache.t4g.micro`. */
  readonly nodeType: string;
  /** Nodes in the replication group (1 primary + replicas); > 1 enables automatic failover and Multi-AZ. */
  readonly nodes: number;
  /** Days ElastiCache keeps its daily automatic snapshots. */
  readonly snapshotRetentionDays: number;
  /** Daily automatic snapshot window, UTC `hh:mm-hh:mm`, at least 60 minutes, clear of the maintenance window. */
  readonly snapshotWindow: string;
  /** Weekly maintenance window, UTC `ddd:hh:mm-ddd:hh:mm`, at least 60 minutes. */
  readonly maintenanceWindow: string;
  readonly removal: StatefulRemoval | 'destroy';
}

const POSTGRES_VERSION = '18.3';
const CACHE_ENGINE = { engine: 'valkey', engineVersion: '8.0' } as const;

/**
 * Backup and maintenance windows (UTC), away from each other and from the snapshot jobs in
 * backup.ts (the service-limits table checks both). Same in every stage: off-peak for eu-west-1.
 */
const DATABASE_WINDOWS = { backupWindow: '02:00-02:45', maintenanceWindow: 'sun:04:00-sun:05:00' } as const;
const CACHE_WINDOWS = { snapshotWindow: '03:00-04:00', maintenanceWindow: 'sun:05:00-sun:06:00' } as const;

export const DATABASE_DEFAULTS: Readonly<Record<StageName, DatabaseConfig>> = {
  dev: {
    engineVersion: POSTGRES_VERSION,
    instanceClass: 'db.t4g.micro',
    allocatedStorageGb: 20,
    maxAllocatedStorageGb: 100,
    multiAz: false,
    readReplicas: 0,
    backupRetentionDays: 7,
    ...DATABASE_WINDOWS,
    deletionProtection: false,
    performanceInsights: false,
    databaseName: 'app',
    removal: 'snapshot',
  },
  staging: {
    engineVersion: POSTGRES_VERSION,
    instanceClass: 'db.t4g.medium',
    allocatedStorageGb: 50,
    maxAllocatedStorageGb: 200,
    multiAz: true,
    readReplicas: 1,
    backupRetentionDays: 14,
    ...DATABASE_WINDOWS,
    deletionProtection: true,
    performanceInsights: true,
    databaseName: 'app',
    removal: 'snapshot',
  },
  prod: {
    engineVersion: POSTGRES_VERSION,
    instanceClass: 'db.r7g.large',
    allocatedStorageGb: 500,
    maxAllocatedStorageGb: 1000,
    multiAz: true,
    readReplicas: 2,
    backupRetentionDays: 30,
    ...DATABASE_WINDOWS,
    deletionProtection: true,
    performanceInsights: true,
    databaseName: 'app',
    removal: 'retain',
  },
};

export const CACHE_DEFAULTS: Readonly<Record<StageName, CacheConfig>> = {
  dev: {
    ...CACHE_ENGINE,
    nodeType: 'cache.t4g.micro',
    nodes: 1,
    snapshotRetentionDays: 7,
    ...CACHE_WINDOWS,
    removal: 'destroy',
  },
  staging: {
    ...CACHE_ENGINE,
    nodeType: 'cache.t4g.small',
    nodes: 2,
    snapshotRetentionDays: 7,
    ...CACHE_WINDOWS,
    removal: 'snapshot',
  },
  prod: {
    ...CACHE_ENGINE,
    nodeType: 'cache.r7g.large',
    nodes: 3,
    snapshotRetentionDays: 7,
    ...CACHE_WINDOWS,
    removal: 'snapshot',
  },
};

function instanceClass(value: unknown, path: string): ConfigIssue[] {
  return POSTGRES_INSTANCE_CLASSES.includes(value as string)
    ? []
    : [{ path, value, expected: 'an RDS for PostgreSQL instance class such as "db.t4g.micro", "db.m7g.large" or "db.r7g.xlarge"' }];
}

export function validateDatabaseConfig(db: unknown, path: string): ConfigIssue[] {
  if (isObject(db, path).length) return isObject(db, path);
  const known = [
    'engineVersion',
    'instanceClass',
    'replicaInstanceClass',
    'allocatedStorageGb',
    'maxAllocatedStorageGb',
    'multiAz',
    'readReplicas',
    'backupRetentionDays',
    'backupWindow',
    'maintenanceWindow',
    'deletionProtection',
    'performanceInsights',
    'databaseName',
    'removal',
    'restoreFromSnapshot',
  ];
  const issues = [...unknownKeys(db, path, known)];
  const version = prop(db, 'engineVersion');
  const major = typeof version === 'string' ? version.split('.')[0] : undefined;
  if (typeof version !== 'string' || !/^\d+\.\d+$/.test(version) || !POSTGRES_MAJOR_VERSIONS.includes(major!)) {
    issues.push({
      path: `${path}.engineVersion`,
      value: version,
      expected: `a PostgreSQL "major.minor" version with major ${POSTGRES_MAJOR_VERSIONS.join(', ')}, e.g. "18.3"`,
    });
  }
  issues.push(...instanceClass(prop(db, 'instanceClass'), `${path}.instanceClass`));
  if (prop(db, 'replicaInstanceClass') !== undefined)
    issues.push(...instanceClass(prop(db, 'replicaInstanceClass'), `${path}.replicaInstanceClass`));
  const storage = integerIn(prop(db, 'allocatedStorageGb'), `${path}.allocatedStorageGb`, 20, 65536);
  const maxStorage = integerIn(prop(db, 'maxAllocatedStorageGb'), `${path}.maxAllocatedStorageGb`, 20, 65536);
  // The ceiling's headroom over allocatedStorageGb is an AWS rule: service-limits.ts, rds-storage-autoscaling-headroom.
  issues.push(...storage, ...maxStorage);
  issues.push(...isBoolean(prop(db, 'multiAz'), `${path}.multiAz`));
  const replicas = integerIn(prop(db, 'readReplicas'), `${path}.readReplicas`, 0, 5);
  issues.push(...replicas);
  if (!replicas.length && (prop(db, 'readReplicas') as number) > 0 && prop(db, 'multiAz') === false) {
    issues.push({
      path: `${path}.multiAz`,
      value: false,
      expected:
        'true when readReplicas > 0: a stage that needs read replicas must not have a single-AZ primary (set multiAz: true or readReplicas: 0)',
    });
  }
  issues.push(...integerIn(prop(db, 'backupRetentionDays'), `${path}.backupRetentionDays`, 1, 35));
  issues.push(...dailyWindow(prop(db, 'backupWindow'), `${path}.backupWindow`, '02:00-02:45'));
  issues.push(...weeklyWindow(prop(db, 'maintenanceWindow'), `${path}.maintenanceWindow`, 'sun:04:00-sun:05:00'));
  issues.push(...isBoolean(prop(db, 'deletionProtection'), `${path}.deletionProtection`));
  issues.push(...isBoolean(prop(db, 'performanceInsights'), `${path}.performanceInsights`));
  issues.push(
    ...matches(
      prop(db, 'databaseName'),
      `${path}.databaseName`,
      /^[a-z][a-z0-9_]{0,62}$/,
      'a PostgreSQL identifier: a lower-case letter, then letters, digits or _ (at most 63)',
    ),
  );
  issues.push(...oneOf(prop(db, 'removal'), `${path}.removal`, ['snapshot', 'retain']));
  if (prop(db, 'restoreFromSnapshot') !== undefined)
    issues.push(
      ...matches(
        prop(db, 'restoreFromSnapshot'),
        `${path}.restoreFromSnapshot`,
        DB_SNAPSHOT_REFERENCE,
        'a DB snapshot identifier (e.g. "prod-copy-2026-12-01") or ARN (arn:aws:rds:<region>:<account>:snapshot:<id>)',
      ),
    );
  return issues;
}

/** A DB snapshot identifier (a letter, then letters, digits, hyphens; `rds:` for automated ones) or its ARN. */
export const DB_SNAPSHOT_REFERENCE = /^(arn:aws[a-z-]*:rds:[a-z0-9-]+:\d{12}:snapshot:)?(rds:)?[A-Za-z][A-Za-z0-9-]{0,254}$/;

export function validateCacheConfig(cache: unknown, path: string): ConfigIssue[] {
  if (isObject(cache, path).length) return isObject(cache, path);
  const known = ['engine', 'engineVersion', 'nodeType', 'nodes', 'snapshotRetentionDays', 'snapshotWindow', 'maintenanceWindow', 'removal'];
  const issues = [...unknownKeys(cache, path, known)];
  const engine = prop(cache, 'engine');
  issues.push(...oneOf(engine, `${path}.engine`, ['valkey', 'redis']));
  const versions = CACHE_ENGINE_VERSIONS[engine as 'valkey' | 'redis'];
  if (versions) issues.push(...oneOf(prop(cache, 'engineVersion'), `${path}.engineVersion`, versions));
  if (!CACHE_NODE_TYPES.includes(prop(cache, 'nodeType') as string)) {
    issues.push({
      path: `${path}.nodeType`,
      value: prop(cache, 'nodeType'),
      expected: 'an ElastiCache node type such as "cache.t4g.micro" or "cache.r7g.large"',
    });
  }
  issues.push(...integerIn(prop(cache, 'nodes'), `${path}.nodes`, 1, 6));
  issues.push(...integerIn(prop(cache, 'snapshotRetentionDays'), `${path}.snapshotRetentionDays`, 1, 35));
  issues.push(...dailyWindow(prop(cache, 'snapshotWindow'), `${path}.snapshotWindow`, '03:00-04:00'));
  issues.push(...weeklyWindow(prop(cache, 'maintenanceWindow'), `${path}.maintenanceWindow`, 'sun:05:00-sun:06:00'));
  issues.push(...oneOf(prop(cache, 'removal'), `${path}.removal`, ['snapshot', 'retain', 'destroy']));
  return issues;
}

/** The window's form only; its length and overlaps are the service-limits table's (windows rows). */
function dailyWindow(value: unknown, path: string, example: string): ConfigIssue[] {
  return parseDailyWindow(value) ? [] : [{ path, value, expected: `a daily UTC window "hh:mm-hh:mm", e.g. "${example}"` }];
}

function weeklyWindow(value: unknown, path: string, example: string): ConfigIssue[] {
  return parseWeeklyWindow(value)
    ? []
    : [{ path, value, expected: `a weekly UTC window "ddd:hh:mm-ddd:hh:mm" (days sun to sat, lower case), e.g. "${example}"` }];
}
