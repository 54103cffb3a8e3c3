import { Metrics } from '@aws-lambda-powertools/metrics';
import {
  DeleteReplicationGroupCommand,
  DescribeReplicationGroupsCommand,
  ElastiCacheClient,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-elasticache';
import { DeleteDBInstanceCommand, DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { handler } from '../../../../lambda/restore-test/sweeper';
import { awsError, useHandlerEnvironment } from '../common/fixtures';

const rds = mockClient(RDSClient);
const elasticache = mockClient(ElastiCacheClient);
const ours = [
  { Key: 'Purpose', Value: 'restore-test' },
  { Key: 'Stage', Value: 'dev' },
];
const old = new Date(Date.now() - 10 * 3_600_000);
// The ARN DescribeReplicationGroups returns, which the sweeper reads the group's tags by.
const GROUP_ARN = 'arn:aws:elasticache:eu-west-1:111111111111:replicationgroup:dev-rt-11220300';

beforeEach(() => {
  rds.reset();
  elasticache.reset();
  jest.restoreAllMocks();
  useHandlerEnvironment({ MAX_AGE_HOURS: '6' });
});

it('pages through instances and groups, deletes the leftovers and publishes how many', async () => {
  const added = jest.spyOn(Metrics.prototype, 'addMetric');
  rds
    .on(DescribeDBInstancesCommand, { Marker: undefined })
    .resolves({ Marker: 'p2', DBInstances: [{ DBInstanceIdentifier: 'dev-appdb', InstanceCreateTime: old, TagList: [] }] })
    .on(DescribeDBInstancesCommand, { Marker: 'p2' })
    .resolves({
      DBInstances: [
        { DBInstanceIdentifier: 'dev-restore-test-202611220300', InstanceCreateTime: old, DBInstanceStatus: 'available', TagList: ours },
      ],
    });
  rds.on(DeleteDBInstanceCommand).resolves({});
  elasticache.on(DescribeReplicationGroupsCommand).resolves({
    ReplicationGroups: [{ ReplicationGroupId: 'dev-rt-11220300', ARN: GROUP_ARN, ReplicationGroupCreateTime: old, Status: 'available' }],
  });
  elasticache.on(ListTagsForResourceCommand).resolves({ TagList: ours });
  elasticache.on(DeleteReplicationGroupCommand).resolves({});

  const result = await handler({});

  expect(rds).toHaveReceivedCommandTimes(DescribeDBInstancesCommand, 2);
  expect(rds).toHaveReceivedCommandTimes(DeleteDBInstanceCommand, 1);
  expect(rds).toHaveReceivedCommandWith(DeleteDBInstanceCommand, {
    DBInstanceIdentifier: 'dev-restore-test-202611220300',
    SkipFinalSnapshot: true,
    DeleteAutomatedBackups: true,
  });
  expect(elasticache).toHaveReceivedCommandWith(ListTagsForResourceCommand, { ResourceName: GROUP_ARN });
  expect(elasticache).toHaveReceivedCommandWith(DeleteReplicationGroupCommand, {
    ReplicationGroupId: 'dev-rt-11220300',
    RetainPrimaryCluster: false,
  });
  expect(result.deleted).toBe(2);
  expect(added).toHaveBeenCalledWith('RestoreTestLeftoversDeleted', 'Count', 2);
});

it('publishes the count, then fails the invocation when part of the sweep failed', async () => {
  const added = jest.spyOn(Metrics.prototype, 'addMetric');
  rds.on(DescribeDBInstancesCommand).rejects(awsError('AccessDenied'));
  elasticache.on(DescribeReplicationGroupsCommand).resolves({ ReplicationGroups: [] });
  await expect(handler({})).rejects.toThrow('Sweep incomplete: 1 lookup(s) or delete(s) failed');
  expect(added).toHaveBeenCalledWith('RestoreTestLeftoversDeleted', 'Count', 0);
  expect(rds).not.toHaveReceivedCommand(DeleteDBInstanceCommand);
});
