import { dumpTaskResult, isDumpTaskStopped, launchDailyDump, taskFamily } from '../../../lambda/db-dump/core';
import type { DumpTaskStoppedEvent } from '../../../lambda/db-dump/contract';

// The dump launcher's idempotence at its edges, and how a stopped task is read: which events are
// the dump's, and why a dump failed, in words.

const NOW = new Date('2026-11-22T02:30:00.000Z');
const DAY = 'dumps/prod/2026/11/22/';
const request = { stage: 'prod', databaseName: 'appdb', now: NOW };
const ports = (
  keys: string[],
  running: string[] = [],
  started: { taskArn?: string; failures: string[] } = { taskArn: 'arn:task/1', failures: [] },
) => ({
  listKeys: async () => keys,
  listActiveDumpTasks: async () => running,
  runDumpTask: async () => started,
});

describe('launchDailyDump', () => {
  it('a complete dump of this database today (its sidecar) stops a second one; the newest is named', async () => {
    const keys = [`${DAY}appdb-20261122T010000Z.dump.json`, `${DAY}appdb-20261122T020000Z.dump.json`, `${DAY}appdb-20261122T020000Z.dump`];
    await expect(launchDailyDump(request, ports(keys))).resolves.toEqual({
      outcome: 'already-dumped',
      succeeded: true,
      existingKey: `${DAY}appdb-20261122T020000Z.dump`,
    });
  });

  it.each([
    [`${DAY}appdb-20261122T020000Z.dump`],
    [`${DAY}otherdb-20261122T020000Z.dump.json`],
    [`${DAY}appdb-2026-11-22.dump.json`],
    [`${DAY}appdb-20261122T020000Z.dump.json.tmp`],
    [`dumps/prod/2026/11/21/appdb-20261121T020000Z.dump.json`],
  ])('%s is not a complete dump of today: a dump starts', async (key) => {
    await expect(launchDailyDump(request, ports([key]))).resolves.toMatchObject({
      outcome: 'started',
      dumpKey: `${DAY}appdb-20261122T023000Z.dump`,
      taskArn: 'arn:task/1',
    });
  });

  it('a busy dump task stops a second one', async () => {
    await expect(launchDailyDump(request, ports([], ['arn:task/0']))).resolves.toEqual({
      outcome: 'already-running',
      succeeded: true,
      taskArns: ['arn:task/0'],
    });
  });

  it('RunTask failures, or no task, are a failed launch with the reason', async () => {
    await expect(launchDailyDump(request, ports([], [], { failures: ['RESOURCE:MEMORY', 'AGENT'] }))).resolves.toEqual({
      outcome: 'failed',
      succeeded: false,
      dumpKey: `${DAY}appdb-20261122T023000Z.dump`,
      reason: 'RunTask failed: RESOURCE:MEMORY; AGENT',
    });
    await expect(launchDailyDump(request, ports([], [], { failures: [] }))).resolves.toMatchObject({
      outcome: 'failed',
      reason: 'RunTask failed: no task returned',
    });
    await expect(launchDailyDump(request, ports([], [], { taskArn: 'arn:task/2', failures: ['AGENT'] }))).resolves.toMatchObject({
      outcome: 'failed',
      reason: 'RunTask failed: AGENT',
    });
  });

  it('a failed lookup starts nothing and says why', async () => {
    let ran = false;
    const failing = {
      ...ports([]),
      listKeys: async () => {
        throw Object.assign(new Error('denied'), { name: 'AccessDenied' });
      },
      runDumpTask: async () => {
        ran = true;
        return { taskArn: 'x', failures: [] };
      },
    };
    await expect(launchDailyDump(request, failing)).resolves.toMatchObject({ outcome: 'failed', reason: 'AccessDenied: denied' });
    expect(ran).toBe(false);
  });
});

describe('a stopped dump task', () => {
  const event = (detail: Partial<DumpTaskStoppedEvent['detail']>): DumpTaskStoppedEvent =>
    ({
      source: 'aws.ecs',
      'detail-type': 'ECS Task State Change',
      detail: { lastStatus: 'STOPPED', taskArn: 'arn:task/1', ...detail },
    }) as DumpTaskStoppedEvent;
  const withKey = {
    overrides: {
      containerOverrides: [
        { name: 'other', environment: [] },
        {
          name: 'pg-dump',
          environment: [
            { name: 'X', value: 'y' },
            { name: 'DUMP_KEY', value: `${DAY}k.dump` },
          ],
        },
      ],
    },
  };

  it('is an ECS task state change to STOPPED, nothing else', () => {
    expect(isDumpTaskStopped(event({}))).toBe(true);
    expect(isDumpTaskStopped({ ...event({}), source: 'aws.ec2' })).toBe(false);
    expect(isDumpTaskStopped({ ...event({}), 'detail-type': 'ECS Container Instance State Change' })).toBe(false);
    expect(isDumpTaskStopped(event({ lastStatus: 'RUNNING' } as never))).toBe(false);
    expect(isDumpTaskStopped(undefined)).toBe(false);
    expect(isDumpTaskStopped({ source: 'aws.ecs', 'detail-type': 'ECS Task State Change' })).toBe(false);
  });

  it('finished only when the dump container exited 0; the key comes from its override', () => {
    expect(
      dumpTaskResult(
        event({
          ...withKey,
          containers: [
            { name: 'sidecar', exitCode: 1 },
            { name: 'pg-dump', exitCode: 0 },
          ],
        } as never),
      ),
    ).toEqual({
      taskArn: 'arn:task/1',
      dumpKey: `${DAY}k.dump`,
      outcome: 'dump-finished',
      succeeded: true,
    });
  });

  it('says why it failed: exit code, container reason, stop code and reason', () => {
    expect(
      dumpTaskResult(
        event({
          containers: [{ name: 'pg-dump', exitCode: 2, reason: 'OutOfMemory' }],
          stopCode: 'EssentialContainerExited',
          stoppedReason: 'Essential container exited',
        } as never),
      ),
    ).toEqual({
      taskArn: 'arn:task/1',
      outcome: 'dump-failed',
      succeeded: false,
      reason: 'dump container exited 2; OutOfMemory; EssentialContainerExited; Essential container exited',
    });
    expect(
      dumpTaskResult(event({ containers: [{ name: 'sidecar', exitCode: 0 }], stoppedReason: 'CannotPullContainerError' } as never)),
    ).toMatchObject({
      outcome: 'dump-failed',
      reason: 'dump container did not run to an exit code; CannotPullContainerError',
    });
    expect(dumpTaskResult(event({}))).toMatchObject({ outcome: 'dump-failed', reason: 'dump container did not run to an exit code' });
  });
});

describe('taskFamily', () => {
  it('reads the family with or without a revision, and refuses anything else', () => {
    expect(taskFamily('arn:aws:ecs:eu-west-1:1:task-definition/prod-dump:12')).toBe('prod-dump');
    expect(taskFamily('arn:aws:ecs:eu-west-1:1:task-definition/prod-dump')).toBe('prod-dump');
    expect(() => taskFamily('arn:aws:ecs:eu-west-1:1:task/prod-dump:12')).toThrow(
      'Not a task definition ARN: arn:aws:ecs:eu-west-1:1:task/prod-dump:12',
    );
    expect(() => taskFamily('arn:aws:ecs:eu-west-1:1:task-definition/prod-dump:12:x')).toThrow();
  });
});
