/**
 * A one-line description of a thrown value for logs and reports: its name (unless a bare Error),
 * code, message and cause, each once. Never the request, which may carry credentials. A refused
 * connection comes as an AggregateError with an empty message: its code says what happened.
 */
export function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const e = error as Error & { code?: unknown };
  const name = /^error$/i.test(e.name) ? undefined : e.name;
  const code = typeof e.code === 'string' && e.code !== e.name ? e.code : undefined;
  const message = e.message && e.message !== e.name && e.message !== code ? e.message : undefined;
  const c = e.cause as { code?: unknown; message?: unknown } | undefined;
  const cause = typeof c === 'object' && c !== null ? (c.code ?? c.message) : undefined;
  return [name, code, message, typeof cause === 'string' ? cause : undefined].filter(Boolean).join(': ') || e.name;
}
