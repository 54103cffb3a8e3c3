import { assessTask, TaskView, WaitDependencies, waitForMigration } from '../../../lambda/migration-runner/wait';
import { CLUSTER, TASK_ARN, waitEvent } from './fixtures';

const STARTED_AT = '2026-11-20T10:00:00.000Z';
const at = (seconds: number) => new Date(Date.parse(STARTED_AT) + seconds * 1000);

function fakeDeps(task: TaskView | undefined, secondsLater: number, stopError?: Error) {
  const stopped: Array<[string, string]> = [];
  const deps: WaitDependencies = {
    describeTask: async (cluster, taskArn) => (cluster === CLUSTER && taskArn === TASK_ARN ? task : undefined),
    async stopTask(cluster, taskArn) {
      if (stopError) throw stopError;
      stopped.push([cluster, taskArn]);
    },
    now: () => at(secondsLater),
  };
  return { deps, stopped };
}

const task = (lastStatus: string, extra: Partial<TaskView> = {}): TaskView => ({
  taskArn: TASK_ARN,
  lastStatus,
  containers: [{ name: 'api' }],
  ...extra,
});
const LOG_LINK =
  'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logsV2:log-groups/log-group/$252Fecs$252Fprod$252Fapi/log-events/api$252Fapi$252F0123456789abcdef0123456789abcdef';

describe('waitForMigration', () => {
  it('success: the container exited 0, so the resource is complete', async () => {
    const { deps } = fakeDeps(
      task('STOPPED', {
        containers: [
          { name: 'sidecar', exitCode: 1 },
          { name: 'api', exitCode: 0 },
        ],
      }),
      120,
    );
    await expect(waitForMigration(waitEvent(STARTED_AT), deps)).resolves.toEqual({
      IsComplete: true,
      Data: { Outcome: 'started', TaskArn: TASK_ARN, StartedAt: STARTED_AT, ExitCode: '0' },
    });
  });

  it('keeps polling while the task runs within its timeout', async () => {
    const { deps } = fakeDeps(task('RUNNING'), 600);
    await expect(waitForMigration(waitEvent(STARTED_AT), deps)).resolves.toEqual({ IsComplete: false });
  });

  it('non-zero exit fails the deploy with the exit code and a link to the task log', async () => {
    const { deps } = fakeDeps(task('STOPPED', { stopCode: 'EssentialContainerExited', containers: [{ name: 'api', exitCode: 3 }] }), 60);
    const failure = waitForMigration(waitEvent(STARTED_AT), deps);
    await expect(failure).rejects.toThrow(
      'Migration task 0123456789abcdef0123456789abcdef failed with exit code 3 (EssentialContainerExited)',
    );
    await expect(failure).rejects.toThrow(`Logs: /ecs/prod/api api/api/0123456789abcdef0123456789abcdef: ${LOG_LINK}`);
  });

  it('a task stopped before the container ran (image pull error) fails with the stop reason', async () => {
    const stoppedTask = task('STOPPED', {
      stopCode: 'TaskFailedToStart',
      stoppedReason: 'CannotPullContainerError: pull access denied',
      containers: [{ name: 'api', reason: 'CannotPullContainerError' }],
    });
    const { deps } = fakeDeps(stoppedTask, 60);
    await expect(waitForMigration(waitEvent(STARTED_AT), deps)).rejects.toThrow(
      /stopped before container api exited: TaskFailedToStart; CannotPullContainerError: pull access denied; CannotPullContainerError\. Logs: /,
    );
  });

  it('a task stuck in PENDING past the start limit is stopped and fails the deploy', async () => {
    const { deps, stopped } = fakeDeps(task('PENDING'), 301);
    await expect(waitForMigration(waitEvent(STARTED_AT), deps)).rejects.toThrow(
      /did not start within 300 s \(last status PENDING\); it is stopped/,
    );
    expect(stopped).toEqual([[CLUSTER, TASK_ARN]]);
  });

  it('a stuck task that cannot be stopped says so in the failure', async () => {
    const { deps } = fakeDeps(task('PROVISIONING'), 400, Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    await expect(waitForMigration(waitEvent(STARTED_AT), deps)).rejects.toThrow(
      /Stopping it failed \(AccessDeniedException: denied\); stop it by hand\./,
    );
  });

  it('a task still PENDING within the start limit is waited for', async () => {
    const { deps, stopped } = fakeDeps(task('PENDING'), 299);
    await expect(waitForMigration(waitEvent(STARTED_AT), deps)).resolves.toEqual({ IsComplete: false });
    expect(stopped).toEqual([]);
  });

  it('timeout: a task still running past the limit fails the deploy and is left running', async () => {
    const { deps, stopped } = fakeDeps(task('RUNNING'), 901);
    await expect(waitForMigration(waitEvent(STARTED_AT), deps)).rejects.toThrow(
      /still RUNNING after 15 min; the deploy fails and the task is left running/,
    );
    expect(stopped).toEqual([]);
  });

  it('no task was started (unchanged, rollback, delete): complete at once without asking ECS', async () => {
    const { deps } = fakeDeps(undefined, 0);
    deps.describeTask = () => Promise.reject(new Error('must not be called'));
    const event = { ...waitEvent(STARTED_AT), Data: { Outcome: 'unchanged' as const, TaskArn: '', StartedAt: '' } };
    await expect(waitForMigration(event, deps)).resolves.toEqual({
      IsComplete: true,
      Data: { Outcome: 'unchanged', TaskArn: '', StartedAt: '', ExitCode: '' },
    });
  });
});

describe('assessTask', () => {
  const ctx = { containerName: 'api', timeoutSeconds: 900, startLimitSeconds: 300, logLink: 'L' };

  it('a task ECS does not know yet is waited for, then counts as never started', () => {
    expect(assessTask(undefined, { ...ctx, secondsSinceStart: 10 })).toEqual({ kind: 'waiting' });
    expect(assessTask(undefined, { ...ctx, secondsSinceStart: 301 }).kind).toBe('stuck');
  });

  it('the start limit never exceeds the overall timeout', () => {
    expect(assessTask(task('PENDING'), { ...ctx, startLimitSeconds: 1200, secondsSinceStart: 901 }).kind).toBe('stuck');
  });

  it('a stopped task without the named container fails', () => {
    expect(assessTask(task('STOPPED', { containers: [{ name: 'other', exitCode: 0 }] }), { ...ctx, secondsSinceStart: 5 }).kind).toBe(
      'failed',
    );
  });
});
