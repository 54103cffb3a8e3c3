import {
  DUMP_CONTAINER_NAME,
  DUMP_KEY_VARIABLE,
  type DumpLaunchResult,
  type DumpTaskResult,
  type DumpTaskStoppedEvent,
  dumpDayPrefix,
  dumpKey,
} from './contract';

/** What the launcher needs from S3 and ECS, as plain data. */
export interface DumpLauncherPorts {
  /** Every key under the prefix. */
  listKeys(prefix: string): Promise<string[]>;
  /** Tasks of the dump family the cluster still wants running (PENDING or RUNNING). */
  listActiveDumpTasks(): Promise<string[]>;
  /** Starts one dump task streaming to `key`; ECS reports placement problems as failures, not errors. */
  runDumpTask(key: string): Promise<{ taskArn?: string; failures: string[] }>;
}

export interface DumpRequest {
  readonly stage: string;
  readonly databaseName: string;
  readonly now: Date;
}

/**
 * Starts today's dump unless one is complete already or a dump task is still busy, so the schedule,
 * a retry and a person running it by hand never start two. A failed lookup starts nothing.
 */
export async function launchDailyDump(request: DumpRequest, ports: DumpLauncherPorts): Promise<DumpLaunchResult> {
  const key = dumpKey(request.stage, request.databaseName, request.now);
  try {
    const dayPrefix = dumpDayPrefix(request.stage, request.now);
    const completed = (await ports.listKeys(dayPrefix)).filter((k) => isCompletedDump(k, dayPrefix, request.databaseName)).sort();
    if (completed.length > 0)
      return { outcome: 'already-dumped', succeeded: true, existingKey: completed[completed.length - 1].slice(0, -'.json'.length) };

    const running = await ports.listActiveDumpTasks();
    if (running.length > 0) return { outcome: 'already-running', succeeded: true, taskArns: running };

    const started = await ports.runDumpTask(key);
    if (started.failures.length > 0 || !started.taskArn) {
      return {
        outcome: 'failed',
        succeeded: false,
        dumpKey: key,
        reason: `RunTask failed: ${started.failures.join('; ') || 'no task returned'}`,
      };
    }
    return { outcome: 'started', succeeded: true, dumpKey: key, taskArn: started.taskArn };
  } catch (error) {
    return { outcome: 'failed', succeeded: false, dumpKey: key, reason: errorMessage(error) };
  }
}

/** The sidecar of a dump of this database: a dump object without one is partial or still being written. */
function isCompletedDump(key: string, dayPrefix: string, databaseName: string): boolean {
  const name = key.slice(dayPrefix.length);
  return (
    key.startsWith(dayPrefix) &&
    name.startsWith(`${databaseName}-`) &&
    /^\d{8}T\d{6}Z\.dump\.json$/.test(name.slice(databaseName.length + 1))
  );
}

export function isDumpTaskStopped(event: unknown): event is DumpTaskStoppedEvent {
  const e = event as Partial<DumpTaskStoppedEvent> | undefined;
  return e?.source === 'aws.ecs' && e['detail-type'] === 'ECS Task State Change' && e.detail?.lastStatus === 'STOPPED';
}

/** A stopped dump task succeeded only if the dump container ran and exited 0. */
export function dumpTaskResult(event: DumpTaskStoppedEvent): DumpTaskResult {
  const { detail } = event;
  const container = detail.containers?.find((c) => c.name === DUMP_CONTAINER_NAME);
  const key = detail.overrides?.containerOverrides
    ?.find((o) => o.name === DUMP_CONTAINER_NAME)
    ?.environment?.find((v) => v.name === DUMP_KEY_VARIABLE)?.value;
  const base = { taskArn: detail.taskArn, ...(key ? { dumpKey: key } : {}) };
  if (container?.exitCode === 0) return { ...base, outcome: 'dump-finished', succeeded: true };
  const why = [
    container?.exitCode === undefined ? 'dump container did not run to an exit code' : `dump container exited ${container.exitCode}`,
    container?.reason,
    detail.stopCode,
    detail.stoppedReason,
  ].filter(Boolean);
  return { ...base, outcome: 'dump-failed', succeeded: false, reason: why.join('; ') };
}

/** `arn:aws:ecs:…:task-definition/<family>:<revision>` → `<family>`. */
export function taskFamily(taskDefinitionArn: string): string {
  const match = /task-definition\/([^:]+)(:\d+)?$/.exec(taskDefinitionArn);
  if (!match) throw new Error(`Not a task definition ARN: ${taskDefinitionArn}`);
  return match[1];
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
