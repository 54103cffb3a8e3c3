import { ConfigIssue } from './config-issue';

/** Keys that reach an object's prototype instead of a setting; never merged, always reported. */
export const FORBIDDEN_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

/** Every forbidden key in an override, at any depth (arrays included), e.g. `configFile.prod.api.__proto__`. */
export function forbiddenKeyIssues(value: unknown, path: string): ConfigIssue[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => forbiddenKeyIssues(item, `${path}[${i}]`));
  if (!isPlainObject(value)) return [];
  return Object.keys(value).flatMap((key) =>
    FORBIDDEN_KEYS.includes(key)
      ? [
          {
            path: `${path}.${key}`,
            value: value[key],
            expected: `no "${key}" key: it names an object's prototype, not a setting (remove it from the override file)`,
          },
        ]
      : forbiddenKeyIssues(value[key], `${path}.${key}`),
  );
}

/**
 * Deep-merges an override into a base config: objects merge key by key, arrays and scalars
 * replace, and `null` removes an optional setting (e.g. `"certificateArn": null`). Forbidden keys
 * are skipped (forbiddenKeyIssues reports them), so no override can reach a prototype.
 */
export function deepMerge(base: unknown, override: unknown): unknown {
  if (override === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(override)) return override;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (FORBIDDEN_KEYS.includes(key)) continue;
    if (value === null) delete merged[key];
    else merged[key] = deepMerge(Object.hasOwn(base, key) ? base[key] : undefined, value);
  }
  return merged;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
