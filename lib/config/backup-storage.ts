import { ConfigIssue } from './config-issue';
import { integerIn, isObject, scheduleExpression, unknownKeys } from './checks';
import { fargateTaskSize } from './limits/fargate';
import type { StageName } from './stage-name';

/**
 * Where logical dumps, configuration backups and archived logs are kept, for how long, and when
 * the jobs that write them run. All schedules are EventBridge expressions evaluated in UTC.
 */
export interface BackupStorageConfig {
  /** Days a daily `pg_dump` (and its sidecar, restore reports and manifests) is kept, 1 to 3650. */
  readonly dumpRetentionDays: number;
  /**
   * Days after which dumps move to S3 Glacier Instant Retrieval; less than `dumpRetentionDays`.
   * That class bills at least 90 days per object, so a short-lived dump is cheaper left where it is.
   * @default dumps stay in S3 Standard
   */
  readonly dumpColdAfterDays?: number;
  /** Versions of `config/<stage>/latest.json` kept, the current one included, 1 to 100. */
  readonly configVersionsKept: number;
  /** Days archived log exports are kept, 1 to 3650. */
  readonly logArchiveRetentionDays: number;
  /**
   * Days after which archived logs move to S3 Glacier Instant Retrieval; less than `logArchiveRetentionDays`.
   * @default archived logs stay in S3 Standard
   */
  readonly logArchiveColdAfterDays?: number;
  /** Fargate CPU units of the dump task (256 = 0.25 vCPU); pairs with `dumpImageMemoryMiB`. */
  readonly dumpImageCpu: number;
  /** Fargate memory of the dump task in MiB; must be a size Fargate offers for `dumpImageCpu`. */
  readonly dumpImageMemoryMiB: number;
  /** When the daily dump starts, e.g. `cron(0 3 * * ? *)`. */
  readonly dumpSchedule: string;
  /** When the daily configuration backup runs (it also runs after every deploy of the stage). */
  readonly configBackupSchedule: string;
  /** When the weekly log archive starts exporting the previous week, e.g. `cron(0 4 ? * MON *)`. */
  readonly logArchiveSchedule: string;
}

const SCHEDULES = {
  dumpSchedule: 'cron(0 3 * * ? *)',
  configBackupSchedule: 'cron(30 3 * * ? *)',
  logArchiveSchedule: 'cron(0 4 ? * MON *)',
} as const;

export const BACKUP_STORAGE_DEFAULTS: Readonly<Record<StageName, BackupStorageConfig>> = {
  dev: {
    dumpRetentionDays: 7,
    configVersionsKept: 10,
    logArchiveRetentionDays: 30,
    dumpImageCpu: 256,
    dumpImageMemoryMiB: 512,
    ...SCHEDULES,
  },
  staging: {
    dumpRetentionDays: 14,
    dumpColdAfterDays: 7,
    configVersionsKept: 10,
    logArchiveRetentionDays: 90,
    logArchiveColdAfterDays: 30,
    dumpImageCpu: 512,
    dumpImageMemoryMiB: 1024,
    ...SCHEDULES,
  },
  prod: {
    dumpRetentionDays: 30,
    dumpColdAfterDays: 7,
    configVersionsKept: 10,
    logArchiveRetentionDays: 365,
    logArchiveColdAfterDays: 30,
    dumpImageCpu: 1024,
    dumpImageMemoryMiB: 2048,
    ...SCHEDULES,
  },
};

const KNOWN_KEYS: readonly (keyof BackupStorageConfig)[] = [
  'dumpRetentionDays',
  'dumpColdAfterDays',
  'configVersionsKept',
  'logArchiveRetentionDays',
  'logArchiveColdAfterDays',
  'dumpImageCpu',
  'dumpImageMemoryMiB',
  'dumpSchedule',
  'configBackupSchedule',
  'logArchiveSchedule',
];

const MAX_RETENTION_DAYS = 3650;

/** An optional "move to a colder class after N days": absent, or 0 ≤ N < retention. */
function coldAfterDays(value: unknown, path: string, retention: unknown, retentionPath: string): ConfigIssue[] {
  if (value === undefined) return [];
  const limit = Number.isInteger(retention) && (retention as number) >= 1 ? (retention as number) - 1 : MAX_RETENTION_DAYS - 1;
  const issues = integerIn(value, path, 0, limit);
  return issues.map((issue) => ({
    ...issue,
    expected: `${issue.expected} (fewer days than ${retentionPath}), or left out to stay in S3 Standard`,
  }));
}

export function validateBackupStorageConfig(value: unknown, path: string): ConfigIssue[] {
  const notObject = isObject(value, path);
  if (notObject.length > 0) return notObject;
  const config = value as Record<string, unknown>;
  return [
    ...unknownKeys(value, path, KNOWN_KEYS),
    ...integerIn(config.dumpRetentionDays, `${path}.dumpRetentionDays`, 1, MAX_RETENTION_DAYS),
    ...coldAfterDays(config.dumpColdAfterDays, `${path}.dumpColdAfterDays`, config.dumpRetentionDays, `${path}.dumpRetentionDays`),
    ...integerIn(config.configVersionsKept, `${path}.configVersionsKept`, 1, 100),
    ...integerIn(config.logArchiveRetentionDays, `${path}.logArchiveRetentionDays`, 1, MAX_RETENTION_DAYS),
    ...coldAfterDays(
      config.logArchiveColdAfterDays,
      `${path}.logArchiveColdAfterDays`,
      config.logArchiveRetentionDays,
      `${path}.logArchiveRetentionDays`,
    ),
    ...fargateTaskSize(config.dumpImageCpu, config.dumpImageMemoryMiB, `${path}.dumpImageCpu`, `${path}.dumpImageMemoryMiB`),
    ...scheduleExpression(config.dumpSchedule, `${path}.dumpSchedule`),
    ...scheduleExpression(config.configBackupSchedule, `${path}.configBackupSchedule`),
    ...scheduleExpression(config.logArchiveSchedule, `${path}.logArchiveSchedule`),
  ];
}
