import { Metrics } from '@aws-lambda-powertools/metrics';
import { DescribeStateMachineCommand, ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { handler } from '../../../../lambda/restore-test/freshness';
import { useHandlerEnvironment } from '../common/fixtures';

const sfn = mockClient(SFNClient);

beforeEach(() => {
  sfn.reset();
  jest.restoreAllMocks();
  useHandlerEnvironment({
    DATABASE_STATE_MACHINE_ARN: 'arn:aws:states:eu-west-1:111111111111:stateMachine:db',
    CACHE_STATE_MACHINE_ARN: 'arn:aws:states:eu-west-1:111111111111:stateMachine:cache',
  });
});

it('asks each workflow for its newest succeeded execution and publishes the hours since', async () => {
  const added = jest.spyOn(Metrics.prototype, 'addMetric');
  const hourAgo = new Date(Date.now() - 3_600_000);
  sfn.on(ListExecutionsCommand).resolves({
    executions: [{ executionArn: 'e', stateMachineArn: 's', name: 'n', status: 'SUCCEEDED', startDate: hourAgo, stopDate: hourAgo }],
  });

  await handler({});

  expect(sfn).toHaveReceivedCommandWith(ListExecutionsCommand, {
    stateMachineArn: 'arn:aws:states:eu-west-1:111111111111:stateMachine:db',
    statusFilter: 'SUCCEEDED',
    maxResults: 1,
  });
  expect(sfn).toHaveReceivedCommandWith(ListExecutionsCommand, {
    stateMachineArn: 'arn:aws:states:eu-west-1:111111111111:stateMachine:cache',
    statusFilter: 'SUCCEEDED',
    maxResults: 1,
  });
  expect(sfn).not.toHaveReceivedCommand(DescribeStateMachineCommand);
  expect(added).toHaveBeenCalledWith('HoursSinceRestoreTestSucceeded', 'Count', 1);
  expect(added).toHaveBeenCalledWith('HoursSinceCacheRestoreSucceeded', 'Count', 1);
});
