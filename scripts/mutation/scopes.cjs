/**
 * The folders the mutation run covers, one Stryker run each (a whole run over both would not fit in
 * a bounded time on two cores): what it mutates, which tests pin it, where its reports go.
 * Shared by stryker.config.mjs, jest.stryker.config.js and scripts/mutation/run.ts.
 */
const MUTATION_SCOPES = {
  config: {
    folder: 'lib/config',
    mutate: ['lib/config/**/*.ts'],
    // Only the pure config tests: a static mutant (a table such as STAGE_FLOORS) reruns them all.
    tests: ['test/config/**/*.test.ts'],
    // Config tests load no aws-cdk-lib (a synth per mutant would take hours); the one that builds the
    // app lives in test/stacks/invalid-config.test.ts. The import-graph test reads the source text, which
    // Stryker rewrites in its sandbox: it can kill no mutant, and the rewritten text could fail it.
    excludeTests: ['/test/config/import-graph\\.test\\.ts$'],
  },
  lambda: {
    folder: 'lambda',
    mutate: ['lambda/**/*.ts'],
    tests: ['test/lambda/**/*.test.ts'],
    excludeTests: [],
  },
};

/** The scope named by MUTATION_SCOPE; an unknown or missing one is an error that says what to pass. */
function scopeFromEnv() {
  const scope = process.env.MUTATION_SCOPE;
  if (!scope || !Object.hasOwn(MUTATION_SCOPES, scope)) {
    throw new Error(
      `MUTATION_SCOPE: got ${JSON.stringify(scope ?? null)}; expected one of ${Object.keys(MUTATION_SCOPES).join(', ')}. Run \`npm run mutation -- <scope>\`.`,
    );
  }
  return scope;
}

/** Where a scope's reports and incremental file live (reports/ is git-ignored). */
function reportDir(scope) {
  return `reports/mutation/${scope}`;
}

module.exports = { MUTATION_SCOPES, scopeFromEnv, reportDir };
