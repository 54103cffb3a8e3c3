import { ageHours, measureFreshness, newestUsableSnapshot, type FindNewest } from '../../../lambda/backup-monitor/freshness';
import type { SnapshotRecord } from '../../../lambda/shared/backup/snapshot-record';
import { awsError, memoryLog } from '../backup-support/output';

const NOW = new Date('2026-06-30T12:00:00Z');
const HOUR = 3_600_000;
const TAGS = { Stage: 'prod', CreatedBy: 'stage-platform-backup' };
const at = (hoursAgo: number) => new Date(NOW.getTime() - hoursAgo * HOUR);
const snap = (id: string, hoursAgo: number, overrides: Partial<SnapshotRecord> = {}): SnapshotRecord => ({
  id,
  source: 'db',
  manual: true,
  status: 'available',
  createdAt: at(hoursAgo),
  tags: TAGS,
  ...overrides,
});

describe('ageHours', () => {
  it('measures hours with two decimals and never goes negative', () => {
    expect(ageHours(at(26.5), NOW)).toBe(26.5);
    expect(ageHours(new Date(NOW.getTime() - 90_000), NOW)).toBe(0.03);
    expect(ageHours(at(-1), NOW)).toBe(0);
  });
});

describe('ageHours at the alarm thresholds (GreaterThanThreshold: 26 h daily kinds, 7 h cache)', () => {
  const SECOND = 1000;
  it('a daily backup exactly 26 h old reads 26, which leaves its alarm OK; 18 s older reads 26.01, which fires it', () => {
    expect(ageHours(at(26), NOW)).toBe(26);
    expect(ageHours(new Date(at(26).getTime() - 17 * SECOND), NOW)).toBe(26); // 26.0047 h: rounds to the threshold
    expect(ageHours(new Date(at(26).getTime() - 18 * SECOND), NOW)).toBe(26.01); // 26.005 h: rounds past it
  });

  it('a cache snapshot exactly 7 h old reads 7; 18 s older reads 7.01', () => {
    expect(ageHours(at(7), NOW)).toBe(7);
    expect(ageHours(new Date(at(7).getTime() - 18 * SECOND), NOW)).toBe(7.01);
  });

  it('a backup stamped a moment after now (clock skew) reads 0, not a negative age', () => {
    expect(ageHours(new Date(NOW.getTime() + 1), NOW)).toBe(0);
    expect(ageHours(NOW, NOW)).toBe(0);
  });
});

describe('newestUsableSnapshot', () => {
  it('picks the newest available snapshot of ours, ignoring newer ones that are not usable', () => {
    const found = newestUsableSnapshot(
      [
        snap('old', 30),
        snap('ours', 20),
        snap('creating', 1, { status: 'creating' }),
        snap('automated', 2, { manual: false }),
        snap('foreign', 3, { tags: { ...TAGS, Stage: 'dev' } }),
        snap('unread', 4, { tags: undefined }),
      ],
      'prod',
    );
    expect(found).toEqual({ name: 'ours', at: at(20) });
  });

  it('finds nothing when there is no usable snapshot', () => {
    expect(newestUsableSnapshot([snap('creating', 1, { status: 'creating' })], 'prod')).toBeUndefined();
  });
});

describe('measureFreshness', () => {
  const finders = (overrides: Partial<Record<string, FindNewest>> = {}) => ({
    dbSnapshot: async () => ({ name: 'db', at: at(5) }),
    drSnapshot: async () => ({ name: 'dr', at: at(6) }),
    cacheSnapshot: async () => ({ name: 'cache', at: at(1) }),
    dbDump: async () => ({ name: 'dump', at: at(10), sizeBytes: 123 }),
    configBackup: async () => ({ name: 'config', at: at(7) }),
    ...overrides,
  });

  it('reads the age of the newest backup of each kind', async () => {
    const result = await measureFreshness(finders(), NOW, memoryLog());
    expect(result.succeeded).toBe(true);
    expect(result.readings.map((r) => [r.kind, r.ageHours])).toEqual([
      ['dbSnapshot', 5],
      ['drSnapshot', 6],
      ['cacheSnapshot', 1],
      ['dbDump', 10],
      ['configBackup', 7],
    ]);
    expect(result.readings.find((r) => r.kind === 'dbDump')?.sizeBytes).toBe(123);
  });

  it('names the newer backups a lookup did not count, beside the age of the one it did', async () => {
    const skipped = ['dumps/prod/2026/06/30/app-20260630T010000Z.dump: no sidecar: the dump is incomplete or still being written'];
    const result = await measureFreshness(
      finders({ dbDump: async () => ({ newest: { name: 'older', at: at(30), sizeBytes: 4096 }, skipped }) }),
      NOW,
      memoryLog(),
    );
    expect(result.readings.find((r) => r.kind === 'dbDump')).toEqual({
      kind: 'dbDump',
      ageHours: 30,
      newest: 'older',
      sizeBytes: 4096,
      skipped,
    });
  });

  it('reads a huge age for a kind with no backup at all, so its alarm fires', async () => {
    const result = await measureFreshness(finders({ drSnapshot: async () => undefined }), NOW, memoryLog());
    expect(result.readings.find((r) => r.kind === 'drSnapshot')).toEqual({ kind: 'drSnapshot', ageHours: 9999, sizeBytes: 0 });
    expect(result.succeeded).toBe(true);
  });

  it('reads no age for a failed lookup, still measures the others, and reports failure', async () => {
    const log = memoryLog();
    const result = await measureFreshness(
      finders({
        cacheSnapshot: async () => {
          throw awsError('AccessDenied');
        },
      }),
      NOW,
      log,
    );
    expect(result.succeeded).toBe(false);
    expect(result.readings.find((r) => r.kind === 'cacheSnapshot')).toEqual({ kind: 'cacheSnapshot', error: 'AccessDenied' });
    expect(result.readings.filter((r) => r.ageHours !== undefined)).toHaveLength(4);
    expect(log.entries.filter((e) => e.level === 'error')).toHaveLength(1);
  });
});
