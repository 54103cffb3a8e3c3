import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { handler } from '../../../../../lambda/restore-test/db/verify';
import { DB_COPY, jsonBody, started, state, useHandlerEnvironment } from '../../common/fixtures';

const s3 = mockClient(S3Client);
const secrets = mockClient(SecretsManagerClient);
const SECRET = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:restore-test-abc';

beforeEach(() => {
  s3.reset();
  secrets.reset();
  useHandlerEnvironment({
    RESTORE_SECRET_ARN: SECRET,
    BACKUP_BUCKET: 'backups',
    EXPECTED_TABLES: '["app.orders"]',
    ROW_COUNT_TOLERANCE_PERCENT: '5',
    SQL_CHECKS: '[]',
  });
});

it("reads the restore-test secret and the snapshot's manifest", async () => {
  // Port 1 refuses at once; the point is what the handler asked for on the way there.
  secrets.on(GetSecretValueCommand).resolves({
    SecretString: JSON.stringify({
      engine: 'postgres',
      host: '127.0.0.1',
      port: 1,
      username: 'postgres',
      password: 'x',
      dbname: 'app',
      dbInstanceIdentifier: DB_COPY,
    }),
  });
  s3.on(GetObjectCommand).resolves({
    Body: jsonBody({ kind: 'database', stage: 'dev', snapshotId: started().source, recordedAt: '2026-11-22T02:59:00Z', rowCounts: {} }),
  });

  const outcome = await handler(state({ restore: started() }));

  expect(secrets).toHaveReceivedCommandWith(GetSecretValueCommand, { SecretId: SECRET });
  expect(s3).toHaveReceivedCommandWith(GetObjectCommand, { Bucket: 'backups', Key: started().manifestKey });
  expect(outcome.passed).toBe(false);
  expect(outcome.checks).toContainEqual({
    name: 'connect',
    passed: false,
    detail: expect.stringContaining('could not connect to 127.0.0.1:1/app'),
  });
});

describe('always connects with TLS', () => {
  // The local PostgreSQL serves without TLS, so the handler's own connection settings must be refused by it;
  // the same server accepts a plain connection (see inspect.test.ts), so the refusal can only come from TLS.
  const secret = {
    engine: 'postgres',
    host: '127.0.0.1',
    port: 5432,
    username: 'postgres',
    password: 'x',
    dbname: 'postgres',
    dbInstanceIdentifier: DB_COPY,
  };
  const refusal = {
    name: 'connect',
    passed: false,
    detail: 'could not connect to 127.0.0.1:5432/postgres: The server does not support SSL connections',
  };

  beforeEach(() => {
    secrets.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify(secret) });
    s3.on(GetObjectCommand).resolves({
      Body: jsonBody({ kind: 'database', stage: 'dev', snapshotId: started().source, recordedAt: '2026-11-22T02:59:00Z', rowCounts: {} }),
    });
  });
  afterEach(() => {
    delete process.env.PGSSLMODE;
  });

  it("always connects with TLS: the real PostgreSQL without TLS refuses the handler's connection", async () => {
    const outcome = await handler(state({ restore: started() }));
    expect(outcome.passed).toBe(false);
    expect(outcome.checks).toContainEqual(refusal);
  });

  it('always connects with TLS, even when the environment asks libpq-style for none (PGSSLMODE=disable)', async () => {
    process.env.PGSSLMODE = 'disable';
    const outcome = await handler(state({ restore: started() }));
    expect(outcome.checks).toContainEqual(refusal);
  });
});
