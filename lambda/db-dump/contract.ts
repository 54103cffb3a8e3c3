import { callsMs, fixedBudget, sdkCallWorstCaseMs, type TimeBudget } from '../shared/time-budget';

/**
 * What the dump launcher, the dump task and the DbDumpTask construct agree on: environment
 * variable names, key layout, the events the function receives, its result and its metric.
 */

/** Environment variables the construct sets on the launcher (STAGE comes from PlatformFunction). */
export const ENV = {
  /** Bucket the dumps are written to. */
  bucket: 'BACKUP_BUCKET',
  /** Cluster the dump task runs on. */
  cluster: 'CLUSTER_ARN',
  /** Task definition ARN (with revision) of the dump task; its family is what "already running" checks. */
  taskDefinition: 'TASK_DEFINITION_ARN',
  /** Comma-separated private subnet ids for the task. */
  subnets: 'SUBNET_IDS',
  /** Comma-separated security group ids for the task (the one the database allows 5432 from). */
  securityGroups: 'SECURITY_GROUP_IDS',
  /** Database the task dumps; part of the dump's key. */
  databaseName: 'DATABASE_NAME',
} as const;

/** Container name in the dump task definition; RunTask overrides address it by name. */
export const DUMP_CONTAINER_NAME = 'pg-dump';

/** Variable the launcher overrides on the container: the S3 key the dump is streamed to. */
export const DUMP_KEY_VARIABLE = 'DUMP_KEY';

/** Powertools service name, and so the `service` metric dimension. */
export const DB_DUMP_SERVICE = 'db-dump';

/** Where one day's dumps live: `dumps/<stage>/YYYY/MM/DD/`. */
export function dumpDayPrefix(stage: string, day: Date): string {
  const iso = day.toISOString();
  return `dumps/${stage}/${iso.slice(0, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)}/`;
}

/**
 * `dumps/<stage>/YYYY/MM/DD/<dbname>-<YYYYMMDDTHHMMSSZ>.dump`: the ISO 8601 basic format keeps
 * colons out of the key, which shells and `aws s3` URLs handle badly.
 */
export function dumpKey(stage: string, databaseName: string, startedAt: Date): string {
  const basic = startedAt
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
  return `${dumpDayPrefix(stage, startedAt)}${databaseName}-${basic}.dump`;
}

/**
 * The sidecar of a dump: `<dumpKey>.json`, which docker/pg-dump/dump.sh writes only after pg_dump and
 * the upload both succeeded, recording the dump's size (`sizeBytes`). A dump without one is incomplete.
 */
export function dumpSidecarKey(key: string): string {
  return `${key}.json`;
}

/** A dump object's own key under `dumps/<stage>/` (as dumpKey builds it), not its sidecar's. */
export function isDumpObjectKey(stage: string, key: string): boolean {
  return key.startsWith(`dumps/${stage}/`) && /^\/\d{4}\/\d{2}\/\d{2}\/[^/]+-\d{8}T\d{6}Z\.dump$/.test(key.slice(`dumps/${stage}`.length));
}

/** The ECS event EventBridge forwards when a dump task stops (only the fields the launcher reads). */
export interface DumpTaskStoppedEvent {
  readonly source: 'aws.ecs';
  readonly 'detail-type': 'ECS Task State Change';
  readonly detail: {
    readonly taskArn: string;
    readonly lastStatus: string;
    readonly stopCode?: string;
    readonly stoppedReason?: string;
    readonly containers?: readonly { readonly name: string; readonly exitCode?: number; readonly reason?: string }[];
    readonly overrides?: {
      readonly containerOverrides?: readonly {
        readonly name: string;
        readonly environment?: readonly { readonly name: string; readonly value: string }[];
      }[];
    };
  };
}

/** The daily schedule sends any JSON; only the task-stopped event is told apart. */
export type DumpLauncherEvent = DumpTaskStoppedEvent | Record<string, unknown>;

/** `succeeded` is what BackupSucceeded reports: true when today's dump was started, already exists or is running. */
export type DumpLaunchResult =
  | { readonly outcome: 'started'; readonly succeeded: true; readonly dumpKey: string; readonly taskArn: string }
  | { readonly outcome: 'already-dumped'; readonly succeeded: true; readonly existingKey: string }
  | { readonly outcome: 'already-running'; readonly succeeded: true; readonly taskArns: readonly string[] }
  | { readonly outcome: 'failed'; readonly succeeded: false; readonly reason: string; readonly dumpKey?: string };

/** What a stopped dump task reports: exit code 0 of the dump container is the only success. */
export interface DumpTaskResult {
  readonly outcome: 'dump-finished' | 'dump-failed';
  readonly succeeded: boolean;
  readonly taskArn: string;
  readonly dumpKey?: string;
  readonly reason?: string;
}

/** Pages of today's dump keys read at most (1,000 keys a page; a day has a handful). */
export const MAX_KEY_PAGES = 2;

/** Today's keys (unretried pages), the running dump tasks, then the task start; a task-stopped event makes no call. */
export const TIME_BUDGET: TimeBudget = fixedBudget(120, {
  listKeys: MAX_KEY_PAGES * sdkCallWorstCaseMs(),
  listTasks: callsMs(1),
  runTask: callsMs(1),
});
