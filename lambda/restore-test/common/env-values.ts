/**
 * Parsers for the settings a construct passes as environment variables. The construct validated
 * them already; these fail loudly if a deployment got out of step with the code.
 */

export function numberSetting(name: string, value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) throw new Error(`Environment variable ${name} must be a number, got "${value}"`);
  return parsed;
}

export function choiceSetting<const T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) throw new Error(`Environment variable ${name} must be one of ${allowed.join(', ')}, got "${value}"`);
  return value as T;
}

export function jsonSetting<T>(name: string, value: string): T {
  try {
    return JSON.parse(value) as T;
  } catch {
    throw new Error(`Environment variable ${name} must be JSON`);
  }
}
