import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createHandler } from '../../../../lambda/drill/db-probe/index';

const secrets = mockClient(SecretsManagerClient);
const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:staging-db-AbCdEf';
const env = { STAGE: 'staging', DB_SECRET_ARN: SECRET_ARN, DB_NAME: 'postgres' };
const handler = createHandler({ env, secrets: () => new SecretsManagerClient({ region: 'eu-west-1' }) });

beforeEach(() => secrets.reset());

describe('drill-db-probe handler', () => {
  test('reads the secret it was given and always connects with TLS: the real PostgreSQL without TLS refuses it', async () => {
    const password = 'pw-that-must-not-leak';
    secrets
      .on(GetSecretValueCommand)
      .resolves({ SecretString: JSON.stringify({ host: '127.0.0.1', port: 5432, username: 'postgres', password }) });
    const result = await handler({});
    expect(secrets).toHaveReceivedCommandWith(GetSecretValueCommand, { SecretId: SECRET_ARN });
    expect(result.healthy).toBe(false);
    // The same server accepts the probe's settings with TLS off (probe.test.ts), so only TLS explains the refusal.
    expect(result.error).toBe('The server does not support SSL connections');
    expect(JSON.stringify(result)).not.toContain(password);
  });

  test('a secret it cannot read stops the drill instead of reading as "database down"', async () => {
    secrets.on(GetSecretValueCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }));
    await expect(handler({})).rejects.toThrow('not authorized');
  });

  test('a malformed secret stops the drill, naming the missing field and never the value', async () => {
    secrets.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ host: 'db', password: 'hunter2' }) });
    await expect(handler({})).rejects.toThrow(/^The database secret lacks username$/);
  });
});
