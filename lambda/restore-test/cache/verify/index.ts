import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { readEnvironment } from '../../../shared/env';
import { wrapHandler } from '../../../shared/handler';
import { numberSetting } from '../../common/env-values';
import { readManifest } from '../../../shared/manifest/store';
import { readCacheAuthToken } from '../../common/secrets';
import { ENV, OPTIONAL_ENV, type CacheVerifyEvent, type CacheVerifyResult } from './contract';
import { verifyRestoredCache } from './core';
import { sdkClientConfig } from '../../../shared/sdk-client';

export interface Clients {
  readonly secrets: SecretsManagerClient;
  readonly s3: S3Client;
}

export const createClients = (): Clients => ({ secrets: new SecretsManagerClient(sdkClientConfig()), s3: new S3Client(sdkClientConfig()) });

export function createHandler(clients: Clients = createClients()) {
  return wrapHandler('restore-test-cache-verify', async (event: CacheVerifyEvent, { logger }): Promise<CacheVerifyResult> => {
    const { secrets, s3 } = clients;
    const env = readEnvironment(Object.values(ENV));
    const outcome = await verifyRestoredCache(
      event,
      { keyCountTolerancePercent: numberSetting(ENV.keyCountTolerancePercent, env.KEY_COUNT_TOLERANCE_PERCENT), tls: true },
      {
        readAuthToken: () => readCacheAuthToken(secrets, env.AUTH_SECRET_ARN, process.env[OPTIONAL_ENV.authSecretJsonKey] || undefined),
        readManifest: (key) => readManifest(s3, env.BACKUP_BUCKET, key),
      },
      () => new Date(),
    );
    logger.info('Restored cache verified', { copyId: event.restore?.copyId, passed: outcome.passed, checks: outcome.checks });
    return outcome;
  });
}

/** Clients built once per container, at module scope; createHandler(clients) lets a test pass its own. */
export const handler = createHandler();
