import type { Task } from '@aws-sdk/client-ecs';
import type { WaitEvent, WaitResult } from './contract';
import { migrationLogLink, taskId } from './log-link';

export type TaskView = Pick<Task, 'taskArn' | 'lastStatus' | 'stoppedReason' | 'stopCode' | 'containers'>;

export interface WaitDependencies {
  /** The task as DescribeTasks shows it, or undefined when ECS does not (yet) know it. */
  describeTask(clusterArn: string, taskArn: string): Promise<TaskView | undefined>;
  stopTask(clusterArn: string, taskArn: string, reason: string): Promise<void>;
  now(): Date;
}

export interface AssessContext {
  readonly containerName: string;
  readonly secondsSinceStart: number;
  readonly timeoutSeconds: number;
  readonly startLimitSeconds: number;
  readonly logLink: string;
}

export type Verdict =
  | { readonly kind: 'waiting' }
  | { readonly kind: 'succeeded' }
  | { readonly kind: 'failed'; readonly message: string; readonly exitCode?: number }
  /** Never started: safe to stop, and it must be stopped so it cannot migrate after the deploy failed. */
  | { readonly kind: 'stuck'; readonly message: string }
  | { readonly kind: 'timedOut'; readonly message: string };

const NOT_STARTED = new Set(['PROVISIONING', 'PENDING', 'ACTIVATING']);

/** What the task's current state means for the deploy. */
export function assessTask(task: TaskView | undefined, ctx: AssessContext): Verdict {
  const id = task?.taskArn ? taskId(task.taskArn) : 'unknown';
  const status = task?.lastStatus ?? 'UNKNOWN';
  if (status === 'STOPPED') return assessStopped(task!, ctx);

  const notStarted = !task || NOT_STARTED.has(status);
  const startLimit = Math.min(ctx.startLimitSeconds, ctx.timeoutSeconds);
  if (notStarted && ctx.secondsSinceStart > startLimit) {
    return {
      kind: 'stuck',
      message: `Migration task ${id} did not start within ${startLimit} s (last status ${status}); it is stopped so it cannot run after this deploy failed. Logs: ${ctx.logLink}`,
    };
  }
  if (ctx.secondsSinceStart > ctx.timeoutSeconds) {
    return {
      kind: 'timedOut',
      message:
        `Migration task ${id} was still ${status} after ${Math.round(ctx.timeoutSeconds / 60)} min; the deploy fails and the task is left running, ` +
        `because stopping a migration half-way could leave the schema inconsistent. Check it and stop it yourself if needed. Logs: ${ctx.logLink}`,
    };
  }
  return { kind: 'waiting' };
}

function assessStopped(task: TaskView, ctx: AssessContext): Verdict {
  const id = taskId(task.taskArn ?? 'unknown');
  const container = task.containers?.find((c) => c.name === ctx.containerName);
  const exitCode = container?.exitCode;
  if (exitCode === 0) return { kind: 'succeeded' };
  const why = [task.stopCode, task.stoppedReason, container?.reason].filter(Boolean).join('; ');
  if (exitCode === undefined) {
    return {
      kind: 'failed',
      message: `Migration task ${id} stopped before container ${ctx.containerName} exited${why ? `: ${why}` : ''}. Logs: ${ctx.logLink}`,
    };
  }
  return {
    kind: 'failed',
    exitCode,
    message: `Migration task ${id} failed with exit code ${exitCode}${why ? ` (${why})` : ''}. Logs: ${ctx.logLink}`,
  };
}

/** The custom resource's isComplete: polls the task the start phase began until it exits. */
export async function waitForMigration(event: WaitEvent, deps: WaitDependencies): Promise<WaitResult> {
  const data = event.Data;
  if (!data.TaskArn) return { IsComplete: true, Data: { ...data, ExitCode: '' } };

  const properties = event.ResourceProperties;
  const task = await deps.describeTask(properties.ClusterArn, data.TaskArn);
  const verdict = assessTask(task, {
    containerName: properties.ContainerName,
    secondsSinceStart: (deps.now().getTime() - Date.parse(data.StartedAt)) / 1000,
    timeoutSeconds: Number(properties.TimeoutSeconds),
    startLimitSeconds: Number(properties.StartLimitSeconds),
    logLink: migrationLogLink(data.TaskArn, properties.ContainerName, properties.LogGroupName, properties.LogStreamPrefix),
  });
  switch (verdict.kind) {
    case 'waiting':
      return { IsComplete: false };
    case 'succeeded':
      return { IsComplete: true, Data: { ...data, ExitCode: '0' } };
    case 'stuck':
      throw new Error(verdict.message + (await stopQuietly(deps, properties.ClusterArn, data.TaskArn)));
    case 'failed':
    case 'timedOut':
      throw new Error(verdict.message);
  }
}

/** Stops a task that never started; a failure to stop is reported in the message, not hidden behind it. */
async function stopQuietly(deps: WaitDependencies, clusterArn: string, taskArn: string): Promise<string> {
  try {
    await deps.stopTask(clusterArn, taskArn, 'Migration did not start in time; deploy failed');
    return '';
  } catch (error) {
    return ` Stopping it failed (${(error as Error).name}: ${(error as Error).message}); stop it by hand.`;
  }
}
