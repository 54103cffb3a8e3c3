import { toCacheSnapshotRecord } from '../../../lambda/shared/backup/cache-snapshots';

// How a cache snapshot becomes a record. (Which errors are retried: retry.test.ts.)

describe('a cache snapshot as a record', () => {
  it('takes the earliest node snapshot as its time and the replication group as its source', () => {
    const record = toCacheSnapshotRecord(
      {
        SnapshotName: 'prod-cache-2026-11-22',
        ARN: 'arn:aws:elasticache:eu-west-1:1:snapshot:prod-cache-2026-11-22',
        ReplicationGroupId: 'prod-cache',
        CacheClusterId: 'prod-cache-001',
        SnapshotSource: 'manual',
        SnapshotStatus: 'available',
        NodeSnapshots: [
          { SnapshotCreateTime: new Date('2026-11-22T03:05:00Z') },
          { SnapshotCreateTime: new Date('2026-11-22T03:01:00Z') },
          {},
        ],
      },
      { Stage: 'prod' },
    );
    expect(record).toEqual({
      id: 'prod-cache-2026-11-22',
      arn: 'arn:aws:elasticache:eu-west-1:1:snapshot:prod-cache-2026-11-22',
      source: 'prod-cache',
      manual: true,
      status: 'available',
      createdAt: new Date('2026-11-22T03:01:00Z'),
      tags: { Stage: 'prod' },
    });
  });

  it('an automatic snapshot of a cluster without times or a name is still a record, with nothing invented', () => {
    expect(toCacheSnapshotRecord({ CacheClusterId: 'dev-cache-001', SnapshotSource: 'automated', NodeSnapshots: [] }, undefined)).toEqual({
      id: '',
      arn: undefined,
      source: 'dev-cache-001',
      manual: false,
      status: 'unknown',
      createdAt: undefined,
      tags: undefined,
    });
    expect(toCacheSnapshotRecord({}, undefined).source).toBe('');
  });
});
