import { DescribeSnapshotsCommand, ElastiCacheClient, ListTagsForResourceCommand } from '@aws-sdk/client-elasticache';
import { DescribeDBSnapshotsCommand, RDSClient } from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { listManualCacheSnapshots } from '../../../../lambda/shared/backup/cache-snapshots';
import { findDbSnapshot, listManualDbSnapshots } from '../../../../lambda/shared/backup/rds-snapshots';
import { awsError } from '../../backup-support/output';

const rds = mockClient(RDSClient);
const elasticache = mockClient(ElastiCacheClient);
beforeEach(() => {
  rds.reset();
  elasticache.reset();
});

describe('listManualDbSnapshots', () => {
  it('reads every page of manual snapshots and maps them to records', async () => {
    rds
      .on(DescribeDBSnapshotsCommand, { Marker: undefined })
      .resolves({
        DBSnapshots: [
          {
            DBSnapshotIdentifier: 'a',
            DBInstanceIdentifier: 'db',
            SnapshotType: 'manual',
            Status: 'available',
            SnapshotCreateTime: new Date('2026-01-01T00:00:00Z'),
            TagList: [{ Key: 'Stage', Value: 'dev' }],
          },
        ],
        Marker: 'p2',
      })
      .on(DescribeDBSnapshotsCommand, { Marker: 'p2' })
      .resolves({ DBSnapshots: [{ DBSnapshotIdentifier: 'b', DBInstanceIdentifier: 'db', SnapshotType: 'manual', Status: 'creating' }] });
    const records = await listManualDbSnapshots(new RDSClient({ region: 'eu-west-1' }), { dbInstanceId: 'db' });
    expect(records.map((r) => r.id)).toEqual(['a', 'b']);
    expect(records[0]).toMatchObject({ source: 'db', manual: true, status: 'available', tags: { Stage: 'dev' } });
    expect(records[1].tags).toBeUndefined();
    expect(rds).toHaveReceivedCommandTimes(DescribeDBSnapshotsCommand, 2);
    expect(rds).toHaveReceivedNthSpecificCommandWith(1, DescribeDBSnapshotsCommand, {
      SnapshotType: 'manual',
      DBInstanceIdentifier: 'db',
      MaxRecords: 100,
    });
  });

  it('dates a cross-region copy by when the original was taken', async () => {
    rds.on(DescribeDBSnapshotsCommand).resolves({
      DBSnapshots: [
        {
          DBSnapshotIdentifier: 'a',
          SnapshotType: 'manual',
          SnapshotCreateTime: new Date('2026-01-02T00:00:00Z'),
          OriginalSnapshotCreateTime: new Date('2026-01-01T00:00:00Z'),
        },
      ],
    });
    const [record] = await listManualDbSnapshots(new RDSClient({ region: 'eu-central-1' }));
    expect(record.createdAt).toEqual(new Date('2026-01-01T00:00:00Z'));
  });

  it('fails the whole listing when a later page fails (after the SDK client has made its attempts)', async () => {
    rds
      .on(DescribeDBSnapshotsCommand, { Marker: undefined })
      .resolves({ DBSnapshots: [{ DBSnapshotIdentifier: 'a' }], Marker: 'p2' })
      .on(DescribeDBSnapshotsCommand, { Marker: 'p2' })
      .rejects(awsError('Throttling'));
    await expect(listManualDbSnapshots(new RDSClient({ region: 'eu-west-1' }))).rejects.toThrow('Throttling');
  });
});

describe('findDbSnapshot', () => {
  it('returns undefined only when RDS says the snapshot does not exist', async () => {
    rds.on(DescribeDBSnapshotsCommand, { DBSnapshotIdentifier: 'gone' }).rejects(awsError('DBSnapshotNotFoundFault'));
    rds.on(DescribeDBSnapshotsCommand, { DBSnapshotIdentifier: 'denied' }).rejects(awsError('AccessDenied'));
    const client = new RDSClient({ region: 'eu-west-1' });
    await expect(findDbSnapshot(client, 'gone')).resolves.toBeUndefined();
    await expect(findDbSnapshot(client, 'denied')).rejects.toThrow('AccessDenied');
  });
});

describe('listManualCacheSnapshots', () => {
  const snapshot = (name: string, created?: string) => ({
    SnapshotName: name,
    ARN: `arn:aws:elasticache:eu-west-1:111111111111:snapshot:${name}`,
    ReplicationGroupId: 'rg',
    SnapshotSource: 'manual',
    SnapshotStatus: 'available',
    NodeSnapshots: created ? [{ SnapshotCreateTime: new Date(created) }, { SnapshotCreateTime: new Date('2030-01-01T00:00:00Z') }] : [],
  });

  it('lists user snapshots over all pages and reads tags only where asked', async () => {
    elasticache
      .on(DescribeSnapshotsCommand, { Marker: undefined })
      .resolves({ Snapshots: [snapshot('dev-cache-1', '2026-01-01T00:00:00Z')], Marker: 'p2' })
      .on(DescribeSnapshotsCommand, { Marker: 'p2' })
      .resolves({ Snapshots: [snapshot('other-1')] });
    elasticache.on(ListTagsForResourceCommand).resolves({ TagList: [{ Key: 'Stage', Value: 'dev' }] });
    const records = await listManualCacheSnapshots(new ElastiCacheClient({ region: 'eu-west-1' }), {
      readTagsOf: (n) => n.startsWith('dev-cache-'),
    });
    expect(records.map((r) => [r.id, r.tags])).toEqual([
      ['dev-cache-1', { Stage: 'dev' }],
      ['other-1', undefined],
    ]);
    // The earliest node snapshot is when the backup began.
    expect(records[0].createdAt).toEqual(new Date('2026-01-01T00:00:00Z'));
    expect(records[0]).toMatchObject({ source: 'rg', manual: true, status: 'available' });
    expect(elasticache).toHaveReceivedNthSpecificCommandWith(1, DescribeSnapshotsCommand, { SnapshotSource: 'user', MaxRecords: 50 });
    expect(elasticache).toHaveReceivedCommandTimes(ListTagsForResourceCommand, 1);
    expect(elasticache).toHaveReceivedCommandWith(ListTagsForResourceCommand, {
      ResourceName: 'arn:aws:elasticache:eu-west-1:111111111111:snapshot:dev-cache-1',
    });
  });

  it('leaves tags unknown (and says so) when they cannot be read', async () => {
    elasticache.on(DescribeSnapshotsCommand).resolves({ Snapshots: [snapshot('dev-cache-1', '2026-01-01T00:00:00Z')] });
    elasticache.on(ListTagsForResourceCommand).rejects(awsError('AccessDenied'));
    const failed: string[] = [];
    const [record] = await listManualCacheSnapshots(new ElastiCacheClient({ region: 'eu-west-1' }), {
      readTagsOf: () => true,
      onTagError: (name) => failed.push(name),
    });
    expect(record.tags).toBeUndefined();
    expect(failed).toEqual(['dev-cache-1']);
  });

  it('fails the listing when a page fails', async () => {
    elasticache
      .on(DescribeSnapshotsCommand, { Marker: undefined })
      .resolves({ Snapshots: [], Marker: 'p2' })
      .on(DescribeSnapshotsCommand, { Marker: 'p2' })
      .rejects(awsError('InvalidParameterValue'));
    await expect(listManualCacheSnapshots(new ElastiCacheClient({ region: 'eu-west-1' }), { readTagsOf: () => true })).rejects.toThrow(
      'InvalidParameterValue',
    );
  });
});
