import { ModifyDBInstanceCommand, RDSClient } from '@aws-sdk/client-rds';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { handler } from '../../../../../lambda/restore-test/dr/credentials';
import { DB_COPY, started, state } from '../../common/fixtures';
import { RUN_BUCKET, useDrHandlerEnvironment } from '../fixtures';

const rds = mockClient(RDSClient);
const s3 = mockClient(S3Client);

beforeEach(() => {
  rds.reset();
  s3.reset();
  useDrHandlerEnvironment({ RUN_BUCKET });
});

const ready = {
  ready: true,
  polls: 3,
  status: 'available',
  address: 'copy.eu-central-1.rds.example',
  port: 5432,
  masterUsername: 'platform',
  dbName: 'app',
};

it("puts the new password into the run bucket (the bucket's SSE-KMS default), then sets it on the copy; it never reaches the state", async () => {
  s3.on(PutObjectCommand).resolves({});
  rds.on(ModifyDBInstanceCommand).resolves({});

  const result = await handler(state({ restore: started(), status: ready }));

  const put = s3.commandCalls(PutObjectCommand)[0].args[0].input;
  expect(put).toMatchObject({ Bucket: RUN_BUCKET, Key: `restore-runs/${DB_COPY}/credentials.json`, ContentType: 'application/json' });
  // No encryption header: naming aws:kms without a key would pick aws/s3 instead of the bucket's DR key.
  expect(put.ServerSideEncryption).toBeUndefined();
  const stored = JSON.parse(put.Body as string);
  expect(stored).toMatchObject({ host: ready.address, port: 5432, username: 'platform', dbname: 'app', dbInstanceIdentifier: DB_COPY });
  expect(rds).toHaveReceivedCommandWith(ModifyDBInstanceCommand, {
    DBInstanceIdentifier: DB_COPY,
    MasterUserPassword: stored.password,
    ApplyImmediately: true,
  });
  expect(s3.commandCalls(PutObjectCommand)[0].calledBefore(rds.commandCalls(ModifyDBInstanceCommand)[0])).toBe(true);
  expect(JSON.stringify(result)).not.toContain(stored.password);
});

it('sets no password it could not store first', async () => {
  s3.on(PutObjectCommand).rejects(new Error('AccessDenied'));
  await expect(handler(state({ restore: started(), status: ready }))).rejects.toThrow('AccessDenied');
  expect(rds).not.toHaveReceivedCommand(ModifyDBInstanceCommand);
});
