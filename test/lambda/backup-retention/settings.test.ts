import { parseSettings } from '../../../lambda/backup-retention/settings';

const ENV = {
  STAGE: 'prod',
  DR_REGION: 'eu-central-1',
  SNAPSHOT_RETENTION_DAYS: '30',
  KEEP_LATEST_SNAPSHOTS: '7',
  CACHE_SNAPSHOT_RETENTION_DAYS: '7',
  DRY_RUN: 'false',
};

describe('parseSettings', () => {
  it('reads whole numbers and the dry-run flag', () => {
    expect(parseSettings(ENV)).toEqual({
      stage: 'prod',
      drRegion: 'eu-central-1',
      snapshotRetentionDays: 30,
      keepLatest: 7,
      cacheSnapshotRetentionDays: 7,
      dryRun: false,
    });
    expect(parseSettings({ ...ENV, DRY_RUN: 'true' }).dryRun).toBe(true);
  });

  it('accepts 1, the smallest period and count, and refuses 0 for each', () => {
    expect(
      parseSettings({ ...ENV, SNAPSHOT_RETENTION_DAYS: '1', KEEP_LATEST_SNAPSHOTS: '1', CACHE_SNAPSHOT_RETENTION_DAYS: '1' }),
    ).toMatchObject({ snapshotRetentionDays: 1, keepLatest: 1, cacheSnapshotRetentionDays: 1 });
    for (const name of ['SNAPSHOT_RETENTION_DAYS', 'KEEP_LATEST_SNAPSHOTS', 'CACHE_SNAPSHOT_RETENTION_DAYS']) {
      expect(() => parseSettings({ ...ENV, [name]: '0' })).toThrow(
        `Invalid retention settings: ${name} must be a whole number >= 1; got "0"`,
      );
    }
  });

  it('rejects every unclear value at once rather than guessing', () => {
    expect(() =>
      parseSettings({
        ...ENV,
        SNAPSHOT_RETENTION_DAYS: '0',
        KEEP_LATEST_SNAPSHOTS: '7.5',
        CACHE_SNAPSHOT_RETENTION_DAYS: 'seven',
        DRY_RUN: 'yes',
      }),
    ).toThrow(
      'Invalid retention settings: SNAPSHOT_RETENTION_DAYS must be a whole number >= 1; got "0"; KEEP_LATEST_SNAPSHOTS must be a whole number >= 1; got "7.5"; CACHE_SNAPSHOT_RETENTION_DAYS must be a whole number >= 1; got "seven"; DRY_RUN must be "true" or "false"; got "yes"',
    );
  });
});
