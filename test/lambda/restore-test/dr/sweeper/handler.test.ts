import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DeleteDBInstanceCommand, DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { DescribeStateMachineCommand, ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createHandler } from '../../../../../lambda/restore-test/dr/sweeper';
import { ourTags } from '../../common/fixtures';
import { DR_REGION, PRIMARY_REGION, useDrHandlerEnvironment } from '../fixtures';

const STATE_MACHINE = `arn:aws:states:${DR_REGION}:111111111111:stateMachine:dev-dr-restore-test`;
const clients = {
  rds: new RDSClient({}),
  sfn: new SFNClient({}),
  cloudwatch: new CloudWatchClient({ region: PRIMARY_REGION }),
};
const rds = mockClient(clients.rds);
const sfn = mockClient(clients.sfn);
const cloudwatch = mockClient(clients.cloudwatch);
const handler = createHandler(clients);

/** A copy of this run's monthly test left behind 30 hours ago. */
const leftoverCopy = () => ({
  DBInstanceIdentifier: 'dev-restore-test-202611010600',
  DBInstanceStatus: 'available',
  InstanceCreateTime: new Date(Date.now() - 30 * 3_600_000),
  TagList: ourTags('monthly'),
});

beforeEach(() => {
  for (const m of [rds, sfn, cloudwatch]) m.reset();
  useDrHandlerEnvironment({ MAX_AGE_HOURS: '8', PRIMARY_REGION, STATE_MACHINE_ARN: STATE_MACHINE });
});

it('deletes a leftover copy, then publishes it and the hours since the last pass into the primary region', async () => {
  rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [leftoverCopy()] });
  rds.on(DeleteDBInstanceCommand).resolves({});
  sfn.on(ListExecutionsCommand).resolves({ executions: [] });
  sfn.on(DescribeStateMachineCommand).resolves({ creationDate: new Date(Date.now() - 10 * 3_600_000) } as never);
  cloudwatch.on(PutMetricDataCommand).resolves({});

  const result = await handler({});

  expect(rds).toHaveReceivedCommandWith(DeleteDBInstanceCommand, {
    DBInstanceIdentifier: 'dev-restore-test-202611010600',
    SkipFinalSnapshot: true,
  });
  expect(sfn).toHaveReceivedCommandWith(ListExecutionsCommand, {
    stateMachineArn: STATE_MACHINE,
    statusFilter: 'SUCCEEDED',
    maxResults: 1,
  });
  expect(sfn).toHaveReceivedCommandWith(DescribeStateMachineCommand, { stateMachineArn: STATE_MACHINE });
  const data = cloudwatch.commandCalls(PutMetricDataCommand)[0].args[0].input.MetricData ?? [];
  expect(data.map((d) => [d.MetricName, d.Value])).toEqual([
    ['DrRestoreLeftoversDeleted', 1],
    ['HoursSinceDrRestoreSucceeded', 10],
  ]);
  expect(data[0].Dimensions).toContainEqual({ Name: 'service', Value: 'restore-test-dr-sweeper' });
  expect(result.deleted).toBe(1);
});

it('fails the invocation when a delete failed, after publishing', async () => {
  rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [leftoverCopy()] });
  rds.on(DeleteDBInstanceCommand).rejects(new Error('InvalidDBInstanceState'));
  sfn.on(ListExecutionsCommand).resolves({ executions: [{ stopDate: new Date(Date.now() - 3_600_000) } as never] });
  cloudwatch.on(PutMetricDataCommand).resolves({});
  await expect(handler({})).rejects.toThrow('DR sweep incomplete: 1 lookup(s) or delete(s) failed');
  expect(cloudwatch).toHaveReceivedCommandTimes(PutMetricDataCommand, 1);
});
