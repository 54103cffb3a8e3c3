/** A one-line description of a thrown value. Refused connections come as AggregateErrors with an empty message; their code says more. */
export function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.message || (error as { code?: string }).code || error.name;
}
