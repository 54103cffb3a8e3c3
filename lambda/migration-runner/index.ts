import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DescribeTasksCommand, ECSClient, RunTaskCommand, StopTaskCommand } from '@aws-sdk/client-ecs';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { readEnvironment } from '../shared/env';
import { wrapHandler } from '../shared/handler';
import { ENV, MigrationEvent, Phase, PHASES, StartResult, WaitEvent, WaitResult } from './contract';
import { sdkClientConfig } from '../shared/sdk-client';
import { StartDependencies, startMigration } from './start';
import { WaitDependencies, waitForMigration } from './wait';

export interface Clients {
  readonly ecs: ECSClient;
  readonly cloudFormation: CloudFormationClient;
}

export function createDependencies(clients: Clients): StartDependencies & WaitDependencies {
  const { ecs, cloudFormation } = clients;
  return {
    async stackStatus(stackId) {
      const out = await cloudFormation.send(new DescribeStacksCommand({ StackName: stackId }));
      const status = out.Stacks?.[0]?.StackStatus;
      if (!status) throw new Error(`Stack ${stackId} has no status; not starting a migration without knowing whether it is rolling back`);
      return status;
    },
    async runTask(input) {
      const out = await ecs.send(new RunTaskCommand(input));
      return { taskArn: out.tasks?.[0]?.taskArn, failures: out.failures ?? [] };
    },
    async describeTask(cluster, taskArn) {
      const out = await ecs.send(new DescribeTasksCommand({ cluster, tasks: [taskArn] }));
      return out.tasks?.find((t) => t.taskArn === taskArn);
    },
    async stopTask(cluster, task, reason) {
      await ecs.send(new StopTaskCommand({ cluster, task, reason }));
    },
    now: () => new Date(),
  };
}

function readPhase(): Phase {
  const phase = readEnvironment([ENV.PHASE])[ENV.PHASE];
  if (!(PHASES as readonly string[]).includes(phase)) throw new Error(`${ENV.PHASE} is "${phase}"; expected one of ${PHASES.join(', ')}`);
  return phase as Phase;
}

export const createClients = (): Clients => ({
  ecs: new ECSClient(sdkClientConfig()),
  cloudFormation: new CloudFormationClient(sdkClientConfig()),
});

/** onEvent (`start`) and isComplete (`wait`) of the Custom::DatabaseMigration provider. */
export function createHandler(clients: Clients = createClients()) {
  const deps = createDependencies(clients);
  return wrapHandler(
    'migration-runner',
    async (event: MigrationEvent | WaitEvent, { logger, metrics }): Promise<StartResult | WaitResult> => {
      const phase = readPhase();
      const context = { phase, requestType: event.RequestType, resource: event.LogicalResourceId };
      try {
        if (phase === 'start') {
          const result = await startMigration(event, deps);
          logger.info('Migration start phase done', { ...context, outcome: result.Data.Outcome, taskArn: result.Data.TaskArn });
          if (result.Data.Outcome === 'started') metrics.addMetric('MigrationStarted', MetricUnit.Count, 1);
          return result;
        }
        const result = await waitForMigration(event as WaitEvent, deps);
        if (result.IsComplete && result.Data?.TaskArn) {
          logger.info('Migration succeeded', { ...context, taskArn: result.Data.TaskArn });
          metrics.addMetric('MigrationSucceeded', MetricUnit.Count, 1);
        }
        return result;
      } catch (error) {
        logger.error('Migration failed', { ...context, error: (error as Error).message });
        metrics.addMetric('MigrationFailed', MetricUnit.Count, 1);
        throw error;
      }
    },
    { publishesMetrics: true },
  );
}

/** Clients built once per container, at module scope; createHandler(clients) lets a test pass its own. */
export const handler = createHandler();
