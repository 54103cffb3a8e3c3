import { ModifyDBInstanceCommand, RDSClient } from '@aws-sdk/client-rds';
import { PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { readEnvironment } from '../../../shared/env';
import { wrapHandler } from '../../../shared/handler';
import { ENV, type DbCredentialsEvent, type DbCredentialsResult } from './contract';
import { resetMasterPassword } from './core';
import { sdkClientConfig } from '../../../shared/sdk-client';

export interface Clients {
  readonly rds: RDSClient;
  readonly secrets: SecretsManagerClient;
}

export const createClients = (): Clients => ({
  rds: new RDSClient(sdkClientConfig()),
  secrets: new SecretsManagerClient(sdkClientConfig()),
});

export function createHandler(clients: Clients = createClients()) {
  return wrapHandler('restore-test-db-credentials', async (event: DbCredentialsEvent, { logger }): Promise<DbCredentialsResult> => {
    const { rds, secrets } = clients;
    const env = readEnvironment(Object.values(ENV));
    const result = await resetMasterPassword(
      event,
      {
        async storeSecret(secretString) {
          await secrets.send(new PutSecretValueCommand({ SecretId: env.RESTORE_SECRET_ARN, SecretString: secretString }));
        },
        async setMasterPassword(instanceId, password) {
          await rds.send(
            new ModifyDBInstanceCommand({ DBInstanceIdentifier: instanceId, MasterUserPassword: password, ApplyImmediately: true }),
          );
        },
      },
      new Date(),
    );
    logger.info('Master password reset on the restored instance', { copyId: event.restore?.copyId, ...result });
    return result;
  });
}

/** Clients built once per container, at module scope; createHandler(clients) lets a test pass its own. */
export const handler = createHandler();
