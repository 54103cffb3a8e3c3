/** A problem with what `npm run recover` was given: each line names the flag or field and what is expected. */
export class RecoverInputError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`npm run recover cannot continue:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'RecoverInputError';
  }
}
