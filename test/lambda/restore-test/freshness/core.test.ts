import { readFreshness } from '../../../../lambda/restore-test/freshness/core';

const now = new Date('2026-11-22T12:00:00Z');

describe('readFreshness', () => {
  it('counts hours since the last successful run, or since the workflow was created when none succeeded', async () => {
    const readings = await readFreshness(
      { database: 'arn:db', cache: 'arn:cache' },
      {
        lastSuccess: async (arn) => (arn === 'arn:db' ? new Date('2026-11-15T06:42:00Z') : undefined),
        createdAt: async () => new Date('2026-11-20T12:00:00Z'),
      },
      now,
    );
    expect(readings).toEqual([
      { kind: 'database', hours: 173.3, since: 'last-success', at: '2026-11-15T06:42:00.000Z' },
      { kind: 'cache', hours: 48, since: 'workflow-created', at: '2026-11-20T12:00:00.000Z' },
    ]);
  });

  it('at the eight-day alarm (GreaterThanThreshold 192 h, tenths of an hour): exactly 192 h reads 192, 2 min 59 s more still 192, 3 min more 192.1', async () => {
    const hoursSince = async (ms: number) =>
      (
        await readFreshness(
          { database: 'arn:db', cache: 'arn:cache' },
          { lastSuccess: async () => new Date(now.getTime() - ms), createdAt: async () => now },
          now,
        )
      )[0].hours;
    const HOUR = 3_600_000;
    expect(await hoursSince(192 * HOUR)).toBe(192);
    expect(await hoursSince(192 * HOUR + 179_000)).toBe(192);
    expect(await hoursSince(192 * HOUR + 180_000)).toBe(192.1);
  });

  it('a success stamped after now (clock skew) reads 0 hours, never negative', async () => {
    const readings = await readFreshness(
      { database: 'arn:db', cache: 'arn:cache' },
      { lastSuccess: async () => new Date(now.getTime() + 60_000), createdAt: async () => now },
      now,
    );
    expect(readings[0].hours).toBe(0);
  });
});
