/**
 * Jest for the mutation run (stryker.config.mjs), not for `npm test`. It differs from jest.config.js:
 * - only the test files that pin the mutated folder (the scope picks them: MUTATION_SCOPE), and of
 *   those only the ones that load no aws-cdk-lib: a synth costs seconds per mutant;
 * - no AWS call recorder: a mutant that changes a call would fail on the recorder's contract
 *   check, not on a behavioural assertion, and the score would read higher than the tests earn;
 * - no count reporter: .ci/run reads its file, which a mutation run must not overwrite;
 * - each mutant loads only the test files that reached it in the dry run (scripts/mutation/).
 */
const path = require('node:path');
const { MUTATION_SCOPES, scopeFromEnv } = require('./scripts/mutation/scopes.cjs');

/** @type {import('jest').Config} */
module.exports = {
  // Records which test files reach each mutant (dry run); the filter then loads only those per mutant.
  testEnvironment: path.join(__dirname, 'scripts/mutation/coverage-environment.cjs'),
  filter: path.join(__dirname, 'scripts/mutation/mutant-test-filter.cjs'),
  rootDir: __dirname,
  // Not the whole sandbox: jest would crawl node_modules (about 40,000 files) before every mutant.
  roots: ['<rootDir>/test', '<rootDir>/lib', '<rootDir>/lambda'],
  testMatch: MUTATION_SCOPES[scopeFromEnv()].tests.map((glob) => `<rootDir>/${glob}`),
  testPathIgnorePatterns: ['/node_modules/', ...MUTATION_SCOPES[scopeFromEnv()].excludeTests],
  transform: { '^.+\\.tsx?$': '<rootDir>/test/support/esbuild-transform.cjs' },
  moduleFileExtensions: ['ts', 'js', 'json'],
  setupFiles: ['<rootDir>/test/support/env.cjs'],
  testTimeout: 60000,
};
