import { TABLE_NAME_PATTERN } from '../../lambda/db-snapshot/contract';
import { checkRegion, integerIn, isBoolean, isObject, matches, scheduleExpression, unknownKeys } from './checks';
import { ConfigIssue } from './config-issue';
import type { StageName } from './stage-name';

/** When each snapshot job runs: EventBridge Scheduler expressions, evaluated in UTC. Dumps and configuration backups: BackupStorageConfig. */
export interface BackupSchedules {
  /** Daily row-count manifest and manual DB snapshot. */
  readonly dbSnapshot: string;
  /** Copy of recent DB snapshots to the DR region (hourly, so a copy follows soon after each snapshot). */
  readonly dbSnapshotCopy: string;
  /** Cache sentinel and ElastiCache snapshot: fixed cron times clear of the cache's windows (service-limits.ts). */
  readonly cacheSnapshot: string;
  /** Deletes expired manual snapshots in both regions and the cache. */
  readonly retention: string;
  /** Publishes the age of the newest backup of each kind. */
  readonly monitor: string;
}

/** Snapshots of the stage's data: where the off-site copy goes, how long each kind is kept, and when jobs run. Dumps, configuration backups and their retention: BackupStorageConfig. */
export interface BackupConfig {
  /** Region the DB snapshots are copied to, e.g. `eu-central-1`; must differ from the stage's own region. */
  readonly drRegion: string;
  /** Days a manual DB snapshot (and its DR copy) is kept, 1 to 35. */
  readonly snapshotRetentionDays: number;
  /** Newest snapshots of each source and kind kept whatever their age, so a stalled schedule never empties the shelf; 1 to 100. */
  readonly keepLatestSnapshots: number;
  /** Days a manual cache snapshot is kept, 1 to 35. */
  readonly cacheSnapshotRetentionDays: number;
  /** Tables (`schema.table`) whose exact row counts go into each snapshot's manifest; empty = every user table. */
  readonly countTables: readonly string[];
  /** Retention logs what it would delete and deletes nothing; for trying out a new policy. */
  readonly dryRunRetention: boolean;
  readonly schedules: BackupSchedules;
}

const SCHEDULES: BackupSchedules = {
  dbSnapshot: 'cron(0 3 * * ? *)',
  dbSnapshotCopy: 'rate(1 hour)',
  // Every 6 h at fixed times (01:00, 07:00, 13:00, 19:00 UTC), an hour clear of the cache's
  // snapshot and maintenance windows: a rate counts from the deploy and drifts into them.
  cacheSnapshot: 'cron(0 1/6 * * ? *)',
  retention: 'cron(30 4 * * ? *)',
  monitor: 'rate(1 hour)',
};

export const BACKUP_DEFAULTS: Readonly<Record<StageName, BackupConfig>> = {
  dev: {
    drRegion: 'eu-central-1',
    snapshotRetentionDays: 7,
    keepLatestSnapshots: 3,
    cacheSnapshotRetentionDays: 7,
    countTables: [],
    dryRunRetention: false,
    schedules: SCHEDULES,
  },
  staging: {
    drRegion: 'eu-central-1',
    snapshotRetentionDays: 14,
    keepLatestSnapshots: 7,
    cacheSnapshotRetentionDays: 7,
    countTables: [],
    dryRunRetention: false,
    schedules: SCHEDULES,
  },
  prod: {
    drRegion: 'eu-central-1',
    snapshotRetentionDays: 30,
    keepLatestSnapshots: 7,
    cacheSnapshotRetentionDays: 7,
    countTables: [],
    dryRunRetention: false,
    schedules: SCHEDULES,
  },
};

const KNOWN_KEYS: readonly (keyof BackupConfig)[] = [
  'drRegion',
  'snapshotRetentionDays',
  'keepLatestSnapshots',
  'cacheSnapshotRetentionDays',
  'countTables',
  'dryRunRetention',
  'schedules',
];
const SCHEDULE_KEYS: readonly (keyof BackupSchedules)[] = ['dbSnapshot', 'dbSnapshotCopy', 'cacheSnapshot', 'retention', 'monitor'];

/** Every problem of the backup slice at once. The lead's cross-field check compares drRegion with the stage's region. */
export function validateBackupConfig(value: unknown, path: string): ConfigIssue[] {
  const notObject = isObject(value, path);
  if (notObject.length > 0) return notObject;
  const config = value as Record<string, unknown>;
  return [
    ...unknownKeys(value, path, KNOWN_KEYS),
    ...checkRegion(config.drRegion, `${path}.drRegion`, 'eu-central-1'),
    ...integerIn(config.snapshotRetentionDays, `${path}.snapshotRetentionDays`, 1, 35),
    ...integerIn(config.keepLatestSnapshots, `${path}.keepLatestSnapshots`, 1, 100),
    ...integerIn(config.cacheSnapshotRetentionDays, `${path}.cacheSnapshotRetentionDays`, 1, 35),
    ...countTables(config.countTables, `${path}.countTables`),
    ...isBoolean(config.dryRunRetention, `${path}.dryRunRetention`),
    ...schedules(config.schedules, `${path}.schedules`),
  ];
}

function countTables(value: unknown, path: string): ConfigIssue[] {
  if (!Array.isArray(value)) return [{ path, value, expected: 'a list of "schema.table" names (empty = every user table)' }];
  return value.flatMap((table, i) => [
    ...matches(table, `${path}[${i}]`, TABLE_NAME_PATTERN, 'a "schema.table" name (letters, digits, _ and $), e.g. "public.orders"'),
    ...(value.indexOf(table) < i ? [{ path: `${path}[${i}]`, value: table, expected: 'each table listed once' }] : []),
  ]);
}

function schedules(value: unknown, path: string): ConfigIssue[] {
  const notObject = isObject(value, path);
  if (notObject.length > 0) return notObject;
  const config = value as Record<string, unknown>;
  return [...unknownKeys(value, path, SCHEDULE_KEYS), ...SCHEDULE_KEYS.flatMap((key) => scheduleExpression(config[key], `${path}.${key}`))];
}
