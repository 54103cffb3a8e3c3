import {
  CloudWatchLogsClient,
  CreateExportTaskCommand,
  DescribeExportTasksCommand,
  DescribeLogGroupsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { handler } from '../../../lambda/log-archive/index';
import type { ArchiveQueue } from '../../../lambda/log-archive/queue';
import { handlerHarness } from '../backup-storage/harness';

const logs = mockClient(CloudWatchLogsClient);
const s3 = mockClient(S3Client);
const { metricValues } = handlerHarness({
  STAGE: 'dev',
  ARCHIVE_BUCKET: 'archive-bucket',
  LOG_GROUP_PATTERN: 'dev-',
  LOG_GROUP_PREFIXES: '/aws/rds/instance/app-dev/, /ecs/extra',
});
const STATE_KEY = 'state/log-archive/dev.json';

/** A GetObject output whose body the handler can read (only transformToString is used). */
function stored(queue: ArchiveQueue, etag = '"s1"') {
  return { Body: { transformToString: async () => JSON.stringify(queue) } as never, ETag: etag };
}

const noSuchKey = () => Object.assign(new Error('The specified key does not exist.'), { name: 'NoSuchKey' });

beforeEach(() => {
  logs.reset();
  s3.reset();
  jest.useFakeTimers({ now: new Date('2026-03-09T04:00:00Z'), doNotFake: ['setTimeout', 'setImmediate', 'nextTick', 'queueMicrotask'] });
});
afterEach(() => jest.useRealTimers());

it('start: finds groups by pattern (all pages) and by each prefix, and writes the queue only if none exists yet', async () => {
  logs
    .on(DescribeLogGroupsCommand, { logGroupNamePattern: 'dev-' })
    .resolves({ logGroups: [{ logGroupName: 'dev-Api' }], nextToken: 'p2' });
  logs
    .on(DescribeLogGroupsCommand, { logGroupNamePattern: 'dev-', nextToken: 'p2' })
    .resolves({ logGroups: [{ logGroupName: 'dev-Worker' }] });
  logs
    .on(DescribeLogGroupsCommand, { logGroupNamePrefix: '/aws/rds/instance/app-dev/' })
    .resolves({ logGroups: [{ logGroupName: '/aws/rds/instance/app-dev/postgresql' }] });
  logs.on(DescribeLogGroupsCommand, { logGroupNamePrefix: '/ecs/extra' }).resolves({ logGroups: [{ logGroupName: 'dev-Api' }] });
  s3.on(GetObjectCommand).rejects(noSuchKey());
  s3.on(PutObjectCommand).resolves({});

  const result = await handler({ action: 'start' });

  expect(result).toMatchObject({ succeeded: true, queued: 3 });
  const put = s3.commandCalls(PutObjectCommand)[0].args[0].input;
  expect(put).toMatchObject({ Bucket: 'archive-bucket', Key: STATE_KEY, IfNoneMatch: '*' });
  const queue = JSON.parse(put.Body as string) as ArchiveQueue;
  expect(queue.items.map((i) => i.logGroupName)).toEqual(['/aws/rds/instance/app-dev/postgresql', 'dev-Api', 'dev-Worker']);
  expect(queue.items[0]).toMatchObject({ from: '2026-03-02T00:00:00.000Z', to: '2026-03-09T00:00:00.000Z', status: 'pending' });
  expect(metricValues('BackupSucceeded')).toEqual([1]);
});

it('continue: starts the next export with the week window and prefix, then records its task id conditionally', async () => {
  const queue: ArchiveQueue = {
    items: [
      {
        logGroupName: '/aws/lambda/dev-Fn',
        from: '2026-03-02T00:00:00.000Z',
        to: '2026-03-09T00:00:00.000Z',
        status: 'pending',
        attempts: 0,
      },
    ],
  };
  s3.on(GetObjectCommand).callsFake(() => stored(queue));
  s3.on(PutObjectCommand).resolves({});
  logs.on(CreateExportTaskCommand).resolves({ taskId: 'export-1' });

  const result = await handler({ action: 'continue' });

  expect(logs).toHaveReceivedCommandWith(CreateExportTaskCommand, {
    logGroupName: '/aws/lambda/dev-Fn',
    from: Date.parse('2026-03-02T00:00:00Z'),
    to: Date.parse('2026-03-09T00:00:00Z') - 1,
    destination: 'archive-bucket',
    destinationPrefix: 'logs/dev/aws/lambda/dev-Fn/2026-03-02',
  });
  expect(s3).toHaveReceivedCommandWith(PutObjectCommand, { Key: STATE_KEY, IfMatch: '"s1"' });
  expect(JSON.parse(s3.commandCalls(PutObjectCommand)[0].args[0].input.Body as string).items[0]).toMatchObject({
    status: 'running',
    taskId: 'export-1',
    attempts: 1,
  });
  expect(result).toMatchObject({ succeeded: true, started: '/aws/lambda/dev-Fn' });
});

it('continue: LimitExceededException means wait; nothing is written and the run is not a failure', async () => {
  const queue: ArchiveQueue = {
    items: [{ logGroupName: 'dev-Api', from: '2026-03-02T00:00:00.000Z', to: '2026-03-09T00:00:00.000Z', status: 'pending', attempts: 0 }],
  };
  s3.on(GetObjectCommand).callsFake(() => stored(queue));
  logs.on(CreateExportTaskCommand).rejects(Object.assign(new Error('Resource limit exceeded.'), { name: 'LimitExceededException' }));

  expect(await handler({ action: 'continue' })).toMatchObject({ succeeded: true, waiting: 'account-limit' });
  expect(s3).not.toHaveReceivedCommand(PutObjectCommand);
  expect(metricValues('BackupSucceeded')).toEqual([1]);
});

it("continue: asks for the running export's status by task id", async () => {
  const queue: ArchiveQueue = {
    items: [
      {
        logGroupName: 'dev-Api',
        from: '2026-03-02T00:00:00.000Z',
        to: '2026-03-09T00:00:00.000Z',
        status: 'running',
        taskId: 'export-7',
        attempts: 1,
      },
    ],
  };
  s3.on(GetObjectCommand).callsFake(() => stored(queue));
  logs.on(DescribeExportTasksCommand).resolves({ exportTasks: [{ taskId: 'export-7', status: { code: 'RUNNING' } }] });

  expect(await handler({ action: 'continue' })).toMatchObject({ waiting: 'export-running', remaining: 1 });
  expect(logs).toHaveReceivedCommandWith(DescribeExportTasksCommand, { taskId: 'export-7' });
  expect(logs).not.toHaveReceivedCommand(CreateExportTaskCommand);
});

it('rejects an event without a known action', async () => {
  await expect(handler({ action: 'everything' })).rejects.toThrow(/"start" \| "continue"/);
  expect(metricValues('BackupSucceeded')).toEqual([0]);
  expect(logs.calls()).toHaveLength(0);
});

it('start: a listing the deadline cuts off queues nothing and fails the run, however many log groups there are', async () => {
  const started = Date.now();
  // 300 s left; the first page back comes after the budget's deadline (its margin holds the queue's save). The listings run side by side.
  logs.on(DescribeLogGroupsCommand).callsFake(() => {
    jest.setSystemTime(started + 250_000);
    return { logGroups: [{ logGroupName: 'dev-Api' }], nextToken: 'more' };
  });

  const result = await handler({ action: 'start' }, { getRemainingTimeInMillis: () => 300_000 });

  expect(result).toMatchObject({
    succeeded: false,
    reason: expect.stringMatching(/^DeadlineReached: Listing page \d: not started, the run reached its deadline/),
  });
  expect(logs.commandCalls(DescribeLogGroupsCommand).filter((c) => c.args[0].input.nextToken)).toHaveLength(0);
  expect(s3.calls()).toHaveLength(0);
  expect(metricValues('BackupSucceeded')).toEqual([0]);
});
