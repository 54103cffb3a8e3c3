/**
 * Jest's `filter` for the mutation run, called once at the start of each of its runs. While Stryker
 * runs a mutant (it names the mutant in __STRYKER_ACTIVE_MUTANT__), keep only the test files that
 * reached it in the dry run, as recorded by coverage-environment.cjs. Any doubt keeps every file jest found: no map yet (the dry run),
 * a mutant the map does not name (one reached while modules load, which Stryker runs against all
 * tests), or a file the map names that jest did not find.
 */
const { readFileSync, statSync } = require('node:fs');
const { BAIL } = require('./coverage-environment.cjs');

let loaded = { mtimeMs: -1, map: {} };

function testFileMap() {
  const file = process.env.MUTATION_TEST_FILE_MAP;
  if (!file) return {};
  try {
    const { mtimeMs } = statSync(file);
    if (mtimeMs !== loaded.mtimeMs) loaded = { mtimeMs, map: JSON.parse(readFileSync(file, 'utf8')) };
  } catch {
    return {};
  }
  return loaded.map;
}

module.exports = async (testPaths) => {
  const mutant = process.env.__STRYKER_ACTIVE_MUTANT__;
  // A new run: nothing has failed in it yet (coverage-environment.cjs stops at the first failure).
  globalThis[BAIL] = { mutant, killed: false };
  const reached = mutant === undefined ? undefined : testFileMap()[mutant];
  if (!Array.isArray(reached)) return { filtered: testPaths };
  const kept = testPaths.filter((path) => reached.includes(path));
  return { filtered: kept.length > 0 ? kept : testPaths };
};
