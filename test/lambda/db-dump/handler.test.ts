import { ECSClient, ListTasksCommand, RunTaskCommand } from '@aws-sdk/client-ecs';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { handler } from '../../../lambda/db-dump/index';
import { handlerHarness } from '../backup-storage/harness';

const s3 = mockClient(S3Client);
const ecs = mockClient(ECSClient);
const TASK_DEFINITION = 'arn:aws:ecs:eu-west-1:111111111111:task-definition/dev-DbDumpTask:3';
const CLUSTER = 'arn:aws:ecs:eu-west-1:111111111111:cluster/dev';
const { metricValues } = handlerHarness({
  STAGE: 'dev',
  BACKUP_BUCKET: 'backup-bucket',
  CLUSTER_ARN: CLUSTER,
  TASK_DEFINITION_ARN: TASK_DEFINITION,
  SUBNET_IDS: 'subnet-a,subnet-b',
  SECURITY_GROUP_IDS: 'sg-dump',
  DATABASE_NAME: 'app',
});

beforeEach(() => {
  s3.reset();
  ecs.reset();
  jest.useFakeTimers({ now: new Date('2026-03-09T03:00:00Z'), doNotFake: ['setTimeout', 'setImmediate', 'nextTick', 'queueMicrotask'] });
});
afterEach(() => jest.useRealTimers());

it("lists today's prefix, checks the family, runs the task privately with the key override, and reports success", async () => {
  s3.on(ListObjectsV2Command).resolves({ Contents: [] });
  ecs.on(ListTasksCommand).resolves({ taskArns: [] });
  ecs.on(RunTaskCommand).resolves({ tasks: [{ taskArn: 'arn:task/new' }], failures: [] });

  const result = await handler({});

  expect(s3).toHaveReceivedCommandWith(ListObjectsV2Command, { Bucket: 'backup-bucket', Prefix: 'dumps/dev/2026/03/09/' });
  expect(ecs).toHaveReceivedCommandWith(ListTasksCommand, { cluster: CLUSTER, family: 'dev-DbDumpTask', desiredStatus: 'RUNNING' });
  expect(ecs).toHaveReceivedCommandWith(RunTaskCommand, {
    cluster: CLUSTER,
    taskDefinition: TASK_DEFINITION,
    launchType: 'FARGATE',
    networkConfiguration: {
      awsvpcConfiguration: { subnets: ['subnet-a', 'subnet-b'], securityGroups: ['sg-dump'], assignPublicIp: 'DISABLED' },
    },
    overrides: {
      containerOverrides: [
        { name: 'pg-dump', environment: [{ name: 'DUMP_KEY', value: 'dumps/dev/2026/03/09/app-20260309T030000Z.dump' }] },
      ],
    },
  });
  expect(result).toMatchObject({ outcome: 'started', taskArn: 'arn:task/new' });
  expect(metricValues('BackupSucceeded')).toEqual([1]);
});

it('treats a RunTask response with failures as a failure and publishes 0', async () => {
  s3.on(ListObjectsV2Command).resolves({});
  ecs.on(ListTasksCommand).resolves({ taskArns: [] });
  ecs.on(RunTaskCommand).resolves({ tasks: [], failures: [{ arn: 'arn:x', reason: 'RESOURCE:ENI' }] });

  expect(await handler({})).toMatchObject({ outcome: 'failed', reason: 'RunTask failed: arn:x: RESOURCE:ENI' });
  expect(metricValues('BackupSucceeded')).toEqual([0]);
});

it('starts nothing when S3 cannot be listed, and publishes 0', async () => {
  s3.on(ListObjectsV2Command).rejects(Object.assign(new Error('denied'), { name: 'AccessDenied' }));

  expect(await handler({})).toMatchObject({ outcome: 'failed' });
  expect(ecs).not.toHaveReceivedCommand(RunTaskCommand);
  expect(metricValues('BackupSucceeded')).toEqual([0]);
});

it('records a stopped dump task from EventBridge without calling AWS', async () => {
  const event = {
    source: 'aws.ecs',
    'detail-type': 'ECS Task State Change',
    detail: { taskArn: 'arn:task/9', lastStatus: 'STOPPED', containers: [{ name: 'pg-dump', exitCode: 2 }] },
  };
  expect(await handler(event)).toMatchObject({ outcome: 'dump-failed', succeeded: false });
  expect(s3.calls()).toHaveLength(0);
  expect(ecs.calls()).toHaveLength(0);
  expect(metricValues('BackupSucceeded')).toEqual([0]);
});
