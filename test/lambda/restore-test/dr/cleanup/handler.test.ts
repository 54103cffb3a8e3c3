import { DeleteDBInstanceCommand, DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { DeleteObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { handler } from '../../../../../lambda/restore-test/dr/cleanup';
import { DB_COPY, ourTags, started, state } from '../../common/fixtures';
import { RUN_BUCKET, useDrHandlerEnvironment } from '../fixtures';

const rds = mockClient(RDSClient);
const s3 = mockClient(S3Client);

beforeEach(() => {
  rds.reset();
  s3.reset();
  useDrHandlerEnvironment({ RUN_BUCKET });
});

it('deletes the copy without a final snapshot, and the run password object', async () => {
  rds
    .on(DescribeDBInstancesCommand)
    .resolves({ DBInstances: [{ DBInstanceIdentifier: DB_COPY, DBInstanceStatus: 'available', TagList: ourTags() }] });
  rds.on(DeleteDBInstanceCommand).resolves({});
  s3.on(DeleteObjectCommand).resolves({});

  const outcome = await handler(state({ restore: started() }));

  expect(rds).toHaveReceivedCommandWith(DeleteDBInstanceCommand, {
    DBInstanceIdentifier: DB_COPY,
    SkipFinalSnapshot: true,
    DeleteAutomatedBackups: true,
  });
  expect(s3).toHaveReceivedCommandWith(DeleteObjectCommand, { Bucket: RUN_BUCKET, Key: `restore-runs/${DB_COPY}/credentials.json` });
  expect(outcome.action).toBe('deleted');
});
