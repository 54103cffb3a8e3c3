import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { CACHE_COPY, jsonBody, started, state, useHandlerEnvironment } from '../../common/fixtures';

// The handler as deployed, but with its connect timeout cut from 10 s to 1 s so the test waits 1 s:
// the contract module is replaced before the handler loads (hence require after jest.doMock).
const CONTRACT = '../../../../../lambda/restore-test/cache/verify/contract';
const CONNECT_TIMEOUT_MS = 1_000;
jest.doMock(CONTRACT, () => ({ ...jest.requireActual(CONTRACT), CACHE_CONNECT_TIMEOUT_MS: CONNECT_TIMEOUT_MS }));
const { handler } =
  require('../../../../../lambda/restore-test/cache/verify') as typeof import('../../../../../lambda/restore-test/cache/verify');

const s3 = mockClient(S3Client);
const secrets = mockClient(SecretsManagerClient);
const restore = started({
  copyId: CACHE_COPY,
  source: 'dev-cache-20261122-0300',
  manifestKey: 'manifests/dev/cache/dev-cache-20261122-0300.json',
});

beforeEach(() => {
  s3.reset();
  secrets.reset();
  useHandlerEnvironment({
    AUTH_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:cache-auth',
    BACKUP_BUCKET: 'backups',
    KEY_COUNT_TOLERANCE_PERCENT: '10',
    AUTH_SECRET_JSON_KEY: 'authToken',
  });
});

it('always connects with TLS: the real Redis without TLS never completes the handshake, so the connection times out', async () => {
  // The local Redis serves plain RESP: it reads the TLS ClientHello as an inline command and looks for its line end
  // with strchr, which stops at the hello's first NUL byte, so it waits for more, every time. The handshake never
  // finishes and the client gives up at its connect timeout. With TLS off the same server connects at once
  // (inspect.test.ts), so only TLS explains this failure.
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
  const began = Date.now();

  const outcome = await handler(
    state({ restore, status: { ready: true, polls: 4, status: 'available', address: '127.0.0.1', port: 6379 } }, 'cache'),
  );

  expect(outcome.passed).toBe(false);
  expect(outcome.checks).toContainEqual({
    name: 'connect',
    passed: false,
    detail: `could not connect to 127.0.0.1:6379: ETIMEDOUT: no TLS session with 127.0.0.1:6379 within ${CONNECT_TIMEOUT_MS} ms`,
  });
  // The wait is the contract's connect timeout: the handler takes its limit from there.
  expect(Date.now() - began).toBeGreaterThanOrEqual(CONNECT_TIMEOUT_MS - 100);
}, 15_000);
