import { isOurs, isUsableBackup, newestFirst, type SnapshotRecord } from '../../../../lambda/shared/backup/snapshot-record';
import { backupTags, tagMap } from '../../../../lambda/shared/backup/tags';

const ours: SnapshotRecord = {
  id: 'dev-db-2026-01-01',
  source: 'db',
  manual: true,
  status: 'available',
  createdAt: new Date('2026-01-01T03:00:00Z'),
  tags: tagMap(backupTags('dev', 'daily')),
};

describe('which snapshots are ours', () => {
  it('accepts a manual snapshot tagged with this stage and CreatedBy', () => {
    expect(isOurs(ours, 'dev')).toBe(true);
    expect(isUsableBackup(ours, 'dev')).toBe(true);
  });

  it.each<[string, Partial<SnapshotRecord>]>([
    ['automated', { manual: false }],
    ['tags not read', { tags: undefined }],
    ['another stage', { tags: { Stage: 'prod', CreatedBy: 'stage-platform-backup' } }],
    ['made by someone else', { tags: { Stage: 'dev', CreatedBy: 'console-user' } }],
    ['no tags at all', { tags: {} }],
  ])('rejects a snapshot that is %s', (_, change) => {
    expect(isOurs({ ...ours, ...change }, 'dev')).toBe(false);
  });

  it('does not count an incomplete or undated snapshot as a usable backup', () => {
    expect(isUsableBackup({ ...ours, status: 'creating' }, 'dev')).toBe(false);
    expect(isUsableBackup({ ...ours, createdAt: undefined }, 'dev')).toBe(false);
    expect(isUsableBackup({ ...ours, createdAt: new Date('not a date') }, 'dev')).toBe(false);
  });

  it('keeps "tags not read" apart from "no tags"', () => {
    expect(tagMap(undefined)).toBeUndefined();
    expect(tagMap([])).toEqual({});
    expect(tagMap([{ Key: 'Stage', Value: 'dev' }, { Value: 'orphan' }])).toEqual({ Stage: 'dev' });
  });

  it('orders newest first, ties by id', () => {
    const at = new Date('2026-01-01T00:00:00Z');
    const list = [
      { ...ours, id: 'b', createdAt: at },
      { ...ours, id: 'c', createdAt: new Date('2026-01-02T00:00:00Z') },
      { ...ours, id: 'a', createdAt: at },
    ];
    expect(list.sort(newestFirst).map((s) => s.id)).toEqual(['c', 'a', 'b']);
  });
});
