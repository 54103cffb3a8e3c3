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
  const shown = issue.value === undefined ? 'undefined' : JSON.stringify(issue.value);
  return `${issue.path}: got ${shown}; expected ${issue.expected}`;
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
