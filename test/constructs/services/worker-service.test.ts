import { Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { STAGES } from '../../../lib/config/stages';
import { CpuArchitecture, WorkerServiceConfig } from '../../../lib/config/types';
import { WorkerService } from '../../../lib/constructs/services/worker-service';
import { testStack, testVpc } from '../../support/fixtures';

/** A worker of dev's size with the given architecture and Spot share, in a fresh stack. */
function worker(architecture: CpuArchitecture, spotPercent: number): () => Template {
  const stack = testStack();
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc: testVpc(stack), enableFargateCapacityProviders: true });
  const secret = new secretsmanager.Secret(stack, 'Secret');
  const config: WorkerServiceConfig = { ...STAGES.dev.worker, architecture, spotPercent };
  return () => {
    new WorkerService(stack, 'Worker', {
      stage: 'dev',
      cluster,
      worker: config,
      queue: new sqs.Queue(stack, 'Queue'),
      logRetention: logs.RetentionDays.ONE_WEEK,
      connections: {
        databaseWriterHost: 'db',
        databaseReaderHosts: 'db',
        databasePort: '5432',
        databaseName: 'app',
        databaseSecret: secret,
        cacheHost: 'cache',
        cacheReaderHost: 'cache',
        cachePort: '6379',
        cacheAuthSecret: secret,
        queueUrl: 'https://sqs.eu-west-1.amazonaws.com/111111111111/q',
      },
    });
    return Template.fromStack(stack);
  };
}

describe('WorkerService capacity', () => {
  test('refuses Fargate Spot for an ARM64 task, which Spot never places', () => {
    expect(worker('ARM64', 50)).toThrow(
      'WorkerService: spotPercent 50 needs architecture X86_64 (Fargate Spot runs no ARM64 task); set spotPercent to 0 or architecture to X86_64',
    );
  });

  test('runs an ARM64 worker on demand', () => {
    const service = Object.values(worker('ARM64', 0)().findResources('AWS::ECS::Service'))[0];
    expect(service.Properties.CapacityProviderStrategy).toEqual([{ CapacityProvider: 'FARGATE', Weight: 1 }]);
  });

  test('puts the Spot share of an X86_64 worker on Spot, with one on-demand task as a base', () => {
    const service = Object.values(worker('X86_64', 60)().findResources('AWS::ECS::Service'))[0];
    expect(service.Properties.CapacityProviderStrategy).toEqual([
      { CapacityProvider: 'FARGATE', Base: 1, Weight: 40 },
      { CapacityProvider: 'FARGATE_SPOT', Weight: 60 },
    ]);
  });
});
