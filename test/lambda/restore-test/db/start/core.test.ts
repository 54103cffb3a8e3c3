import type {
  DBSnapshot,
  RestoreDBInstanceFromDBSnapshotCommandInput,
  RestoreDBInstanceToPointInTimeCommandInput,
} from '@aws-sdk/client-rds';
import { startDatabaseRestore, type DbStartConfig, type DbStartPorts } from '../../../../../lambda/restore-test/db/start/core';
import { awsError, DB_COPY, EXECUTION, ourTags, STAGE, state } from '../../common/fixtures';

const config: DbStartConfig = {
  stage: STAGE,
  sourceInstanceId: 'appdb',
  mode: 'snapshot',
  snapshotSource: 'manual',
  instanceClass: 'db.t4g.medium',
  subnetGroupName: 'restore-subnets',
  securityGroupId: 'sg-restore',
  timeoutMinutes: 120,
};
const now = new Date('2026-11-22T06:00:05Z');
const backupTags = [
  { Key: 'Stage', Value: STAGE },
  { Key: 'CreatedBy', Value: 'stage-platform-backup' },
];

function snapshot(id: string, created: string, extra: Partial<DBSnapshot> = {}): DBSnapshot {
  return {
    DBSnapshotIdentifier: id,
    SnapshotCreateTime: new Date(created),
    Status: 'available',
    SnapshotType: 'manual',
    TagList: backupTags,
    ...extra,
  };
}

/** Fake RDS: serves the given snapshots and records the restore requests. */
function fakeRds(snapshots: DBSnapshot[], latestRestorable?: Date) {
  const calls = {
    listed: [] as (string | undefined)[],
    fromSnapshot: [] as RestoreDBInstanceFromDBSnapshotCommandInput[],
    toPointInTime: [] as RestoreDBInstanceToPointInTimeCommandInput[],
  };
  const ports: DbStartPorts = {
    async listSnapshots(type) {
      calls.listed.push(type);
      return snapshots.filter((s) => !type || s.SnapshotType === type);
    },
    latestRestorableTime: async () => latestRestorable,
    restoreFromSnapshot: async (request) => void calls.fromSnapshot.push(request),
    restoreToPointInTime: async (request) => void calls.toPointInTime.push(request),
  };
  return { ports, calls };
}

const copySettings = {
  DBInstanceClass: 'db.t4g.medium',
  DBSubnetGroupName: 'restore-subnets',
  VpcSecurityGroupIds: ['sg-restore'],
  PubliclyAccessible: false,
  MultiAZ: false,
  DeletionProtection: false,
  BackupRetentionPeriod: 0,
  Tags: ourTags(),
};

describe('startDatabaseRestore from a snapshot', () => {
  it('restores the newest available snapshot the backup job made into a private, single-AZ, deletable, tagged copy', async () => {
    const rds = fakeRds([
      snapshot('dev-appdb-2026-11-20', '2026-11-20T03:00:00Z'),
      snapshot('dev-appdb-2026-11-21', '2026-11-21T03:00:00Z'),
      snapshot('dev-appdb-2026-11-22', '2026-11-22T03:00:00Z', { Status: 'creating' }),
      snapshot('dev-appdb-adhoc', '2026-11-21T12:00:00Z', { TagList: [] }),
      snapshot('dev-appdb-2026-11-21b', '2026-11-21T13:00:00Z', {
        TagList: [
          { Key: 'Stage', Value: 'prod' },
          { Key: 'CreatedBy', Value: 'stage-platform-backup' },
        ],
      }),
    ]);
    const result = await startDatabaseRestore(state(), config, rds.ports, now);

    expect(rds.calls.listed).toEqual(['manual']);
    expect(rds.calls.fromSnapshot).toEqual([
      expect.objectContaining({ DBInstanceIdentifier: DB_COPY, DBSnapshotIdentifier: 'dev-appdb-2026-11-21', ...copySettings }),
    ]);
    expect(result).toEqual({
      copyId: DB_COPY,
      source: 'dev-appdb-2026-11-21',
      sourceTime: '2026-11-21T03:00:00.000Z',
      manifestKey: 'manifests/dev/database/dev-appdb-2026-11-21.json',
      deadline: '2026-11-22T08:00:00.000Z',
    });
  });

  it('uses automated snapshots when configured, with no manifest to compare against', async () => {
    const rds = fakeRds([snapshot('rds:appdb-2026-11-22-02-10', '2026-11-22T02:10:00Z', { SnapshotType: 'automated', TagList: [] })]);
    const result = await startDatabaseRestore(state(), { ...config, snapshotSource: 'automated' }, rds.ports, now);
    expect(rds.calls.listed).toEqual(['automated']);
    expect(result).toMatchObject({ source: 'rds:appdb-2026-11-22-02-10', manifestKey: undefined });
  });

  it('takes the newest of either kind for "any"', async () => {
    const rds = fakeRds([
      snapshot('dev-appdb-2026-11-21', '2026-11-21T03:00:00Z'),
      snapshot('rds:appdb-2026-11-22-02-10', '2026-11-22T02:10:00Z', { SnapshotType: 'automated', TagList: [] }),
    ]);
    const result = await startDatabaseRestore(state(), { ...config, snapshotSource: 'any' }, rds.ports, now);
    expect(rds.calls.listed).toEqual([undefined]);
    expect(result.source).toBe('rds:appdb-2026-11-22-02-10');
  });

  it.each([
    ['no snapshot exists', []],
    ['the only snapshot is still being created', [snapshot('dev-appdb-2026-11-22', '2026-11-22T03:00:00Z', { Status: 'creating' })]],
    ["the only manual snapshot is not the backup job's", [snapshot('dev-appdb-adhoc', '2026-11-22T03:00:00Z', { TagList: [] })]],
  ])('fails cleanly, restoring nothing, when %s', async (_what, snapshots) => {
    const rds = fakeRds(snapshots);
    await expect(startDatabaseRestore(state(), config, rds.ports, now)).rejects.toMatchObject({ name: 'NoSnapshotAvailableError' });
    expect(rds.calls.fromSnapshot).toEqual([]);
  });

  it('lets a quota error from RDS fail the step under its own name', async () => {
    const rds = fakeRds([snapshot('dev-appdb-2026-11-21', '2026-11-21T03:00:00Z')]);
    rds.ports.restoreFromSnapshot = async () => Promise.reject(awsError('InstanceQuotaExceededFault'));
    await expect(startDatabaseRestore(state(), config, rds.ports, now)).rejects.toMatchObject({ name: 'InstanceQuotaExceededFault' });
  });
});

describe('startDatabaseRestore to a point in time', () => {
  const pitr = { ...config, mode: 'pointInTime' as const };

  it('restores the source to five minutes ago', async () => {
    const rds = fakeRds([], new Date('2026-11-22T05:58:00Z'));
    const result = await startDatabaseRestore(state(), pitr, rds.ports, now);
    expect(rds.calls.toPointInTime).toEqual([
      expect.objectContaining({
        SourceDBInstanceIdentifier: 'appdb',
        TargetDBInstanceIdentifier: DB_COPY,
        RestoreTime: new Date('2026-11-22T05:55:05Z'),
        ...copySettings,
      }),
    ]);
    expect(result).toMatchObject({ source: 'appdb at 2026-11-22T05:55:05.000Z', sourceTime: '2026-11-22T05:55:05.000Z' });
    expect(result.manifestKey).toBeUndefined();
  });

  it('goes back to the latest restorable time when RDS has not caught up to five minutes ago', async () => {
    const rds = fakeRds([], new Date('2026-11-22T05:50:00Z'));
    await startDatabaseRestore(state(), pitr, rds.ports, now);
    expect(rds.calls.toPointInTime[0].RestoreTime).toEqual(new Date('2026-11-22T05:50:00Z'));
  });

  it('fails cleanly when the source has no restorable time', async () => {
    const rds = fakeRds([], undefined);
    await expect(startDatabaseRestore(state(), pitr, rds.ports, now)).rejects.toMatchObject({ name: 'NoSnapshotAvailableError' });
    expect(rds.calls.toPointInTime).toEqual([]);
  });
});

it('names the copy after the execution start, so cleanup finds it even if this step dies', async () => {
  const rds = fakeRds([snapshot('dev-appdb-2026-11-21', '2026-11-21T03:00:00Z')]);
  await startDatabaseRestore(state(), config, rds.ports, new Date('2026-11-22T06:09:00Z'));
  expect(rds.calls.fromSnapshot[0].DBInstanceIdentifier).toBe(DB_COPY);
  expect(rds.calls.fromSnapshot[0].Tags).toContainEqual({ Key: 'RestoreTestExecution', Value: EXECUTION });
});
