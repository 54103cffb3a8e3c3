import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { authTokenFrom } from './auth-token';

export async function readSecretString(secrets: SecretsManagerClient, secretId: string): Promise<string> {
  const out = await secrets.send(new GetSecretValueCommand({ SecretId: secretId }));
  if (!out.SecretString) throw new Error(`Secret ${secretId} has no string value`);
  return out.SecretString;
}

/** The cache AUTH token: the secret string itself, or its field `jsonKey` when given. */
export async function readCacheAuthToken(secrets: SecretsManagerClient, secretId: string, jsonKey: string | undefined): Promise<string> {
  return authTokenFrom(await readSecretString(secrets, secretId), jsonKey);
}
