import { UsageError } from '../support/cli';

/**
 * A problem with what `npm run recover` was given: each line names the flag or field and what is
 * expected. A UsageError, so the shared CLI front reports it with the usage and exit 2.
 */
export class RecoverInputError extends UsageError {
  constructor(readonly problems: readonly string[]) {
    super(`npm run recover cannot continue:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}
