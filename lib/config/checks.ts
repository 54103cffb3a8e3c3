import { LOG_RETENTION_DAYS } from './catalog';
import { ConfigIssue } from './config-issue';
import { SCHEDULE_EXAMPLE, scheduleProblem } from './limits/cron';
import { isAzOf, regionFacts } from './limits/regions';

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
  // Stryker disable next-line ConditionalExpression: Number.isFinite refuses non-numbers too; typeof is there for TypeScript's narrowing
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

/** An EventBridge schedule expression, `rate(N unit)` or a six-field `cron(...)` with AWS's field ranges (limits/cron.ts). */
export function scheduleExpression(value: unknown, path: string): ConfigIssue[] {
  const problem = scheduleProblem(value);
  if (problem === undefined) return [];
  const generic = `an EventBridge schedule such as ${SCHEDULE_EXAMPLE}`;
  return [{ path, value, expected: problem === generic ? generic : `an EventBridge schedule: ${problem}` }];
}

/** Rejects keys a slice does not know, so a typo in an override file is an error, not silently ignored. */
export function unknownKeys(value: unknown, path: string, known: readonly string[]): ConfigIssue[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  return Object.keys(value)
    .filter((key) => !known.includes(key))
    .map((key) => ({
      path: `${path}.${key}`,
      value: (value as Record<string, unknown>)[key],
      expected: `no such setting; known settings here: ${known.join(', ')}`,
    }));
}

export function isObject(value: unknown, path: string): ConfigIssue[] {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? [] : [{ path, value, expected: 'an object' }];
}

/** A region AWS has (limits/regions.ts), e.g. "eu-west-1"; `example` names one for the message. */
export function checkRegion(value: unknown, path: string, example = 'eu-west-1'): ConfigIssue[] {
  return regionFacts(value)
    ? []
    : [
        {
          path,
          value,
          expected: `an AWS region code such as "${example}" (a region AWS has; a new one is added to lib/config/limits/regions.ts)`,
        },
      ];
}

/** An AZ of the stage's region that AWS has, e.g. "eu-west-1a"; nothing to say while the region itself is wrong. */
export function checkAz(az: unknown, path: string, region: unknown): ConfigIssue[] {
  const facts = regionFacts(region);
  if (!facts || isAzOf(az, region as string)) return [];
  const letters = facts.azLetters
    .split('')
    .map((l) => `${region}${l}`)
    .join(', ');
  return [{ path, value: az, expected: `an availability zone of region ${JSON.stringify(region)}: one of ${letters}` }];
}

export function checkLogRetention(value: unknown, path: string): ConfigIssue[] {
  return oneOf(value, path, LOG_RETENTION_DAYS);
}

/**
 * An absolute `https://` URL with a host and no user name, password or spaces: a subscription keeps
 * it in the template in clear. `what` names the value for the message.
 */
export function httpsUrl(value: unknown, path: string, what: string): ConfigIssue[] {
  const expected = `${what}: an https:// URL with a host and no user name or password (the template holds it in clear)`;
  if (typeof value !== 'string' || /\s/.test(value)) return [{ path, value, expected }];
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return [{ path, value, expected }];
  }
  return url.protocol === 'https:' && url.hostname !== '' && url.username === '' && url.password === '' ? [] : [{ path, value, expected }];
}

export interface DistinctListOptions {
  /** What the list holds, for the message: `email addresses (may be empty)`. */
  readonly what: string;
  /** The most entries allowed (a service quota). @default no limit */
  readonly max?: number;
  /** One entry, for the message about a repeated one. @default 'entry' */
  readonly entry?: string;
}

/** A list (of at most `max` entries) whose entries each pass `item`, none listed twice. */
export function distinctList(
  value: unknown,
  path: string,
  item: (entry: unknown, path: string) => ConfigIssue[],
  options: DistinctListOptions,
): ConfigIssue[] {
  const { what, max, entry = 'entry' } = options;
  if (!Array.isArray(value) || (max !== undefined && value.length > max))
    return [{ path, value, expected: `a list of ${max !== undefined ? `at most ${max} ` : ''}${what}` }];
  const issues = value.flatMap((one, i) => item(one, `${path}[${i}]`));
  value.forEach((one, i) => {
    if (value.indexOf(one) !== i) issues.push({ path: `${path}[${i}]`, value: one, expected: `each ${entry} once (it is already listed)` });
  });
  return issues;
}
