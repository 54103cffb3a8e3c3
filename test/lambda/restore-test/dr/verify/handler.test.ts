import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { handler } from '../../../../../lambda/restore-test/dr/verify';
import { DB_COPY, jsonBody, started, state } from '../../common/fixtures';
import { MANIFEST_BUCKET, RUN_BUCKET, useDrHandlerEnvironment } from '../fixtures';

const s3 = mockClient(S3Client);

beforeEach(() => {
  s3.reset();
  useDrHandlerEnvironment({
    RUN_BUCKET,
    MANIFEST_BUCKET,
    EXPECTED_TABLES: '["app.orders"]',
    ROW_COUNT_TOLERANCE_PERCENT: '5',
    SQL_CHECKS: '[]',
  });
});

it('reads the password from the run bucket and the manifest copy, then connects over TLS only (the local server refuses it)', async () => {
  s3.on(GetObjectCommand, { Bucket: RUN_BUCKET }).resolves({
    Body: jsonBody({
      engine: 'postgres',
      host: '127.0.0.1',
      port: 5432,
      username: 'postgres',
      password: '',
      dbname: 'postgres',
      dbInstanceIdentifier: DB_COPY,
    }),
  });
  s3.on(GetObjectCommand, { Bucket: MANIFEST_BUCKET }).resolves({
    Body: jsonBody({ kind: 'database', stage: 'dev', snapshotId: started().source, recordedAt: '2026-11-22T02:59:00Z', rowCounts: {} }),
  });

  const outcome = await handler(state({ restore: started() }));

  expect(s3).toHaveReceivedCommandWith(GetObjectCommand, { Bucket: RUN_BUCKET, Key: `restore-runs/${DB_COPY}/credentials.json` });
  expect(s3).toHaveReceivedCommandWith(GetObjectCommand, { Bucket: MANIFEST_BUCKET, Key: started().manifestKey });
  expect(outcome.passed).toBe(false);
  expect(outcome.checks.find((c) => c.name === 'connect')?.detail).toContain('The server does not support SSL connections');
  expect(JSON.stringify(outcome)).not.toContain('"password"');
});

it('refuses to run without a started restore', async () => {
  await expect(handler(state())).rejects.toThrow('No restore was started; nothing to verify');
  expect(s3).not.toHaveReceivedAnyCommand();
});
