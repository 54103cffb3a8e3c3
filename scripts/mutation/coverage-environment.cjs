/**
 * The test environment of the mutation run (jest.stryker.config.js).
 * - Dry run: records which test files reached each mutant, so that a mutant's run loads only those
 *   files (mutant-test-filter.cjs). Stryker runs only the tests that reached a mutant, but jest
 *   still loads every test file that imports the mutated module to find them.
 * - Mutant run: stops at the first failing test. One failure kills the mutant, which is what
 *   Stryker's own bail means; its jest runner cannot ask jest for that, so each killed mutant ran
 *   all of its tests (hundreds, for a validation rule every config test reaches).
 */
const { readFileSync, writeFileSync, renameSync } = require('node:fs');
const { TestEnvironment } = require('jest-environment-node');

/** Where the map goes: one file per Stryker run, named by stryker.config.mjs. */
const mapFile = () => process.env.MUTATION_TEST_FILE_MAP;

/** The mutant under test (Stryker sets it around each mutant's run), undefined in the dry run. */
const activeMutant = () => process.env.__STRYKER_ACTIVE_MUTANT__;

/**
 * Whether a test has failed in this mutant's run: the rest of its tests, in any file, are skipped.
 * mutant-test-filter.cjs, which jest calls once at the start of each run, starts it afresh.
 */
const BAIL = Symbol.for('mutation.bail');

class MutationCoverageEnvironment extends TestEnvironment {
  #testPath;
  #reached = new Set();
  #dryRun = false;

  constructor(config, context) {
    super(config, context);
    this.#testPath = context.testPath;
  }

  async handleTestEvent(event) {
    const mutant = activeMutant();
    if (mutant !== undefined) {
      const run = globalThis[BAIL];
      if (run?.mutant !== mutant) return;
      if (event.name === 'test_start' && run.killed) event.test.mode = 'skip';
      if (event.name === 'test_done' && event.test.errors.length > 0) run.killed = true;
      return;
    }
    // Stryker's environment (wrapped around this one) sets currentTestId only while it collects
    // per-test coverage, i.e. in the dry run.
    if (event.name !== 'test_done') return;
    const stryker = this.global.__stryker__;
    if (stryker?.currentTestId === undefined) return;
    this.#dryRun = true;
    for (const id of Object.keys(stryker.mutantCoverage?.perTest?.[stryker.currentTestId] ?? {})) this.#reached.add(id);
  }

  async teardown() {
    const file = mapFile();
    // A mutant's run counts everything it reaches as "static" (no current test): only the dry run records.
    if (!this.#dryRun) return super.teardown();
    // Mutants reached while modules load: Stryker runs them against every test, and so does the filter.
    const loaded = Object.keys(this.global.__stryker__?.mutantCoverage?.static ?? {});
    if (file && this.#reached.size + loaded.length > 0) record(file, this.#testPath, this.#reached, loaded);
    await super.teardown();
  }
}

/**
 * Adds this test file to each mutant it reached, and marks the ones reached while loading as `*`
 * (every file). The dry run runs in one process, in band, so nothing else writes the file meanwhile.
 */
function record(file, testPath, mutantIds, loadedIds) {
  let map = {};
  try {
    map = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    // First test file of the run.
  }
  for (const id of mutantIds) {
    map[id] ??= [];
    if (Array.isArray(map[id]) && !map[id].includes(testPath)) map[id].push(testPath);
  }
  for (const id of loadedIds) map[id] = '*';
  writeFileSync(`${file}.${process.pid}.tmp`, JSON.stringify(map));
  renameSync(`${file}.${process.pid}.tmp`, file);
}

module.exports = MutationCoverageEnvironment;
module.exports.record = record;
module.exports.BAIL = BAIL;
