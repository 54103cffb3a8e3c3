import { ModifyDBInstanceCommand, RDSClient } from '@aws-sdk/client-rds';
import { PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { handler } from '../../../../../lambda/restore-test/db/credentials';
import { DB_COPY, started, state, useHandlerEnvironment } from '../../common/fixtures';

const rds = mockClient(RDSClient);
const secrets = mockClient(SecretsManagerClient);
const SECRET = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:restore-test-abc';

beforeEach(() => {
  rds.reset();
  secrets.reset();
  useHandlerEnvironment({ RESTORE_SECRET_ARN: SECRET });
});

it('puts the password into the restore-test secret, then applies the same password immediately', async () => {
  secrets.on(PutSecretValueCommand).resolves({});
  rds.on(ModifyDBInstanceCommand).resolves({});
  const result = await handler(
    state({
      restore: started(),
      status: {
        ready: true,
        polls: 3,
        status: 'available',
        address: 'copy.example',
        port: 5432,
        masterUsername: 'platform',
        dbName: 'app',
      },
    }),
  );

  const stored = JSON.parse(secrets.commandCalls(PutSecretValueCommand)[0].args[0].input.SecretString!);
  expect(secrets).toHaveReceivedCommandWith(PutSecretValueCommand, { SecretId: SECRET });
  expect(rds).toHaveReceivedCommandWith(ModifyDBInstanceCommand, {
    DBInstanceIdentifier: DB_COPY,
    MasterUserPassword: stored.password,
    ApplyImmediately: true,
  });
  expect(secrets.commandCalls(PutSecretValueCommand)[0].calledBefore(rds.commandCalls(ModifyDBInstanceCommand)[0])).toBe(true);
  expect(JSON.stringify(result)).not.toContain(stored.password);
});
