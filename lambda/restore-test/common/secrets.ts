import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/** The secrets a restore test reads: the restored database's credentials and the cache's AUTH token. */

/** A secret's string value; a secret without one is an error. */
export async function readSecretString(secrets: SecretsManagerClient, secretId: string): Promise<string> {
  const out = await secrets.send(new GetSecretValueCommand({ SecretId: secretId }));
  if (!out.SecretString) throw new Error(`Secret ${secretId} has no string value`);
  return out.SecretString;
}

/** The cache AUTH token: the secret string itself, or its field `jsonKey` when given. */
export async function readCacheAuthToken(secrets: SecretsManagerClient, secretId: string, jsonKey: string | undefined): Promise<string> {
  return authTokenFrom(await readSecretString(secrets, secretId), jsonKey);
}

/**
 * The cache AUTH token from its secret: the whole secret string, or one field of a JSON secret when
 * `jsonKey` is given. The error never quotes the secret.
 */
export function authTokenFrom(secretString: string, jsonKey?: string): string {
  if (!jsonKey) return secretString;
  let parsed: unknown;
  try {
    parsed = JSON.parse(secretString);
  } catch {
    throw new Error(`The cache AUTH secret is not JSON, but a JSON field "${jsonKey}" was configured`);
  }
  const token = (parsed as Record<string, unknown> | null)?.[jsonKey];
  if (typeof token !== 'string' || token.length === 0) throw new Error(`The cache AUTH secret has no string field "${jsonKey}"`);
  return token;
}
