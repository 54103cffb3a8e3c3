import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { readEnvironment } from '../../../shared/env';
import { createObservability } from '../../../shared/observability';
import { numberSetting } from '../../common/env-values';
import { readManifest } from '../../../shared/manifest/store';
import { readCacheAuthToken } from '../../common/secret-lookup';
import { ENV, OPTIONAL_ENV, type CacheVerifyEvent, type CacheVerifyResult } from './contract';
import { verifyRestoredCache } from './core';
import { sdkClientConfig } from '../../../shared/time-budget';

export async function handler(event: CacheVerifyEvent): Promise<CacheVerifyResult> {
  const env = readEnvironment(Object.values(ENV));
  const { logger } = createObservability('restore-test-cache-verify', env.STAGE);
  const secrets = new SecretsManagerClient(sdkClientConfig());
  const s3 = new S3Client(sdkClientConfig());
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
}
