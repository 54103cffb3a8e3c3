import { readFreshness } from '../../../lambda/restore-test-freshness/core';

const now = new Date('2026-11-22T12:00:00Z');

describe('readFreshness', () => {
  it('counts hours since the last successful run, or since the workflow was created when none succeeded', async () => {
    const readings = await readFreshness({ database: 'arn:db', cache: 'arn:cache' }, {
      lastSuccess: async (arn) => (arn === 'arn:db' ? new Date('2026-11-15T06:42:00Z') : undefined),
      createdAt: async () => new Date('2026-11-20T12:00:00Z'),
    }, now);
    expect(readings).toEqual([
      { kind: 'database', hours: 173.3, since: 'last-success', at: '2026-11-15T06:42:00.000Z' },
      { kind: 'cache', hours: 48, since: 'workflow-created', at: '2026-11-20T12:00:00.000Z' },
    ]);
  });
});
