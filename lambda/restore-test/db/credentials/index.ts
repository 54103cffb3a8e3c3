import { ModifyDBInstanceCommand, RDSClient } from '@aws-sdk/client-rds';
import { PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { readEnvironment } from '../../../shared/env';
import { createObservability } from '../../../shared/observability';
import { ENV, type DbCredentialsEvent, type DbCredentialsResult } from './contract';
import { resetMasterPassword } from './core';
import { sdkClientConfig } from '../../../shared/time-budget';

export async function handler(event: DbCredentialsEvent): Promise<DbCredentialsResult> {
  const env = readEnvironment(Object.values(ENV));
  const { logger } = createObservability('restore-test-db-credentials', env.STAGE);
  const rds = new RDSClient(sdkClientConfig());
  const secrets = new SecretsManagerClient(sdkClientConfig());
  const result = await resetMasterPassword(event, {
    async storeSecret(secretString) {
      await secrets.send(new PutSecretValueCommand({ SecretId: env.RESTORE_SECRET_ARN, SecretString: secretString }));
    },
    async setMasterPassword(instanceId, password) {
      await rds.send(new ModifyDBInstanceCommand({ DBInstanceIdentifier: instanceId, MasterUserPassword: password, ApplyImmediately: true }));
    },
  }, new Date());
  logger.info('Master password reset on the restored instance', { copyId: event.restore?.copyId, ...result });
  return result;
}
