/** Reads a property of a value that may not be an object (validators walk untrusted JSON). */
export function prop(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
}

/** Reads a dotted path (`cache.snapshotWindow`) of untrusted JSON; undefined where any step is missing. */
export function at(config: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => prop(value, key), config);
}
