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
