import { ModifyDBInstanceCommand, RDSClient } from '@aws-sdk/client-rds';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { readEnvironment } from '../../../shared/env';
import { wrapHandler } from '../../../shared/handler';
import { sdkClientConfig } from '../../../shared/sdk-client';
import { resetMasterPassword } from '../../db/credentials/core';
import { runCredentialsKey } from '../contract';
import { ENV, type DrCredentialsEvent, type DrCredentialsResult } from './contract';

export interface Clients {
  readonly rds: RDSClient;
  readonly s3: S3Client;
}

export const createClients = (): Clients => ({ rds: new RDSClient(sdkClientConfig()), s3: new S3Client(sdkClientConfig()) });

export function createHandler(clients: Clients = createClients()) {
  return wrapHandler('restore-test-dr-credentials', async (event: DrCredentialsEvent, { logger }): Promise<DrCredentialsResult> => {
    const { rds, s3 } = clients;
    const env = readEnvironment(Object.values(ENV));
    const copyId = event.restore?.copyId;
    const result = await resetMasterPassword(
      event,
      {
        async storeSecret(secretString) {
          // No encryption header: the bucket's default, SSE-KMS with the DR key, applies (naming aws:kms without a key id would pick aws/s3).
          await s3.send(
            new PutObjectCommand({
              Bucket: env.RUN_BUCKET,
              Key: runCredentialsKey(copyId!),
              Body: secretString,
              ContentType: 'application/json',
            }),
          );
        },
        async setMasterPassword(instanceId, password) {
          await rds.send(
            new ModifyDBInstanceCommand({ DBInstanceIdentifier: instanceId, MasterUserPassword: password, ApplyImmediately: true }),
          );
        },
      },
      new Date(),
    );
    logger.info('Master password reset on the DR restore copy', { copyId, ...result });
    return result;
  });
}

/** Clients built once per container, at module scope; createHandler(clients) lets a test pass its own. */
export const handler = createHandler();
