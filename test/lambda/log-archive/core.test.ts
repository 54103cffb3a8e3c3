import { type ArchivePorts, runLogArchive } from '../../../lambda/log-archive/core';
import type { ArchiveQueue, ExportItem } from '../../../lambda/log-archive/queue';

const MONDAY = new Date('2026-03-09T04:00:00Z');
const limitExceeded = () => Object.assign(new Error('Resource limit exceeded.'), { name: 'LimitExceededException' });

/** An in-memory state object with ETags, and a fake CloudWatch Logs that runs one export at a time. */
function world(groups: string[] = ['dev-Api', 'dev-Worker']) {
  let stored: { queue: ArchiveQueue; etag: string } | undefined;
  let writes = 0;
  const statuses = new Map<string, string>();
  const exports: { group: string; prefix: string }[] = [];
  const ports: ArchivePorts & { beforeWrite?: () => Promise<void>; createError?: Error } = {
    readQueue: async () => (stored ? structuredClone(stored) : undefined),
    writeQueue: async (queue, expectedEtag) => {
      await ports.beforeWrite?.();
      if (expectedEtag !== stored?.etag) return false;
      writes += 1;
      stored = { queue: structuredClone(queue), etag: `"${writes}"` };
      return true;
    },
    listLogGroups: async () => groups,
    exportStatus: async (taskId) => ({ code: statuses.get(taskId) ?? 'UNKNOWN' }),
    createExport: async (item: ExportItem, prefix: string) => {
      if (ports.createError) throw ports.createError;
      if ([...statuses.values()].some((s) => s === 'RUNNING')) throw limitExceeded();
      const taskId = `task-${exports.length + 1}`;
      statuses.set(taskId, 'RUNNING');
      exports.push({ group: item.logGroupName, prefix });
      return taskId;
    },
  };
  return {
    ports,
    exports,
    statuses,
    queue: () => stored?.queue,
    finish: (taskId: string, code = 'COMPLETED') => statuses.set(taskId, code),
  };
}

it('start queues last week for every group; continue exports them one at a time until done', async () => {
  const w = world();
  expect(await runLogArchive({ action: 'start' }, 'dev', MONDAY, w.ports)).toEqual({
    action: 'start',
    succeeded: true,
    queued: 2,
    remaining: 2,
  });
  expect(w.exports).toEqual([]);

  expect(await runLogArchive({ action: 'continue' }, 'dev', MONDAY, w.ports)).toMatchObject({
    succeeded: true,
    started: 'dev-Api',
    remaining: 2,
  });
  expect(await runLogArchive({ action: 'continue' }, 'dev', MONDAY, w.ports)).toMatchObject({
    succeeded: true,
    waiting: 'export-running',
    remaining: 2,
  });
  expect(w.exports).toHaveLength(1);

  w.finish('task-1');
  expect(await runLogArchive({ action: 'continue' }, 'dev', MONDAY, w.ports)).toMatchObject({
    completed: ['dev-Api'],
    started: 'dev-Worker',
    remaining: 1,
  });
  w.finish('task-2');
  expect(await runLogArchive({ action: 'continue' }, 'dev', MONDAY, w.ports)).toMatchObject({
    succeeded: true,
    completed: ['dev-Worker'],
    remaining: 0,
  });
  expect(await runLogArchive({ action: 'continue' }, 'dev', MONDAY, w.ports)).toEqual({
    action: 'continue',
    succeeded: true,
    completed: [],
    failed: [],
    remaining: 0,
  });

  expect(w.exports).toEqual([
    { group: 'dev-Api', prefix: 'logs/dev/dev-Api/2026-03-02' },
    { group: 'dev-Worker', prefix: 'logs/dev/dev-Worker/2026-03-02' },
  ]);
  expect(w.queue()?.items.map((i) => i.status)).toEqual(['done', 'done']);
});

it('waits, without failing or counting an attempt, while another export holds the account limit', async () => {
  const w = world();
  await runLogArchive({ action: 'start' }, 'dev', MONDAY, w.ports);
  w.statuses.set('someone-elses-task', 'RUNNING');
  expect(await runLogArchive({ action: 'continue' }, 'dev', MONDAY, w.ports)).toMatchObject({
    succeeded: true,
    waiting: 'account-limit',
    remaining: 2,
  });
  expect(w.queue()?.items[0]).toMatchObject({ status: 'pending', attempts: 0 });
});

it('retries a failed export and reports failure once it has failed three times', async () => {
  const w = world(['dev-Api']);
  await runLogArchive({ action: 'start' }, 'dev', MONDAY, w.ports);
  const results = [];
  for (let round = 1; round <= 3; round++) {
    await runLogArchive({ action: 'continue' }, 'dev', MONDAY, w.ports);
    w.finish(`task-${round}`, 'FAILED');
    results.push(await runLogArchive({ action: 'continue' }, 'dev', MONDAY, w.ports));
  }
  // The first two failures start the next attempt at once; the third gives up.
  expect(results.map((r) => [r.succeeded, r.started ?? null])).toEqual([
    [true, 'dev-Api'],
    [true, 'dev-Api'],
    [false, null],
  ]);
  expect(results[2]).toMatchObject({ failed: ['dev-Api'], remaining: 0 });
  expect(w.queue()?.items[0]).toMatchObject({ status: 'failed', attempts: 3, lastError: 'export task task-3 FAILED' });
});

it('counts an error from CreateExportTask as a failed attempt', async () => {
  const w = world(['dev-Api']);
  await runLogArchive({ action: 'start' }, 'dev', MONDAY, w.ports);
  w.ports.createError = Object.assign(new Error('GetBucketAcl call on the given bucket failed'), { name: 'InvalidParameterException' });
  const result = await runLogArchive({ action: 'continue' }, 'dev', MONDAY, w.ports);
  expect(result).toMatchObject({ succeeded: true, remaining: 1 });
  expect(w.queue()?.items[0]).toMatchObject({
    status: 'pending',
    attempts: 1,
    lastError: expect.stringContaining('InvalidParameterException'),
  });
});

it('reports an unfinished earlier week at the next start and keeps it ahead of the new one', async () => {
  const w = world(['dev-Api']);
  await runLogArchive({ action: 'start' }, 'dev', MONDAY, w.ports);
  const nextMonday = new Date('2026-03-16T04:00:00Z');
  const result = await runLogArchive({ action: 'start' }, 'dev', nextMonday, w.ports);
  expect(result).toMatchObject({ succeeded: false, queued: 1, remaining: 2, reason: expect.stringContaining('earlier week') });
  expect(w.queue()?.items.map((i) => i.from.slice(0, 10))).toEqual(['2026-03-02', '2026-03-09']);
});

it('fails a start that finds no log group at all, rather than archive nothing quietly', async () => {
  const w = world([]);
  expect(await runLogArchive({ action: 'start' }, 'dev', MONDAY, w.ports)).toMatchObject({
    succeeded: false,
    reason: expect.stringContaining('No log group'),
  });
  expect(w.queue()).toBeUndefined();
});

it('re-applies its update when a concurrent start wrote the queue in between', async () => {
  const w = world(['dev-Api']);
  await runLogArchive({ action: 'start' }, 'dev', MONDAY, w.ports);
  let raced = false;
  let racerResult: unknown;
  w.ports.beforeWrite = async () => {
    if (raced) return;
    raced = true;
    // Another invocation queues next week between this run's read and its write.
    racerResult = await runLogArchive({ action: 'start' }, 'dev', new Date('2026-03-16T04:00:00Z'), w.ports);
  };
  const result = await runLogArchive({ action: 'continue' }, 'dev', MONDAY, w.ports);
  expect(racerResult).toMatchObject({ queued: 1 });
  expect(result).toMatchObject({ started: 'dev-Api' });
  expect(w.queue()?.items.map((i) => [i.from.slice(0, 10), i.status])).toEqual([
    ['2026-03-02', 'running'],
    ['2026-03-09', 'pending'],
  ]);
});

it('reports a failed run when the queue cannot be read', async () => {
  const w = world();
  w.ports.readQueue = async () => Promise.reject(Object.assign(new Error('denied'), { name: 'AccessDenied' }));
  expect(await runLogArchive({ action: 'continue' }, 'dev', MONDAY, w.ports)).toEqual({
    action: 'continue',
    succeeded: false,
    reason: 'AccessDenied: denied',
  });
});
