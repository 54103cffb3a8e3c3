/** Raised when a handler starts without the environment its construct promised. */
export class MissingEnvironmentError extends Error {
  constructor(readonly missing: readonly string[]) {
    super(`Missing environment variables: ${missing.join(', ')}. The construct that deploys this function sets them; redeploy the stack.`);
    this.name = 'MissingEnvironmentError';
  }
}

/**
 * Reads every named variable at once and reports all missing ones together,
 * so a misconfigured function fails on its first line with the whole list.
 */
export function readEnvironment<const K extends string>(
  names: readonly K[],
  env: Record<string, string | undefined> = process.env,
): Record<K, string> {
  const missing = names.filter((name) => !env[name]);
  if (missing.length > 0) throw new MissingEnvironmentError(missing);
  return Object.fromEntries(names.map((name) => [name, env[name] as string])) as Record<K, string>;
}
