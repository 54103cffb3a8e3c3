import { dumpDayPrefix, dumpKey } from '../../../lambda/db-dump/contract';
import { type DumpLauncherPorts, dumpTaskResult, isDumpTaskStopped, launchDailyDump, taskFamily } from '../../../lambda/db-dump/core';

const NOW = new Date('2026-03-09T03:00:07.123Z');
const REQUEST = { stage: 'prod', databaseName: 'app', now: NOW };
const DAY = 'dumps/prod/2026/03/09/';

/** Plain fakes of the ports, recording the keys runDumpTask was asked for. */
function ports(overrides: Partial<DumpLauncherPorts> = {}) {
  const runs: string[] = [];
  const fake: DumpLauncherPorts = {
    listKeys: async () => [],
    listActiveDumpTasks: async () => [],
    runDumpTask: async (key) => {
      runs.push(key);
      return { taskArn: 'arn:aws:ecs:eu-west-1:111111111111:task/c/abc', failures: [] };
    },
    ...overrides,
  };
  return { fake, runs };
}

describe('dump keys', () => {
  it('are dumps/<stage>/YYYY/MM/DD/<dbname>-<basic ISO timestamp>.dump, in UTC', () => {
    expect(dumpKey('prod', 'app', NOW)).toBe('dumps/prod/2026/03/09/app-20260309T030007Z.dump');
    expect(dumpDayPrefix('dev', new Date('2026-12-31T23:59:59Z'))).toBe('dumps/dev/2026/12/31/');
  });
});

describe('launchDailyDump', () => {
  it("starts a task streaming to today's key when no dump exists and none is running", async () => {
    const { fake, runs } = ports();
    const result = await launchDailyDump(REQUEST, fake);
    expect(runs).toEqual(['dumps/prod/2026/03/09/app-20260309T030007Z.dump']);
    expect(result).toEqual({
      outcome: 'started',
      succeeded: true,
      dumpKey: runs[0],
      taskArn: 'arn:aws:ecs:eu-west-1:111111111111:task/c/abc',
    });
  });

  it('starts nothing when today already has a completed dump (its sidecar) of this database', async () => {
    const listed: string[] = [];
    const { fake, runs } = ports({
      listKeys: async (prefix) => {
        listed.push(prefix);
        return [`${DAY}app-20260309T010000Z.dump`, `${DAY}app-20260309T010000Z.dump.json`];
      },
    });
    const result = await launchDailyDump(REQUEST, fake);
    expect(listed).toEqual([DAY]);
    expect(runs).toEqual([]);
    expect(result).toEqual({ outcome: 'already-dumped', succeeded: true, existingKey: `${DAY}app-20260309T010000Z.dump` });
  });

  it("does not count a dump without sidecar, nor another database's dump, as today's", async () => {
    const { fake, runs } = ports({
      listKeys: async () => [
        `${DAY}app-20260309T010000Z.dump`,
        `${DAY}app-archive-20260309T010000Z.dump.json`,
        `${DAY}other-20260309T010000Z.dump.json`,
      ],
    });
    expect((await launchDailyDump(REQUEST, fake)).outcome).toBe('started');
    expect(runs).toHaveLength(1);
  });

  it('starts nothing while a dump task of the family is pending or running', async () => {
    const { fake, runs } = ports({ listActiveDumpTasks: async () => ['arn:task/1'] });
    expect(await launchDailyDump(REQUEST, fake)).toEqual({ outcome: 'already-running', succeeded: true, taskArns: ['arn:task/1'] });
    expect(runs).toEqual([]);
  });

  it('reports RunTask failures as a failed launch', async () => {
    const { fake } = ports({ runDumpTask: async () => ({ failures: ['arn:x: RESOURCE:ENI'] }) });
    const result = await launchDailyDump(REQUEST, fake);
    expect(result).toMatchObject({ outcome: 'failed', succeeded: false, reason: 'RunTask failed: arn:x: RESOURCE:ENI' });
  });

  it('starts nothing and fails when a lookup fails', async () => {
    const denied = Object.assign(new Error('not allowed'), { name: 'AccessDenied' });
    for (const broken of [{ listKeys: async () => Promise.reject(denied) }, { listActiveDumpTasks: async () => Promise.reject(denied) }]) {
      const { fake, runs } = ports(broken);
      const result = await launchDailyDump(REQUEST, fake);
      expect(runs).toEqual([]);
      expect(result).toMatchObject({ outcome: 'failed', succeeded: false, reason: 'AccessDenied: not allowed' });
    }
  });
});

describe('a stopped dump task', () => {
  const stopped = (containers: { name: string; exitCode?: number; reason?: string }[], extra: object = {}) => ({
    source: 'aws.ecs' as const,
    'detail-type': 'ECS Task State Change' as const,
    detail: {
      taskArn: 'arn:task/9',
      lastStatus: 'STOPPED',
      containers,
      overrides: { containerOverrides: [{ name: 'pg-dump', environment: [{ name: 'DUMP_KEY', value: `${DAY}app-x.dump` }] }] },
      ...extra,
    },
  });

  it('is recognised only when it has stopped', () => {
    expect(isDumpTaskStopped(stopped([]))).toBe(true);
    expect(isDumpTaskStopped({ ...stopped([]), detail: { ...stopped([]).detail, lastStatus: 'RUNNING' } })).toBe(false);
    expect(isDumpTaskStopped({ source: 'aws.scheduler' })).toBe(false);
  });

  it('succeeded only when the dump container exited 0', () => {
    expect(dumpTaskResult(stopped([{ name: 'pg-dump', exitCode: 0 }]))).toEqual({
      outcome: 'dump-finished',
      succeeded: true,
      taskArn: 'arn:task/9',
      dumpKey: `${DAY}app-x.dump`,
    });
    expect(dumpTaskResult(stopped([{ name: 'pg-dump', exitCode: 1 }], { stopCode: 'EssentialContainerExited' }))).toMatchObject({
      outcome: 'dump-failed',
      succeeded: false,
      reason: 'dump container exited 1; EssentialContainerExited',
    });
    expect(
      dumpTaskResult(stopped([{ name: 'pg-dump', reason: 'CannotPullContainerError' }], { stoppedReason: 'Task failed to start' })),
    ).toMatchObject({
      succeeded: false,
      reason: 'dump container did not run to an exit code; CannotPullContainerError; Task failed to start',
    });
  });
});

it('reads the family from a task definition ARN and rejects anything else', () => {
  expect(taskFamily('arn:aws:ecs:eu-west-1:111111111111:task-definition/prod-DbDump-abc:12')).toBe('prod-DbDump-abc');
  expect(() => taskFamily('arn:aws:ecs:eu-west-1:111111111111:cluster/x')).toThrow(/Not a task definition ARN/);
});
