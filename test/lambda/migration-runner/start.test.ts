import type { RunTaskCommandInput } from '@aws-sdk/client-ecs';
import { decideStart, physicalIdFor, RunTaskOutcome, StartDependencies, startMigration } from '../../../lambda/migration-runner/start';
import { CLUSTER, createEvent, PROPERTIES, STACK_ID, TASK_ARN, updateEvent } from './fixtures';

const NOW = new Date('2026-11-20T10:00:00.000Z');

/** Dependencies that record what they were asked and answer as told. */
function fakeDeps(answer: RunTaskOutcome | Error = { taskArn: TASK_ARN, failures: [] }, status = 'UPDATE_IN_PROGRESS') {
  const calls = { runTask: [] as RunTaskCommandInput[], stackStatus: [] as string[] };
  const deps: StartDependencies = {
    async stackStatus(stackId) {
      calls.stackStatus.push(stackId);
      return status;
    },
    async runTask(input) {
      calls.runTask.push(input);
      if (answer instanceof Error) throw answer;
      return answer;
    },
    now: () => NOW,
  };
  return { deps, calls };
}

describe('startMigration', () => {
  it('starts one Fargate task from the API task definition with the command override, in the given subnets and security groups', async () => {
    const { deps, calls } = fakeDeps();
    const result = await startMigration(createEvent(), deps);

    expect(calls.runTask).toEqual([
      {
        cluster: CLUSTER,
        taskDefinition: PROPERTIES.TaskDefinitionArn,
        launchType: 'FARGATE',
        count: 1,
        clientToken: 'req-1',
        startedBy: 'deploy-migration',
        propagateTags: 'TASK_DEFINITION',
        networkConfiguration: {
          awsvpcConfiguration: { subnets: ['subnet-1', 'subnet-2'], securityGroups: ['sg-1'], assignPublicIp: 'DISABLED' },
        },
        overrides: { containerOverrides: [{ name: 'api', command: ['npm', 'run', 'migrate'] }] },
      },
    ]);
    expect(result).toEqual({
      PhysicalResourceId: 'migration-bbbbbbbbbbbbbbbb',
      Data: { Outcome: 'started', TaskArn: TASK_ARN, StartedAt: NOW.toISOString() },
    });
    expect(calls.stackStatus).toEqual([]);
  });

  it('re-run with the same image and command starts no task and keeps the resource', async () => {
    const { deps, calls } = fakeDeps();
    const result = await startMigration(updateEvent({ Subnets: ['subnet-9'] }), deps);

    expect(calls.runTask).toEqual([]);
    expect(result).toEqual({
      PhysicalResourceId: 'migration-aaaaaaaaaaaaaaaa',
      Data: { Outcome: 'unchanged', TaskArn: '', StartedAt: '' },
    });
  });

  it('a new image starts a task and moves to a new physical id', async () => {
    const { deps, calls } = fakeDeps();
    const result = await startMigration(updateEvent({ Image: 'api:v1', TriggerHash: 'a'.repeat(64) }), deps);

    expect(calls.stackStatus).toEqual([STACK_ID]);
    expect(calls.runTask).toHaveLength(1);
    expect(result.PhysicalResourceId).toBe('migration-bbbbbbbbbbbbbbbb');
  });

  it('during a stack rollback starts no task (old migrations must not run against a newer schema)', async () => {
    const { deps, calls } = fakeDeps(undefined, 'UPDATE_ROLLBACK_IN_PROGRESS');
    const result = await startMigration(updateEvent({ TriggerHash: 'a'.repeat(64) }), deps);

    expect(calls.runTask).toEqual([]);
    expect(result.Data.Outcome).toBe('rollback');
  });

  it('delete never touches the database', async () => {
    const { deps, calls } = fakeDeps();
    const result = await startMigration(createEvent({ RequestType: 'Delete', PhysicalResourceId: 'migration-x' }), deps);

    expect(calls.runTask).toEqual([]);
    expect(result).toEqual({ PhysicalResourceId: 'migration-x', Data: { Outcome: 'deleted', TaskArn: '', StartedAt: '' } });
  });

  it('RunTask failures fail the deploy with their reasons', async () => {
    const { deps } = fakeDeps({ failures: [{ arn: 'arn:...:container-instance/x', reason: 'RESOURCE:ENI', detail: 'no free IPs' }] });
    await expect(startMigration(createEvent(), deps)).rejects.toThrow(
      /Migration task did not start \(RunTask on .*cluster\/prod-services\): RESOURCE:ENI no free IPs/,
    );
  });

  it('RunTask returning no task and no failure fails the deploy', async () => {
    const { deps } = fakeDeps({ failures: [] });
    await expect(startMigration(createEvent(), deps)).rejects.toThrow(/RunTask returned no task and no failure reason/);
  });

  it('a RunTask error fails the deploy and names the error', async () => {
    const error = Object.assign(new Error('TaskDefinition is inactive'), { name: 'InvalidParameterException' });
    const { deps } = fakeDeps(error);
    await expect(startMigration(createEvent(), deps)).rejects.toThrow(
      `did not start (RunTask on ${CLUSTER}): InvalidParameterException: TaskDefinition is inactive`,
    );
  });

  it('a failed stack-status lookup fails rather than guessing', async () => {
    const { deps, calls } = fakeDeps();
    deps.stackStatus = async () => {
      throw new Error('AccessDenied');
    };
    await expect(startMigration(updateEvent({ TriggerHash: 'a'.repeat(64) }), deps)).rejects.toThrow('AccessDenied');
    expect(calls.runTask).toEqual([]);
  });
});

describe('decideStart', () => {
  it.each([
    ['UPDATE_IN_PROGRESS', true],
    ['UPDATE_ROLLBACK_IN_PROGRESS', false],
    ['IMPORT_ROLLBACK_IN_PROGRESS', false],
  ])('an update while the stack is %s runs: %s', (status, runs) => {
    expect(decideStart(updateEvent({ TriggerHash: 'a'.repeat(64) }), status).run).toBe(runs);
  });

  it('physical id follows the trigger hash', () => {
    expect(physicalIdFor({ ...PROPERTIES, TriggerHash: '0123456789abcdef0123' })).toBe('migration-0123456789abcdef');
  });
});
