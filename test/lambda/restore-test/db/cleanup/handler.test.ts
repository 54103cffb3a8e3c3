import { DeleteDBInstanceCommand, DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { handler } from '../../../../../lambda/restore-test/db/cleanup';
import { awsError, DB_COPY, ourTags, started, state, useHandlerEnvironment } from '../../common/fixtures';

const rds = mockClient(RDSClient);

beforeEach(() => {
  rds.reset();
  useHandlerEnvironment({});
});

it('checks the tags, then deletes without a final snapshot and with the automated backups', async () => {
  rds
    .on(DescribeDBInstancesCommand)
    .resolves({ DBInstances: [{ DBInstanceIdentifier: DB_COPY, DBInstanceStatus: 'available', TagList: ourTags() }] });
  rds.on(DeleteDBInstanceCommand).resolves({});
  expect((await handler(state({ restore: started() }))).action).toBe('deleted');
  expect(rds).toHaveReceivedCommandWith(DescribeDBInstancesCommand, { DBInstanceIdentifier: DB_COPY });
  expect(rds).toHaveReceivedCommandWith(DeleteDBInstanceCommand, {
    DBInstanceIdentifier: DB_COPY,
    SkipFinalSnapshot: true,
    DeleteAutomatedBackups: true,
  });
});

it('reports not-found, deleting nothing, when the restore never created the instance', async () => {
  rds.on(DescribeDBInstancesCommand).rejects(awsError('DBInstanceNotFoundFault'));
  expect((await handler(state({ error: { Error: 'NoSnapshotAvailableError' } }))).action).toBe('not-found');
  expect(rds).not.toHaveReceivedCommand(DeleteDBInstanceCommand);
});

it('fails (for the state machine to retry) when the lookup fails, deleting nothing', async () => {
  rds.on(DescribeDBInstancesCommand).rejects(awsError('AccessDenied'));
  await expect(handler(state({ restore: started() }))).rejects.toMatchObject({ name: 'AccessDenied' });
  expect(rds).not.toHaveReceivedCommand(DeleteDBInstanceCommand);
});

it('fails for a retry when RDS cannot delete the instance in its current state', async () => {
  rds
    .on(DescribeDBInstancesCommand)
    .resolves({ DBInstances: [{ DBInstanceIdentifier: DB_COPY, DBInstanceStatus: 'creating', TagList: ourTags() }] });
  rds.on(DeleteDBInstanceCommand).rejects(awsError('InvalidDBInstanceStateFault'));
  await expect(handler(state({ restore: started() }))).rejects.toMatchObject({ name: 'InvalidDBInstanceStateFault' });
});
