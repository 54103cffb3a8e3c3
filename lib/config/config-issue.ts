/** One thing wrong with a stage configuration: where, what was found, and what would be accepted. */
export interface ConfigIssue {
  /** Dotted path from the stage root, e.g. `prod.database.readReplicas`. */
  readonly path: string;
  /** The offending value as found (rendered with JSON.stringify in messages). */
  readonly value: unknown;
  /** What is allowed, phrased as the fix, e.g. `an integer from 0 to 5`. */
  readonly expected: string;
}

export function formatIssue(issue: ConfigIssue): string {
  return `${issue.path}: got ${show(issue.value)}; expected ${issue.expected}`;
}

const NON_FINITE = '\u2063non-finite:';

/** JSON, except that NaN and ±Infinity print as given (JSON.stringify would print them as null). */
function show(value: unknown): string {
  if (value === undefined) return 'undefined';
  const json = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? `${NON_FINITE}${v}` : v));
  if (json === undefined) return String(value);
  return json.replace(/"\u2063non-finite:(NaN|Infinity|-Infinity)"/g, '$1');
}

/** Thrown when any stage configuration is invalid; lists every issue found, not just the first. */
export class ConfigValidationError extends Error {
  constructor(readonly issues: readonly ConfigIssue[]) {
    super(
      `Invalid stage configuration (${issues.length} problem${issues.length === 1 ? '' : 's'}); nothing was synthesized:\n` +
        issues.map((issue) => `  - ${formatIssue(issue)}`).join('\n'),
    );
    this.name = 'ConfigValidationError';
  }
}
