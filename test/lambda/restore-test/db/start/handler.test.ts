import {
  DescribeDBInstancesCommand,
  DescribeDBSnapshotsCommand,
  RDSClient,
  RestoreDBInstanceFromDBSnapshotCommand,
  RestoreDBInstanceToPointInTimeCommand,
} from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { handler } from '../../../../../lambda/restore-test/db/start';
import { awsError, DB_COPY, state, useHandlerEnvironment } from '../../common/fixtures';

const rds = mockClient(RDSClient);
const env = {
  SOURCE_DB_INSTANCE_ID: 'appdb',
  RESTORE_MODE: 'snapshot',
  SNAPSHOT_SOURCE: 'manual',
  INSTANCE_CLASS: 'db.t4g.medium',
  DB_SUBNET_GROUP_NAME: 'restore-subnets',
  SECURITY_GROUP_ID: 'sg-restore',
  TIMEOUT_MINUTES: '120',
};
const backupTags = [
  { Key: 'Stage', Value: 'dev' },
  { Key: 'CreatedBy', Value: 'stage-platform-backup' },
];

beforeEach(() => {
  rds.reset();
  useHandlerEnvironment(env);
});

it('pages through the manual snapshots of the source and restores the newest', async () => {
  rds
    .on(DescribeDBSnapshotsCommand, { Marker: undefined })
    .resolves({
      Marker: 'page-2',
      DBSnapshots: [
        {
          DBSnapshotIdentifier: 'dev-appdb-2026-11-20',
          SnapshotCreateTime: new Date('2026-11-20T03:00:00Z'),
          Status: 'available',
          SnapshotType: 'manual',
          TagList: backupTags,
        },
      ],
    })
    .on(DescribeDBSnapshotsCommand, { Marker: 'page-2' })
    .resolves({
      DBSnapshots: [
        {
          DBSnapshotIdentifier: 'dev-appdb-2026-11-21',
          SnapshotCreateTime: new Date('2026-11-21T03:00:00Z'),
          Status: 'available',
          SnapshotType: 'manual',
          TagList: backupTags,
        },
      ],
    });
  rds.on(RestoreDBInstanceFromDBSnapshotCommand).resolves({});

  const result = await handler(state());

  expect(rds).toHaveReceivedCommandWith(DescribeDBSnapshotsCommand, { DBInstanceIdentifier: 'appdb', SnapshotType: 'manual' });
  expect(rds).toHaveReceivedCommandTimes(DescribeDBSnapshotsCommand, 2);
  expect(rds).toHaveReceivedCommandWith(RestoreDBInstanceFromDBSnapshotCommand, {
    DBInstanceIdentifier: DB_COPY,
    DBSnapshotIdentifier: 'dev-appdb-2026-11-21',
    PubliclyAccessible: false,
    MultiAZ: false,
    DeletionProtection: false,
  });
  expect(result.copyId).toBe(DB_COPY);
});

it('fails under the RDS error name and makes nothing else when the instance quota is exceeded', async () => {
  rds.on(DescribeDBSnapshotsCommand).resolves({
    DBSnapshots: [
      {
        DBSnapshotIdentifier: 'dev-appdb-2026-11-21',
        SnapshotCreateTime: new Date('2026-11-21T03:00:00Z'),
        Status: 'available',
        SnapshotType: 'manual',
        TagList: backupTags,
      },
    ],
  });
  rds.on(RestoreDBInstanceFromDBSnapshotCommand).rejects(awsError('InstanceQuotaExceededFault', 'Instance quota exceeded'));
  await expect(handler(state())).rejects.toMatchObject({ name: 'InstanceQuotaExceededFault' });
  expect(rds).toHaveReceivedCommandTimes(RestoreDBInstanceFromDBSnapshotCommand, 1);
});

it("restores to a point in time from the source's latest restorable time in pointInTime mode", async () => {
  useHandlerEnvironment({ ...env, RESTORE_MODE: 'pointInTime' });
  rds
    .on(DescribeDBInstancesCommand, { DBInstanceIdentifier: 'appdb' })
    .resolves({ DBInstances: [{ LatestRestorableTime: new Date('2020-01-01T00:00:00Z') }] });
  rds.on(RestoreDBInstanceToPointInTimeCommand).resolves({});
  await handler(state());
  expect(rds).toHaveReceivedCommandWith(RestoreDBInstanceToPointInTimeCommand, {
    SourceDBInstanceIdentifier: 'appdb',
    TargetDBInstanceIdentifier: DB_COPY,
    RestoreTime: new Date('2020-01-01T00:00:00Z'),
  });
  expect(rds).not.toHaveReceivedCommand(DescribeDBSnapshotsCommand);
});

it('refuses to start with a mode the code does not know', async () => {
  useHandlerEnvironment({ ...env, RESTORE_MODE: 'later' });
  await expect(handler(state())).rejects.toThrow('RESTORE_MODE must be one of snapshot, pointInTime');
  expect(rds.calls()).toHaveLength(0);
});
