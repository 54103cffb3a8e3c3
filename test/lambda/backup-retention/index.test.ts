import {
  DeleteSnapshotCommand,
  DescribeSnapshotsCommand,
  ElastiCacheClient,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-elasticache';
import { DeleteDBSnapshotCommand, DescribeDBSnapshotsCommand, RDSClient, type DBSnapshot } from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createHandler } from '../../../lambda/backup-retention/index';
import { awsError, captureStdout } from '../backup-support/output';

// This file reads the logs; test/support/env.cjs makes them silent by default.
process.env.POWERTOOLS_LOG_LEVEL = 'INFO';

const ENV = {
  STAGE: 'prod',
  DR_REGION: 'eu-central-1',
  SNAPSHOT_RETENTION_DAYS: '30',
  KEEP_LATEST_SNAPSHOTS: '2',
  CACHE_SNAPSHOT_RETENTION_DAYS: '7',
  DRY_RUN: 'false',
};
const NOW = new Date('2026-06-30T04:30:00Z');
const DAY = 86_400_000;
const OUR_TAGS = [
  { Key: 'Stage', Value: 'prod' },
  { Key: 'CreatedBy', Value: 'stage-platform-backup' },
  { Key: 'BackupKind', Value: 'daily' },
];

const rds = new RDSClient({ region: 'eu-west-1' });
const drRds = new RDSClient({ region: 'eu-central-1' });
const elasticache = new ElastiCacheClient({ region: 'eu-west-1' });
const rdsMock = mockClient(rds);
const drMock = mockClient(drRds);
const ecMock = mockClient(elasticache);
let output: ReturnType<typeof captureStdout>;

const dbSnapshot = (id: string, ageDays: number, overrides: Partial<DBSnapshot> = {}): DBSnapshot => ({
  DBSnapshotIdentifier: id,
  DBInstanceIdentifier: 'appdb',
  SnapshotType: 'manual',
  Status: 'available',
  SnapshotCreateTime: new Date(NOW.getTime() - ageDays * DAY),
  TagList: OUR_TAGS,
  ...overrides,
});

const cacheSnapshot = (name: string, ageDays: number) => ({
  SnapshotName: name,
  ARN: `arn:aws:elasticache:eu-west-1:111111111111:snapshot:${name}`,
  ReplicationGroupId: 'prod-rg',
  SnapshotSource: 'manual',
  SnapshotStatus: 'available',
  NodeSnapshots: [{ SnapshotCreateTime: new Date(NOW.getTime() - ageDays * DAY) }],
});

beforeEach(() => {
  for (const m of [rdsMock, drMock, ecMock]) m.reset();
  rdsMock.on(DescribeDBSnapshotsCommand).resolves({ DBSnapshots: [] });
  drMock.on(DescribeDBSnapshotsCommand).resolves({ DBSnapshots: [] });
  ecMock.on(DescribeSnapshotsCommand).resolves({ Snapshots: [] });
  output = captureStdout();
});
afterEach(() => output.restore());

const handlerWith = (env: Record<string, string> = ENV) => createHandler({ env, now: () => NOW, clients: { rds, drRds, elasticache } })();

describe('backup-retention handler', () => {
  it('deletes expired snapshots of ours in both regions and the cache, and nothing else', async () => {
    rdsMock.on(DescribeDBSnapshotsCommand).resolves({
      DBSnapshots: [
        dbSnapshot('prod-appdb-new', 1),
        dbSnapshot('prod-appdb-mid', 2),
        dbSnapshot('prod-appdb-old', 45),
        dbSnapshot('handmade-old', 45, { TagList: [{ Key: 'Stage', Value: 'prod' }] }),
        dbSnapshot('dev-appdb-old', 45, {
          TagList: [
            { Key: 'Stage', Value: 'dev' },
            { Key: 'CreatedBy', Value: 'stage-platform-backup' },
          ],
        }),
        dbSnapshot('no-tags-read', 45, { TagList: undefined }),
      ],
    });
    drMock
      .on(DescribeDBSnapshotsCommand)
      .resolves({ DBSnapshots: [dbSnapshot('prod-appdb-new', 1), dbSnapshot('prod-appdb-mid', 2), dbSnapshot('prod-appdb-old', 45)] });
    ecMock.on(DescribeSnapshotsCommand).resolves({
      Snapshots: [
        cacheSnapshot('prod-cache-20260630-0000', 0.2),
        cacheSnapshot('prod-cache-20260629-1800', 0.4),
        cacheSnapshot('prod-cache-20260601-0000', 29),
        cacheSnapshot('someone-else', 90),
      ],
    });
    ecMock.on(ListTagsForResourceCommand).resolves({ TagList: [...OUR_TAGS.slice(0, 2), { Key: 'BackupKind', Value: 'six-hourly' }] });

    const result = await handlerWith();

    expect(result.succeeded).toBe(true);
    expect(rdsMock).toHaveReceivedCommandWith(DescribeDBSnapshotsCommand, { SnapshotType: 'manual' });
    expect(rdsMock.commandCalls(DeleteDBSnapshotCommand).map((c) => c.args[0].input)).toEqual([{ DBSnapshotIdentifier: 'prod-appdb-old' }]);
    expect(drMock.commandCalls(DeleteDBSnapshotCommand).map((c) => c.args[0].input)).toEqual([{ DBSnapshotIdentifier: 'prod-appdb-old' }]);
    // Tags are read only for snapshots named like ours; the rest are kept unread.
    expect(ecMock).toHaveReceivedCommandTimes(ListTagsForResourceCommand, 3);
    expect(ecMock.commandCalls(DeleteSnapshotCommand).map((c) => c.args[0].input)).toEqual([{ SnapshotName: 'prod-cache-20260601-0000' }]);
    expect(output.metrics()).toEqual({ BackupSucceeded: [1], SnapshotsDeleted: [3], SnapshotsKept: [6] });
    expect(output.metricContexts()[0].values).toMatchObject({ service: 'backup-retention', Stage: 'prod' });
  });

  it('reads every page of a listing with thousands of snapshots', async () => {
    const pages = Array.from({ length: 25 }, (_, p) =>
      Array.from({ length: 100 }, (_, i) => dbSnapshot(`prod-appdb-${p}-${i}`, 31 + p + i / 1000)),
    );
    rdsMock.on(DescribeDBSnapshotsCommand).callsFake((input: { Marker?: string }) => {
      const page = input.Marker ? Number(input.Marker) : 0;
      return { DBSnapshots: pages[page], Marker: page + 1 < pages.length ? String(page + 1) : undefined };
    });
    const result = await handlerWith();
    expect(rdsMock).toHaveReceivedCommandTimes(DescribeDBSnapshotsCommand, 25);
    // All 2500 are past retention; the newest two survive.
    expect(rdsMock).toHaveReceivedCommandTimes(DeleteDBSnapshotCommand, 2498);
    expect(rdsMock).not.toHaveReceivedCommandWith(DeleteDBSnapshotCommand, { DBSnapshotIdentifier: 'prod-appdb-0-0' });
    expect(rdsMock).not.toHaveReceivedCommandWith(DeleteDBSnapshotCommand, { DBSnapshotIdentifier: 'prod-appdb-0-1' });
    expect(result.deleted).toBe(2498);
  });

  it('deletes nothing in the DR region when one of its pages fails, but still cleans the primary', async () => {
    rdsMock
      .on(DescribeDBSnapshotsCommand)
      .resolves({ DBSnapshots: [dbSnapshot('prod-appdb-a', 1), dbSnapshot('prod-appdb-b', 2), dbSnapshot('prod-appdb-c', 60)] });
    drMock
      .on(DescribeDBSnapshotsCommand, { Marker: undefined })
      .resolves({
        DBSnapshots: [dbSnapshot('prod-appdb-a', 1), dbSnapshot('prod-appdb-b', 2), dbSnapshot('prod-appdb-c', 60)],
        Marker: 'p2',
      })
      .on(DescribeDBSnapshotsCommand, { Marker: 'p2' })
      .rejects(awsError('InternalFailure'));
    const result = await handlerWith();
    expect(drMock).not.toHaveReceivedCommand(DeleteDBSnapshotCommand);
    expect(rdsMock).toHaveReceivedCommandWith(DeleteDBSnapshotCommand, { DBSnapshotIdentifier: 'prod-appdb-c' });
    expect(result.succeeded).toBe(false);
    expect(output.metrics()).toEqual({ BackupSucceeded: [0], SnapshotsDeleted: [1], SnapshotsKept: [2] });
  });

  it('sends no delete at all in a dry run, but logs every decision', async () => {
    rdsMock
      .on(DescribeDBSnapshotsCommand)
      .resolves({ DBSnapshots: [dbSnapshot('prod-appdb-a', 1), dbSnapshot('prod-appdb-b', 2), dbSnapshot('prod-appdb-c', 60)] });
    ecMock
      .on(DescribeSnapshotsCommand)
      .resolves({ Snapshots: [cacheSnapshot('prod-cache-x', 30), cacheSnapshot('prod-cache-y', 1), cacheSnapshot('prod-cache-z', 2)] });
    ecMock.on(ListTagsForResourceCommand).resolves({ TagList: OUR_TAGS });
    const result = await handlerWith({ ...ENV, DRY_RUN: 'true' });
    expect(rdsMock).not.toHaveReceivedCommand(DeleteDBSnapshotCommand);
    expect(ecMock).not.toHaveReceivedCommand(DeleteSnapshotCommand);
    expect(result.targets.flatMap((t) => t.wouldDelete)).toEqual(['prod-appdb-c', 'prod-cache-x']);
    const decisionLogs = output.logs().filter((l) => l.action !== undefined);
    expect(decisionLogs).toHaveLength(6);
    expect(decisionLogs.every((l) => l.dryRun === true)).toBe(true);
    expect(output.metrics().SnapshotsDeleted).toEqual([0]);
  });

  it('keeps a cache snapshot whose tags cannot be read', async () => {
    ecMock
      .on(DescribeSnapshotsCommand)
      .resolves({ Snapshots: [cacheSnapshot('prod-cache-a', 1), cacheSnapshot('prod-cache-b', 2), cacheSnapshot('prod-cache-old', 30)] });
    ecMock.on(ListTagsForResourceCommand).resolves({ TagList: OUR_TAGS });
    ecMock
      .on(ListTagsForResourceCommand, { ResourceName: 'arn:aws:elasticache:eu-west-1:111111111111:snapshot:prod-cache-old' })
      .rejects(awsError('AccessDenied'));
    await handlerWith();
    expect(ecMock).not.toHaveReceivedCommand(DeleteSnapshotCommand);
    expect(output.logs().some((l) => /prod-cache-old.*tags could not be read/.test(l.message))).toBe(true);
  });

  it('refuses to run, deleting nothing, when a setting is unclear', async () => {
    await expect(handlerWith({ ...ENV, DRY_RUN: 'maybe' })).rejects.toThrow(/DRY_RUN/);
    for (const m of [rdsMock, drMock, ecMock]) expect(m).not.toHaveReceivedAnyCommand();
    expect(output.metrics()).toEqual({ BackupSucceeded: [0] });
  });

  it('names every missing variable', async () => {
    await expect(handlerWith({ STAGE: 'prod' } as typeof ENV)).rejects.toThrow(
      'Missing environment variables: DR_REGION, SNAPSHOT_RETENTION_DAYS, KEEP_LATEST_SNAPSHOTS, CACHE_SNAPSHOT_RETENTION_DAYS, DRY_RUN',
    );
  });

  it('invoked with less time left than its margin, it lists nothing and deletes nothing: each inventory reports the deadline', async () => {
    const run = createHandler({ env: ENV, now: () => NOW, clients: { rds, drRds, elasticache } });
    const result = await run(undefined, { getRemainingTimeInMillis: () => 1_000 });
    for (const m of [rdsMock, drMock, ecMock]) expect(m.calls()).toHaveLength(0);
    expect(result.succeeded).toBe(false);
    expect(result.targets.map((t) => t.failures[0])).toEqual(
      Array(3).fill(expect.stringContaining('DeadlineReached: Listing page 1: not started, the run reached its deadline')),
    );
  });
});
