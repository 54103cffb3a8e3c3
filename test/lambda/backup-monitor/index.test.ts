import { DescribeSnapshotsCommand, ElastiCacheClient, ListTagsForResourceCommand } from '@aws-sdk/client-elasticache';
import { DescribeDBSnapshotsCommand, RDSClient } from '@aws-sdk/client-rds';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createHandler } from '../../../lambda/backup-monitor/index';
import { awsError, captureStdout } from '../backup-support/output';
import { jsonBody } from '../restore-test/common/fixtures';

const ENV = { STAGE: 'prod', DR_REGION: 'eu-central-1', BACKUP_BUCKET: 'backups' };
const NOW = new Date('2026-06-30T12:00:00Z');
const HOUR = 3_600_000;
const at = (hoursAgo: number) => new Date(NOW.getTime() - hoursAgo * HOUR);
const DUMP_29 = 'dumps/prod/2026/06/29/app-20260629T010000Z.dump';
const DUMP_30 = 'dumps/prod/2026/06/30/app-20260630T010000Z.dump';
const OUR_TAGS = [
  { Key: 'Stage', Value: 'prod' },
  { Key: 'CreatedBy', Value: 'stage-platform-backup' },
];

const rds = new RDSClient({ region: 'eu-west-1' });
const drRds = new RDSClient({ region: 'eu-central-1' });
const elasticache = new ElastiCacheClient({ region: 'eu-west-1' });
const s3 = new S3Client({ region: 'eu-west-1' });
const mocks = { rds: mockClient(rds), dr: mockClient(drRds), ec: mockClient(elasticache), s3: mockClient(s3) };
let output: ReturnType<typeof captureStdout>;

beforeEach(() => {
  for (const m of Object.values(mocks)) m.reset();
  mocks.rds.on(DescribeDBSnapshotsCommand).resolves({
    DBSnapshots: [
      {
        DBSnapshotIdentifier: 'prod-appdb-2026-06-30',
        SnapshotType: 'manual',
        Status: 'available',
        SnapshotCreateTime: at(9),
        TagList: OUR_TAGS,
      },
      {
        DBSnapshotIdentifier: 'prod-appdb-2026-07-01',
        SnapshotType: 'manual',
        Status: 'creating',
        SnapshotCreateTime: at(0.1),
        TagList: OUR_TAGS,
      },
    ],
  });
  mocks.dr.on(DescribeDBSnapshotsCommand).resolves({
    DBSnapshots: [
      {
        DBSnapshotIdentifier: 'prod-appdb-2026-06-29',
        SnapshotType: 'manual',
        Status: 'available',
        SnapshotCreateTime: at(1),
        OriginalSnapshotCreateTime: at(33),
        TagList: OUR_TAGS,
      },
    ],
  });
  mocks.ec.on(DescribeSnapshotsCommand).resolves({
    Snapshots: [
      {
        SnapshotName: 'prod-cache-20260630-0600',
        ARN: 'arn:aws:elasticache:eu-west-1:111111111111:snapshot:prod-cache-20260630-0600',
        SnapshotSource: 'manual',
        SnapshotStatus: 'available',
        NodeSnapshots: [{ SnapshotCreateTime: at(6) }],
      },
    ],
  });
  mocks.ec.on(ListTagsForResourceCommand).resolves({ TagList: OUR_TAGS });
  // Each dump with its sidecar, which dump.sh writes after the dump: the sidecar is the newest object.
  mocks.s3
    .on(ListObjectsV2Command, { Prefix: 'dumps/prod/', ContinuationToken: undefined })
    .resolves({
      IsTruncated: true,
      NextContinuationToken: 't2',
      Contents: [
        { Key: DUMP_29, LastModified: at(34), Size: 3000 },
        { Key: `${DUMP_29}.json`, LastModified: at(33.9), Size: 205 },
      ],
    })
    .on(ListObjectsV2Command, { Prefix: 'dumps/prod/', ContinuationToken: 't2' })
    .resolves({
      IsTruncated: false,
      Contents: [
        { Key: DUMP_30, LastModified: at(10), Size: 4096 },
        { Key: `${DUMP_30}.json`, LastModified: at(9.9), Size: 211 },
      ],
    })
    .on(GetObjectCommand, { Key: `${DUMP_29}.json` })
    .resolves({ Body: jsonBody({ key: DUMP_29, sizeBytes: 3000 }) })
    .on(GetObjectCommand, { Key: `${DUMP_30}.json` })
    .resolves({ Body: jsonBody({ key: DUMP_30, sizeBytes: 4096 }) })
    .on(ListObjectsV2Command, { Prefix: 'config/prod/latest.json' })
    .resolves({
      Contents: [
        { Key: 'config/prod/latest.json', LastModified: at(7) },
        { Key: 'config/prod/latest.json.old', LastModified: at(1) },
      ],
    });
  output = captureStdout();
});
afterEach(() => output.restore());

const run = (env: Record<string, string> = ENV) => createHandler({ env, now: () => NOW, clients: { rds, drRds, elasticache, s3 } })();

describe('backup-monitor handler', () => {
  it('publishes the age of the newest backup of each kind and the newest dump size', async () => {
    const result = await run();
    expect(result.succeeded).toBe(true);
    expect(output.metrics()).toEqual({
      BackupSucceeded: [1],
      LatestDbSnapshotAgeHours: [9],
      LatestDrSnapshotAgeHours: [33],
      LatestCacheSnapshotAgeHours: [6],
      LatestDbDumpAgeHours: [10],
      LatestDbDumpSizeBytes: [4096],
      LatestConfigBackupAgeHours: [7],
    });
    expect(output.metricContexts()[0]).toMatchObject({
      namespace: 'StagePlatform',
      dimensions: ['service', 'Stage'],
      values: { service: 'backup-monitor', Stage: 'prod' },
    });
    expect(mocks.s3).toHaveReceivedCommandTimes(ListObjectsV2Command, 3);
    expect(mocks.s3).toHaveReceivedCommandWith(ListObjectsV2Command, { Bucket: 'backups', Prefix: 'dumps/prod/' });
    expect(mocks.s3).toHaveReceivedCommandWith(ListObjectsV2Command, { Bucket: 'backups', Prefix: 'config/prod/latest.json' });
    expect(mocks.s3).toHaveReceivedCommandWith(GetObjectCommand, { Bucket: 'backups', Key: `${DUMP_30}.json` });
    expect(mocks.dr).toHaveReceivedCommandWith(DescribeDBSnapshotsCommand, { SnapshotType: 'manual' });
  });

  it("measures the dump object, not its newer sidecar: the age and size are the dump's", async () => {
    const result = await run();
    expect(result.readings.find((r) => r.kind === 'dbDump')).toEqual({ kind: 'dbDump', ageHours: 10, newest: DUMP_30, sizeBytes: 4096 });
  });

  it('does not count a truncated dump (object smaller than its sidecar records) as fresh', async () => {
    mocks.s3.on(GetObjectCommand, { Key: `${DUMP_30}.json` }).resolves({ Body: jsonBody({ key: DUMP_30, sizeBytes: 987_654 }) });
    const result = await run();
    expect(output.metrics()).toMatchObject({ LatestDbDumpAgeHours: [34], LatestDbDumpSizeBytes: [3000] });
    expect(result.readings.find((r) => r.kind === 'dbDump')?.skipped).toEqual([
      `${DUMP_30}: the object has 4096 bytes but its sidecar records 987654: truncated or replaced`,
    ]);
  });

  it('does not count a dump without its sidecar as fresh', async () => {
    mocks.s3
      .on(ListObjectsV2Command, { Prefix: 'dumps/prod/', ContinuationToken: 't2' })
      .resolves({ IsTruncated: false, Contents: [{ Key: DUMP_30, LastModified: at(10), Size: 4096 }] });
    await run();
    expect(output.metrics()).toMatchObject({ LatestDbDumpAgeHours: [34], LatestDbDumpSizeBytes: [3000] });
    expect(mocks.s3).not.toHaveReceivedCommandWith(GetObjectCommand, { Key: `${DUMP_30}.json` });
  });

  it('publishes 9999 hours for each kind that has no backup at all', async () => {
    mocks.dr.on(DescribeDBSnapshotsCommand).resolves({ DBSnapshots: [] });
    mocks.s3.on(ListObjectsV2Command).resolves({ IsTruncated: false });
    await run();
    expect(output.metrics()).toMatchObject({
      LatestDrSnapshotAgeHours: [9999],
      LatestDbDumpAgeHours: [9999],
      LatestDbDumpSizeBytes: [0],
      LatestConfigBackupAgeHours: [9999],
      BackupSucceeded: [1],
    });
  });

  it('publishes nothing for a kind whose lookup failed, and reports the run as failed', async () => {
    mocks.ec.on(DescribeSnapshotsCommand).rejects(awsError('AccessDenied'));
    mocks.s3.on(ListObjectsV2Command, { Prefix: 'config/prod/latest.json' }).rejects(awsError('AccessDenied'));
    await run();
    const metrics = output.metrics();
    expect(metrics.LatestCacheSnapshotAgeHours).toBeUndefined();
    expect(metrics.LatestConfigBackupAgeHours).toBeUndefined();
    expect(metrics.LatestDbSnapshotAgeHours).toEqual([9]);
    expect(metrics.BackupSucceeded).toEqual([0]);
  });

  it('names every missing variable and publishes failure', async () => {
    await expect(run({ STAGE: 'prod' } as typeof ENV)).rejects.toThrow('Missing environment variables: DR_REGION, BACKUP_BUCKET');
    expect(output.metrics()).toEqual({ BackupSucceeded: [0] });
  });

  it('a reading the deadline cuts off fails with "age unknown", and no call starts past the deadline', async () => {
    let remaining = 60_000;
    // The DR listing uses up the time: afterwards the Lambda has less left than the budget's margin.
    mocks.dr.on(DescribeDBSnapshotsCommand).callsFake(() => {
      remaining = 1_000;
      return { DBSnapshots: [] };
    });
    const context = { getRemainingTimeInMillis: () => remaining };
    // The deadline is read once at the start; move the clock past it instead of waiting.
    const start = Date.now();
    const clock = jest.spyOn(Date, 'now').mockImplementation(() => (remaining === 1_000 ? start + 60_000 : start));
    try {
      const result = await createHandler({ env: ENV, now: () => NOW, clients: { rds, drRds, elasticache, s3 } })(undefined, context);
      expect(result.succeeded).toBe(false);
      expect(Object.fromEntries(result.readings.map((r) => [r.kind, r.error ?? 'read']))).toEqual({
        dbSnapshot: 'read',
        drSnapshot: 'read',
        cacheSnapshot: expect.stringContaining('DeadlineReached: Listing page 1: not started'),
        dbDump: expect.stringContaining('DeadlineReached: Listing page 1: not started'),
        configBackup: expect.stringContaining('DeadlineReached: Listing config/prod/latest.json: not started'),
      });
      expect(mocks.ec.calls()).toHaveLength(0);
      expect(mocks.s3.calls()).toHaveLength(0);
    } finally {
      clock.mockRestore();
    }
  });
});
