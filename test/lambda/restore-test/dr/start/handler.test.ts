import { DescribeDBSnapshotsCommand, RDSClient, RestoreDBInstanceFromDBSnapshotCommand } from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { handler } from '../../../../../lambda/restore-test/dr/start';
import { DB_COPY, state } from '../../common/fixtures';
import { drCopy, useDrHandlerEnvironment } from '../fixtures';

const rds = mockClient(RDSClient);

beforeEach(() => {
  rds.reset();
  useDrHandlerEnvironment({
    INSTANCE_CLASS: 'db.t4g.micro',
    DB_SUBNET_GROUP_NAME: 'dr-landing-zone-subnets',
    SECURITY_GROUP_ID: 'sg-dr-copy',
    TIMEOUT_MINUTES: '300',
  });
});

it("lists the region's manual snapshots page by page and restores the newest copy of this stage", async () => {
  rds
    .on(DescribeDBSnapshotsCommand, { Marker: undefined })
    .resolves({ Marker: 'page-2', DBSnapshots: [drCopy('dev-appdb-2026-11-21', '2026-11-21T03:00:00Z')] })
    .on(DescribeDBSnapshotsCommand, { Marker: 'page-2' })
    .resolves({ DBSnapshots: [drCopy('dev-appdb-2026-11-22', '2026-11-22T03:00:00Z')] });
  rds.on(RestoreDBInstanceFromDBSnapshotCommand).resolves({});

  const started = await handler(state());

  expect(rds).toHaveReceivedCommandWith(DescribeDBSnapshotsCommand, { SnapshotType: 'manual' });
  expect(rds).toHaveReceivedCommandWith(RestoreDBInstanceFromDBSnapshotCommand, {
    DBInstanceIdentifier: DB_COPY,
    DBSnapshotIdentifier: 'dev-appdb-2026-11-22',
    DBInstanceClass: 'db.t4g.micro',
    PubliclyAccessible: false,
  });
  expect(started.source).toBe('dev-appdb-2026-11-22');
});
