import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DescribeTasksCommand, ECSClient, RunTaskCommand, StopTaskCommand } from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { ENV } from '../../../lambda/migration-runner/contract';
import { handler } from '../../../lambda/migration-runner/index';
import { CLUSTER, createEvent, STACK_ID, TASK_ARN, updateEvent, waitEvent } from './fixtures';

const ecs = mockClient(ECSClient);
const cloudFormation = mockClient(CloudFormationClient);

beforeEach(() => {
  ecs.reset();
  cloudFormation.reset();
  process.env.STAGE = 'test';
});

afterEach(() => {
  delete process.env[ENV.PHASE];
});

describe('migration-runner handler, start phase', () => {
  beforeEach(() => {
    process.env[ENV.PHASE] = 'start';
  });

  it('sends RunTask with the command override and returns the task', async () => {
    ecs.on(RunTaskCommand).resolves({ tasks: [{ taskArn: TASK_ARN }], failures: [] });
    const result = await handler(createEvent());

    expect(ecs).toHaveReceivedCommandTimes(RunTaskCommand, 1);
    expect(ecs).toHaveReceivedCommandWith(RunTaskCommand, {
      cluster: CLUSTER,
      launchType: 'FARGATE',
      clientToken: 'req-1',
      overrides: { containerOverrides: [{ name: 'api', command: ['npm', 'run', 'migrate'] }] },
    });
    expect(result).toMatchObject({ Data: { Outcome: 'started', TaskArn: TASK_ARN } });
  });

  it('checks the stack status before an update and sends no RunTask during a rollback', async () => {
    cloudFormation
      .on(DescribeStacksCommand)
      .resolves({ Stacks: [{ StackName: 's', StackStatus: 'UPDATE_ROLLBACK_IN_PROGRESS', CreationTime: new Date() }] });
    const result = await handler(updateEvent({ TriggerHash: 'a'.repeat(64) }));

    expect(cloudFormation).toHaveReceivedCommandWith(DescribeStacksCommand, { StackName: STACK_ID });
    expect(ecs).not.toHaveReceivedCommand(RunTaskCommand);
    expect(result).toMatchObject({ Data: { Outcome: 'rollback' } });
  });
});

describe('migration-runner handler, wait phase', () => {
  beforeEach(() => {
    process.env[ENV.PHASE] = 'wait';
  });

  it('describes the task and completes when it exited 0', async () => {
    ecs
      .on(DescribeTasksCommand)
      .resolves({ tasks: [{ taskArn: TASK_ARN, lastStatus: 'STOPPED', containers: [{ name: 'api', exitCode: 0 }] }] });
    const result = await handler(waitEvent(new Date().toISOString()));

    expect(ecs).toHaveReceivedCommandWith(DescribeTasksCommand, { cluster: CLUSTER, tasks: [TASK_ARN] });
    expect(result).toMatchObject({ IsComplete: true, Data: { ExitCode: '0' } });
  });

  it('sends StopTask for a task stuck in PENDING and fails', async () => {
    ecs.on(DescribeTasksCommand).resolves({ tasks: [{ taskArn: TASK_ARN, lastStatus: 'PENDING' }] });
    ecs.on(StopTaskCommand).resolves({});
    const longAgo = new Date(Date.now() - 3600_000).toISOString();

    await expect(handler(waitEvent(longAgo))).rejects.toThrow(/did not start within 300 s/);
    expect(ecs).toHaveReceivedCommandWith(StopTaskCommand, { cluster: CLUSTER, task: TASK_ARN });
  });
});

it('refuses to run without a known phase', async () => {
  process.env[ENV.PHASE] = 'later';
  await expect(handler(createEvent())).rejects.toThrow('MIGRATION_PHASE is "later"; expected one of start, wait');
  expect(ecs).not.toHaveReceivedCommand(RunTaskCommand);
});
