import type { RunTaskCommandInput } from '@aws-sdk/client-ecs';
import type { MigrationEvent, MigrationProperties, StartResult } from './contract';

export interface RunTaskOutcome {
  readonly taskArn?: string;
  readonly failures: readonly { readonly arn?: string; readonly reason?: string; readonly detail?: string }[];
}

export interface StartDependencies {
  /** Status of the stack that owns the resource, e.g. `UPDATE_IN_PROGRESS`. */
  stackStatus(stackId: string): Promise<string>;
  runTask(input: RunTaskCommandInput): Promise<RunTaskOutcome>;
  now(): Date;
}

export type StartDecision = { readonly run: true } | { readonly run: false; readonly outcome: 'unchanged' | 'rollback' | 'deleted' };

/**
 * Whether this event needs a migration task. Deleting the resource never touches the database;
 * an update whose image and command are unchanged (say, only the subnets moved) has nothing to
 * migrate; and a rollback must not run the previous image's migrations against a schema the new
 * image may already have changed.
 */
export function decideStart(event: MigrationEvent, stackStatus: string | undefined): StartDecision {
  if (event.RequestType === 'Delete') return { run: false, outcome: 'deleted' };
  if (event.RequestType === 'Update' && event.OldResourceProperties?.TriggerHash === event.ResourceProperties.TriggerHash) {
    return { run: false, outcome: 'unchanged' };
  }
  if (stackStatus?.endsWith('ROLLBACK_IN_PROGRESS')) return { run: false, outcome: 'rollback' };
  return { run: true };
}

/** Stable per image and command, so CloudFormation sees a new migration as a new resource. */
export function physicalIdFor(properties: MigrationProperties): string {
  return `migration-${properties.TriggerHash.slice(0, 16)}`;
}

export function runTaskInput(properties: MigrationProperties, requestId: string): RunTaskCommandInput {
  return {
    cluster: properties.ClusterArn,
    taskDefinition: properties.TaskDefinitionArn,
    launchType: 'FARGATE',
    count: 1,
    // The request id makes a retried invocation return the task already started instead of a second one.
    clientToken: requestId.slice(0, 64),
    startedBy: 'deploy-migration',
    propagateTags: 'TASK_DEFINITION',
    networkConfiguration: {
      awsvpcConfiguration: {
        subnets: [...properties.Subnets],
        securityGroups: [...properties.SecurityGroups],
        assignPublicIp: 'DISABLED',
      },
    },
    overrides: { containerOverrides: [{ name: properties.ContainerName, command: [...properties.Command] }] },
  };
}

/** The custom resource's onEvent: starts the migration task when one is due, or says why not. */
export async function startMigration(event: MigrationEvent, deps: StartDependencies): Promise<StartResult> {
  const keepId = event.PhysicalResourceId ?? physicalIdFor(event.ResourceProperties);
  const early = decideStart(event, undefined);
  if (!early.run) return { PhysicalResourceId: keepId, Data: { Outcome: early.outcome, TaskArn: '', StartedAt: '' } };

  // Only updates can be rollbacks; a failed lookup fails the deploy rather than guessing.
  const status = event.RequestType === 'Update' ? await deps.stackStatus(event.StackId) : undefined;
  const decision = decideStart(event, status);
  if (!decision.run) return { PhysicalResourceId: keepId, Data: { Outcome: decision.outcome, TaskArn: '', StartedAt: '' } };

  const properties = event.ResourceProperties;
  const startedAt = deps.now().toISOString();
  const result = await deps.runTask(runTaskInput(properties, event.RequestId)).catch((error: Error) => {
    throw notStarted(properties, `${error.name}: ${error.message}`);
  });
  if (!result.taskArn || result.failures.length > 0) {
    const reasons = result.failures.map((f) => [f.reason, f.detail, f.arn].filter(Boolean).join(' ')).join('; ');
    throw notStarted(properties, reasons || 'RunTask returned no task and no failure reason');
  }
  return { PhysicalResourceId: physicalIdFor(properties), Data: { Outcome: 'started', TaskArn: result.taskArn, StartedAt: startedAt } };
}

function notStarted(properties: MigrationProperties, why: string): Error {
  return new Error(`Migration task did not start (RunTask on ${properties.ClusterArn}): ${why}`);
}
