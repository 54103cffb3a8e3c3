import { CreateSnapshotCommand, ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { S3Client } from '@aws-sdk/client-s3';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { CACHE_SNAPSHOT_ENV } from './environment';

// The handler as deployed, but with its connect timeout cut from 5 s to 1 s so the test waits 1 s:
// the contract module is replaced before the handler loads (hence require after jest.doMock).
const CONTRACT = '../../../lambda/cache-snapshot/contract';
const CONNECT_TIMEOUT_MS = 1_000;
jest.doMock(CONTRACT, () => ({ ...jest.requireActual(CONTRACT), CACHE_CONNECT_TIMEOUT_MS: CONNECT_TIMEOUT_MS }));
const { createHandler } = require('../../../lambda/cache-snapshot/index') as typeof import('../../../lambda/cache-snapshot/index');
const { captureStdout } = require('../backup-support/output') as typeof import('../backup-support/output');

const elasticache = new ElastiCacheClient({ region: 'eu-west-1' });
const s3 = new S3Client({ region: 'eu-west-1' });
const secrets = new SecretsManagerClient({ region: 'eu-west-1' });
const ecMock = mockClient(elasticache);
mockClient(s3);
mockClient(secrets)
  .on(GetSecretValueCommand)
  .resolves({ SecretString: JSON.stringify({ authToken: 'the-token' }) });
const ENV = CACHE_SNAPSHOT_ENV;

it('always connects with TLS: the real Redis without TLS never completes the handshake, and the snapshot is still taken', async () => {
  // No connectCache: the handler's own connection. The plain local Redis reads the TLS ClientHello as an inline
  // command whose line end it never finds (its strchr stops at the hello's first NUL byte), so only the connect
  // timeout ends the handshake; with TLS off it answers at once (index.test.ts).
  const output = captureStdout();
  const began = Date.now();
  try {
    const result = await createHandler({
      env: ENV,
      now: () => new Date('2026-05-10T06:00:00Z'),
      clients: { elasticache, s3, secrets },
    })();
    expect(result.succeeded).toBe(false);
    expect(result.steps).toContainEqual({
      step: 'write-sentinel',
      ok: false,
      detail: `ETIMEDOUT: no TLS session with 127.0.0.1:6379 within ${CONNECT_TIMEOUT_MS} ms`,
    });
    // The wait is the contract's connect timeout: the handler takes its limit from there.
    expect(Date.now() - began).toBeGreaterThanOrEqual(CONNECT_TIMEOUT_MS - 100);
    expect(ecMock).toHaveReceivedCommandTimes(CreateSnapshotCommand, 1);
  } finally {
    output.restore();
  }
}, 15_000);
