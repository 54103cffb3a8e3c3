import { RDSClient } from '@aws-sdk/client-rds';
import { DeleteObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { readEnvironment } from '../../../shared/env';
import { wrapHandler } from '../../../shared/handler';
import { sdkClientConfig } from '../../../shared/sdk-client';
import { deleteDbCopy, findDbInstance } from '../../common/copies';
import { runCredentialsKey } from '../contract';
import { ENV, type DrCleanupEvent, type DrCleanupResult } from './contract';
import { cleanupDrRun } from './core';

export interface Clients {
  readonly rds: RDSClient;
  readonly s3: S3Client;
}

export const createClients = (): Clients => ({ rds: new RDSClient(sdkClientConfig()), s3: new S3Client(sdkClientConfig()) });

export function createHandler(clients: Clients = createClients()) {
  return wrapHandler('restore-test-dr-cleanup', async (event: DrCleanupEvent, { logger }): Promise<DrCleanupResult> => {
    const { rds, s3 } = clients;
    const env = readEnvironment(Object.values(ENV));
    const outcome = await cleanupDrRun(event, env.STAGE, {
      describeInstance: (id) => findDbInstance(rds, id),
      deleteInstance: (id) => deleteDbCopy(rds, id),
      async deleteCredentials(copyId) {
        await s3.send(new DeleteObjectCommand({ Bucket: env.RUN_BUCKET, Key: runCredentialsKey(copyId) }));
      },
    });
    logger.info('DR restore copy cleanup', { ...outcome });
    return outcome;
  });
}

/** Clients built once per container, at module scope; createHandler(clients) lets a test pass its own. */
export const handler = createHandler();
