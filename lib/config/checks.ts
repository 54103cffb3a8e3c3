import { ConfigIssue } from './config-issue';

/**
 * Small field checks shared by every config slice validator. Each returns the issues it found
 * (empty when the value is fine) so validators can collect all problems in one pass.
 */

export function integerIn(value: unknown, path: string, min: number, max: number): ConfigIssue[] {
  return Number.isInteger(value) && (value as number) >= min && (value as number) <= max
    ? []
    : [{ path, value, expected: `an integer from ${min} to ${max}` }];
}

export function numberIn(value: unknown, path: string, min: number, max: number, unit = ''): ConfigIssue[] {
  return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max
    ? []
    : [{ path, value, expected: `a number from ${min} to ${max}${unit ? ` ${unit}` : ''}` }];
}

export function oneOf<T>(value: unknown, path: string, allowed: readonly T[]): ConfigIssue[] {
  return allowed.includes(value as T) ? [] : [{ path, value, expected: `one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}` }];
}

export function isBoolean(value: unknown, path: string): ConfigIssue[] {
  return typeof value === 'boolean' ? [] : [{ path, value, expected: 'true or false' }];
}

export function nonEmptyString(value: unknown, path: string, what = 'a non-empty string'): ConfigIssue[] {
  return typeof value === 'string' && value.trim().length > 0 ? [] : [{ path, value, expected: what }];
}

export function matches(value: unknown, path: string, pattern: RegExp, what: string): ConfigIssue[] {
  return typeof value === 'string' && pattern.test(value) ? [] : [{ path, value, expected: what }];
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export function email(value: unknown, path: string): ConfigIssue[] {
  return matches(value, path, EMAIL, 'an email address such as ops@example.com');
}

/** An EventBridge schedule expression: `rate(N unit)` or a six-field `cron(...)`. */
const RATE = /^rate\((1 (minute|hour|day)|([2-9]|[1-9]\d+) (minutes|hours|days))\)$/;
const CRON_FIELD = /^[0-9A-Za-z*?,/#LW-]+$/;
export function scheduleExpression(value: unknown, path: string): ConfigIssue[] {
  const expected = 'an EventBridge schedule such as "rate(6 hours)" or "cron(0 3 * * ? *)" (six fields; day-of-month or day-of-week must be "?")';
  if (typeof value !== 'string') return [{ path, value, expected }];
  if (RATE.test(value)) return [];
  const cron = /^cron\((.*)\)$/.exec(value);
  if (!cron) return [{ path, value, expected }];
  const fields = cron[1].trim().split(/\s+/);
  const ok = fields.length === 6 && fields.every((f) => CRON_FIELD.test(f)) && (fields[2] === '?') !== (fields[4] === '?');
  return ok ? [] : [{ path, value, expected }];
}

/** Rejects keys a slice does not know, so a typo in an override file is an error, not silently ignored. */
export function unknownKeys(value: unknown, path: string, known: readonly string[]): ConfigIssue[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  return Object.keys(value)
    .filter((key) => !known.includes(key))
    .map((key) => ({ path: `${path}.${key}`, value: (value as Record<string, unknown>)[key], expected: `no such setting; known settings here: ${known.join(', ')}` }));
}

export function isObject(value: unknown, path: string): ConfigIssue[] {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? [] : [{ path, value, expected: 'an object' }];
}
