import { cacheSnapshotName, cacheSnapshotPrefix, dbSnapshotId, dbSnapshotPrefix } from '../../../../lambda/shared/backup/names';

describe('backup names', () => {
  it('names the daily DB snapshot <stage>-<instance>-YYYY-MM-DD in UTC', () => {
    expect(dbSnapshotId('prod', 'appdb', new Date('2026-03-04T23:59:59Z'))).toBe('prod-appdb-2026-03-04');
    // 23:30 in UTC-5 is already the next day in UTC: the UTC date wins.
    expect(dbSnapshotId('prod', 'appdb', new Date('2026-03-04T23:30:00-05:00'))).toBe('prod-appdb-2026-03-05');
  });

  it('gives the same name to every run of one UTC day and a new one the next day', () => {
    const morning = dbSnapshotId('dev', 'db1', new Date('2026-01-01T00:00:00Z'));
    expect(dbSnapshotId('dev', 'db1', new Date('2026-01-01T23:59:59.999Z'))).toBe(morning);
    expect(dbSnapshotId('dev', 'db1', new Date('2026-01-02T00:00:00Z'))).not.toBe(morning);
  });

  it('lower-cases the identifier as RDS stores it', () => {
    expect(dbSnapshotId('dev', 'AppDB', new Date('2026-01-01T00:00:00Z'))).toBe('dev-appdb-2026-01-01');
  });

  it('refuses to build an identifier RDS would reject', () => {
    expect(() => dbSnapshotId('dev', 'bad_name', new Date('2026-01-01T00:00:00Z'))).toThrow(/valid RDS snapshot identifier.*bad_name/);
    expect(() => dbSnapshotId('dev', 'x-', new Date('2026-01-01T00:00:00Z'))).toThrow(/valid RDS snapshot identifier/);
  });

  it('starts every DB snapshot with the stage prefix IAM is scoped to', () => {
    expect(dbSnapshotId('staging', 'db', new Date('2026-01-01T00:00:00Z')).startsWith(dbSnapshotPrefix('staging'))).toBe(true);
  });

  it('names the cache snapshot <stage>-cache-YYYYMMDD-HHmm in UTC', () => {
    expect(cacheSnapshotName('prod', new Date('2026-07-09T06:05:59Z'))).toBe('prod-cache-20260709-0605');
    expect(cacheSnapshotName('prod', new Date('2026-07-09T06:05:00Z')).startsWith(cacheSnapshotPrefix('prod'))).toBe(true);
  });
});
