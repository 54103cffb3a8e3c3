import { DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { handler } from '../../../../../lambda/restore-test/db/status';
import { awsError, DB_COPY, started, state, useHandlerEnvironment } from '../../common/fixtures';

const rds = mockClient(RDSClient);

beforeEach(() => {
  rds.reset();
  useHandlerEnvironment({ MAX_POLLS: '100' });
});

it('describes the copy and carries the poll count forward', async () => {
  rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceStatus: 'creating' }] });
  const result = await handler(
    state({ restore: started({ deadline: '2999-01-01T00:00:00.000Z' }), status: { ready: false, polls: 4, status: 'creating' } }),
  );
  expect(rds).toHaveReceivedCommandWith(DescribeDBInstancesCommand, { DBInstanceIdentifier: DB_COPY });
  expect(result).toEqual({ ready: false, polls: 5, status: 'creating' });
});

it('fails the step when the copy is gone', async () => {
  rds.on(DescribeDBInstancesCommand).rejects(awsError('DBInstanceNotFoundFault'));
  await expect(handler(state({ restore: started({ deadline: '2999-01-01T00:00:00.000Z' }) }))).rejects.toMatchObject({
    name: 'RestoreFailedError',
  });
});

it('fails the step at the deadline (verification timeout)', async () => {
  rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceStatus: 'creating' }] });
  await expect(handler(state({ restore: started({ deadline: '2000-01-01T00:00:00.000Z' }) }))).rejects.toMatchObject({
    name: 'RestoreDeadlineExceededError',
  });
});
