import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { handler } from '../../../../../lambda/restore-test/cache/verify';
import { CACHE_COPY, jsonBody, started, state, useHandlerEnvironment } from '../../common/fixtures';

const s3 = mockClient(S3Client);
const secrets = mockClient(SecretsManagerClient);
const AUTH = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:cache-auth';
const restore = started({
  copyId: CACHE_COPY,
  source: 'dev-cache-20261122-0300',
  manifestKey: 'manifests/dev/cache/dev-cache-20261122-0300.json',
});

beforeEach(() => {
  s3.reset();
  secrets.reset();
  useHandlerEnvironment({
    AUTH_SECRET_ARN: AUTH,
    BACKUP_BUCKET: 'backups',
    KEY_COUNT_TOLERANCE_PERCENT: '10',
    AUTH_SECRET_JSON_KEY: 'authToken',
  });
});

it("reads the AUTH token from the JSON field of the source's secret and the manifest, then connects to the copy", async () => {
  secrets.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ authToken: 'token' }) });
  s3.on(GetObjectCommand).resolves({
    Body: jsonBody({
      kind: 'cache',
      stage: 'dev',
      snapshotName: restore.source,
      recordedAt: '2026-11-22T02:59:50Z',
      keyCount: 5,
      sentinelKey: 'platform:backup-sentinel',
    }),
  });

  const outcome = await handler(
    state({ restore, status: { ready: true, polls: 4, status: 'available', address: '127.0.0.1', port: 1 } }, 'cache'),
  );

  expect(secrets).toHaveReceivedCommandWith(GetSecretValueCommand, { SecretId: AUTH });
  expect(s3).toHaveReceivedCommandWith(GetObjectCommand, { Bucket: 'backups', Key: restore.manifestKey });
  expect(outcome.checks).toContainEqual({
    name: 'connect',
    passed: false,
    detail: expect.stringContaining('could not connect to 127.0.0.1:1'),
  });
});

it('fails the step when the AUTH secret lacks the configured field', async () => {
  secrets.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ password: 'token' }) });
  s3.on(GetObjectCommand).resolves({ Body: jsonBody({}) });
  await expect(
    handler(state({ restore, status: { ready: true, polls: 4, status: 'available', address: '127.0.0.1', port: 1 } }, 'cache')),
  ).rejects.toThrow('no string field "authToken"');
});
