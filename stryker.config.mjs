// Mutation testing (StrykerJS): `npm run mutation -- <config|lambda>` sets MUTATION_SCOPE and runs
// this file once per scope. Not part of `npm test` or .ci/run; .github/workflows/mutation.yml runs it.
import { createRequire } from 'node:module';
import { mkdirSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const { MUTATION_SCOPES, scopeFromEnv, reportDir } = require('./scripts/mutation/scopes.cjs');

const scope = scopeFromEnv();
const dir = reportDir(scope);

// Which test files reached each mutant, written by the dry run and read before each mutant's run
// (scripts/mutation/coverage-environment.cjs, mutant-test-filter.cjs). The test runners inherit
// this variable; a map left by an earlier run must not steer this one.
process.env.MUTATION_TEST_FILE_MAP = resolve(dir, 'test-files-by-mutant.json');
mkdirSync(dirname(process.env.MUTATION_TEST_FILE_MAP), { recursive: true });
rmSync(process.env.MUTATION_TEST_FILE_MAP, { force: true });

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'jest',
  // findRelatedTests: jest loads only the test files that import the mutated file, not all of them.
  jest: { projectType: 'custom', configFile: 'jest.stryker.config.js', enableFindRelatedTests: true },
  mutate: MUTATION_SCOPES[scope].mutate,
  // Each mutant runs only the tests that reached it.
  coverageAnalysis: 'perTest',
  // A static mutant (one only reached while a module loads: a table such as STAGE_FLOORS, a DEFAULTS
  // object) reloads every test file, several seconds each here: on two cores they alone would take
  // most of an hour. The local run leaves them out (they show as Ignored); MUTATION_STATIC=include
  // (the weekly workflow) tests them too.
  ignoreStatic: process.env.MUTATION_STATIC !== 'include',
  // Reuses the previous results for code and tests that did not change.
  incremental: true,
  incrementalFile: `${dir}/stryker-incremental.json`,
  // Log statements are ignored (scripts/mutation/ignore-logging.mjs says why); equivalent mutants
  // are marked in the code with `// Stryker disable next-line <mutator>: <reason>`.
  appendPlugins: ['./scripts/mutation/ignore-logging.mjs'],
  ignorers: ['logging'],
  reporters: ['html', 'json', 'clear-text', 'progress'],
  htmlReporter: { fileName: `${dir}/index.html` },
  jsonReporter: { fileName: `${dir}/mutation.json` },
  // One test runner per core (2 here, 4 on a GitHub-hosted runner); Stryker's default leaves one core idle.
  concurrency: Math.max(2, availableParallelism()),
  // No checker: the TypeScript checker plugin does not run on TypeScript 7 (no compiler API), so
  // mutants that do not compile count as killed by the tests or runtime errors, not as CompileError.
  checkers: [],
  // Stryker rewrites tsconfig references through ts.parseConfigFileTextToJson, which TypeScript 7
  // lacks; a tsconfig file that does not exist skips that step (tests transform with esbuild).
  tsconfigFile: 'tsconfig.stryker-skip.json',
  tempDirName: '.stryker-tmp',
  ignorePatterns: ['cdk.out', '.bench', 'reports', 'docs', 'coverage', '.jest-count'],
  // Added to a test's own time (times 1.5) before a mutant counts as timed out. A mutant that makes a
  // retry loop spin or sleep is common in lambda/ (53 of the first 4,100 here); each costs this wait and
  // a runner restart, and at 10 s they made a whole lambda run take well over an hour on two cores.
  timeoutMS: 3000,
  dryRunTimeoutMinutes: 10,
  // Stryker reads MUTATION_SCOPE again in the jest config, in each test-runner process.
  thresholds: { high: 90, low: 80, break: null },
};
