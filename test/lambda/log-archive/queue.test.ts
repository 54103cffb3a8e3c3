import { exportPrefix } from '../../../lambda/log-archive/contract';
import {
  type ExportItem,
  MAX_EXPORT_ATTEMPTS,
  afterStatus,
  applyUpdates,
  enqueueWindow,
  nextExport,
  previousWeek,
} from '../../../lambda/log-archive/queue';

const WEEK = { from: '2026-03-02T00:00:00.000Z', to: '2026-03-09T00:00:00.000Z' };
const EARLIER = { from: '2026-02-23T00:00:00.000Z', to: '2026-03-02T00:00:00.000Z' };
const item = (logGroupName: string, window = WEEK, fields: Partial<ExportItem> = {}): ExportItem => ({
  logGroupName,
  ...window,
  status: 'pending',
  attempts: 0,
  ...fields,
});

describe('previousWeek', () => {
  it.each([
    ['2026-03-09T04:00:00Z', WEEK], // a Monday: the week that just ended
    ['2026-03-15T23:59:59Z', WEEK], // the Sunday after: still that week
    ['2026-03-16T00:00:00Z', { from: '2026-03-09T00:00:00.000Z', to: '2026-03-16T00:00:00.000Z' }],
  ])('at %s is Monday to Monday (UTC) of the last full week', (now, expected) => {
    expect(previousWeek(new Date(now))).toEqual(expected);
  });
});

it('puts exports under logs/<stage>/<group without leading slash>/<week start>', () => {
  expect(exportPrefix('prod', '/aws/lambda/prod-Ops-Fn', WEEK.from)).toBe('logs/prod/aws/lambda/prod-Ops-Fn/2026-03-02');
  expect(exportPrefix('dev', 'dev-Services-ApiLogs', WEEK.from)).toBe('logs/dev/dev-Services-ApiLogs/2026-03-02');
});

describe('enqueueWindow', () => {
  it('queues each group once per week, even when started twice', () => {
    const once = enqueueWindow({ items: [] }, ['b', 'a', 'a'], WEEK);
    expect(once.items.map((i) => [i.logGroupName, i.status])).toEqual([
      ['a', 'pending'],
      ['b', 'pending'],
    ]);
    expect(enqueueWindow(once, ['a', 'b'], WEEK)).toEqual(once);
  });

  it('forgets finished exports of earlier weeks but keeps unfinished ones first in line', () => {
    const queue = {
      items: [item('done', EARLIER, { status: 'done' }), item('failed', EARLIER, { status: 'failed' }), item('late', EARLIER)],
    };
    const next = enqueueWindow(queue, ['a'], WEEK);
    expect(next.items.map((i) => `${i.logGroupName}@${i.from.slice(0, 10)}`)).toEqual(['late@2026-02-23', 'a@2026-03-02']);
    expect(nextExport(next)?.logGroupName).toBe('late');
  });
});

describe('moving the queue on', () => {
  it('prefers the running export to any pending one', () => {
    expect(nextExport({ items: [item('a'), item('b', WEEK, { status: 'running', taskId: 't' })] })?.logGroupName).toBe('b');
    expect(nextExport({ items: [item('a', WEEK, { status: 'done' })] })).toBeUndefined();
  });

  it('marks COMPLETED done, keeps RUNNING running, and retries FAILED until the attempts run out', () => {
    const running = item('a', WEEK, { status: 'running', taskId: 't1', attempts: 1 });
    expect(afterStatus(running, 'COMPLETED')).toMatchObject({ status: 'done' });
    expect(afterStatus(running, 'RUNNING')).toBe('still-running');
    expect(afterStatus(running, 'PENDING')).toBe('still-running');
    const retry = afterStatus(running, 'FAILED', 'bucket denied');
    expect(retry).toEqual({ ...item('a'), attempts: 1, lastError: 'export task t1 FAILED: bucket denied' });
    expect(afterStatus({ ...running, attempts: MAX_EXPORT_ATTEMPTS }, 'CANCELLED')).toMatchObject({ status: 'failed' });
  });

  it('an export that failed on its second attempt is tried again; one that failed on its third and last is given up', () => {
    expect(MAX_EXPORT_ATTEMPTS).toBe(3);
    const failedOn = (attempts: number) => afterStatus(item('a', WEEK, { status: 'running', taskId: 't1', attempts }), 'FAILED');
    expect(failedOn(2)).toMatchObject({ status: 'pending', attempts: 2 });
    expect(failedOn(3)).toMatchObject({ status: 'failed', attempts: 3 });
  });

  it('applies updates by log group and week, the later update of one export winning', () => {
    const queue = { items: [item('a'), item('a', EARLIER), item('b')] };
    const next = applyUpdates(queue, [
      item('a', WEEK, { status: 'pending', attempts: 1 }),
      item('a', WEEK, { status: 'running', attempts: 2, taskId: 't' }),
    ]);
    expect(next.items.map((i) => [i.logGroupName, i.from.slice(0, 10), i.status])).toEqual([
      ['a', '2026-03-02', 'running'],
      ['a', '2026-02-23', 'pending'],
      ['b', '2026-03-02', 'pending'],
    ]);
  });
});
