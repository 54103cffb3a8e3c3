import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { readEnvironment } from '../../../shared/env';
import { wrapHandler } from '../../../shared/handler';
import { readManifest } from '../../../shared/manifest/store';
import { readSecretString } from '../../common/secrets';
import type { RestoreSecret } from '../credentials/contract';
import { invocationDeadline } from '../../../shared/time-budget';
import { sdkClientConfig } from '../../../shared/sdk-client';
import { checkSettings } from './check-settings';
import { ENV, FRESHNESS_QUERY_ENV, TIME_BUDGET, type DbVerifyEvent, type DbVerifyResult } from './contract';
import { verifyRestoredDatabase } from './core';

export interface Clients {
  readonly secrets: SecretsManagerClient;
  readonly s3: S3Client;
}

export const createClients = (): Clients => ({ secrets: new SecretsManagerClient(sdkClientConfig()), s3: new S3Client(sdkClientConfig()) });

export function createHandler(clients: Clients = createClients()) {
  return wrapHandler('restore-test-db-verify', async (event: DbVerifyEvent, { logger, context }): Promise<DbVerifyResult> => {
    const { secrets, s3 } = clients;
    const started = Date.now();
    const env = readEnvironment(Object.values(ENV));
    const outcome = await verifyRestoredDatabase(
      event,
      checkSettings(env, process.env[FRESHNESS_QUERY_ENV], invocationDeadline(context, TIME_BUDGET, started)),
      {
        readSecret: async () => JSON.parse(await readSecretString(secrets, env.RESTORE_SECRET_ARN)) as RestoreSecret,
        readManifest: (key) => readManifest(s3, env.BACKUP_BUCKET, key),
      },
      () => new Date(),
    );
    logger.info('Restored database verified', { copyId: event.restore?.copyId, passed: outcome.passed, checks: outcome.checks });
    return outcome;
  });
}

/** Clients built once per container, at module scope; createHandler(clients) lets a test pass its own. */
export const handler = createHandler();
