import * as path from 'node:path';
import { scratchDir } from '../support/scratch-dir';

// The mutation run's own plumbing (scripts/mutation/): which test files a mutant's run loads.
const filter = require('../../scripts/mutation/mutant-test-filter.cjs') as (paths: string[]) => Promise<{ filtered: string[] }>;
const { record, BAIL } = require('../../scripts/mutation/coverage-environment.cjs') as {
  record: (file: string, testPath: string, reached: Iterable<string>, loaded: string[]) => void;
  BAIL: symbol;
};

const FILES = ['/t/a.test.ts', '/t/b.test.ts', '/t/c.test.ts'];
const saved = { map: process.env.MUTATION_TEST_FILE_MAP, mutant: process.env.__STRYKER_ACTIVE_MUTANT__ };

function freshMap(): string {
  const file = path.join(scratchDir('mutation-map-'), 'map.json');
  process.env.MUTATION_TEST_FILE_MAP = file;
  return file;
}

afterEach(() => {
  for (const [key, value] of [
    ['MUTATION_TEST_FILE_MAP', saved.map],
    ['__STRYKER_ACTIVE_MUTANT__', saved.mutant],
  ] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

describe('the mutant test filter', () => {
  test('keeps only the files whose tests reached the mutant, from every file that recorded it', async () => {
    const map = freshMap();
    record(map, FILES[0], ['1', '2'], []);
    record(map, FILES[2], ['2'], []);
    process.env.__STRYKER_ACTIVE_MUTANT__ = '2';
    expect((await filter(FILES)).filtered).toEqual([FILES[0], FILES[2]]);
    process.env.__STRYKER_ACTIVE_MUTANT__ = '1';
    expect((await filter(FILES)).filtered).toEqual([FILES[0]]);
  });

  test('keeps every file for a mutant reached while modules load, even one a test reached too', async () => {
    const map = freshMap();
    record(map, FILES[0], ['7'], ['7']);
    process.env.__STRYKER_ACTIVE_MUTANT__ = '7';
    expect((await filter(FILES)).filtered).toEqual(FILES);
  });

  test('keeps every file when in doubt: the dry run, a mutant the map does not name, no map, or none of its files found', async () => {
    const map = freshMap();
    record(map, '/elsewhere/x.test.ts', ['3'], []);
    delete process.env.__STRYKER_ACTIVE_MUTANT__;
    expect((await filter(FILES)).filtered).toEqual(FILES);
    process.env.__STRYKER_ACTIVE_MUTANT__ = '4';
    expect((await filter(FILES)).filtered).toEqual(FILES);
    process.env.__STRYKER_ACTIVE_MUTANT__ = '3';
    expect((await filter(FILES)).filtered).toEqual(FILES);
    delete process.env.MUTATION_TEST_FILE_MAP;
    expect((await filter(FILES)).filtered).toEqual(FILES);
  });

  test("starts each run with nothing failed, so the previous mutant's failure skips none of this one's tests", async () => {
    (globalThis as Record<symbol, unknown>)[BAIL] = { mutant: '5', killed: true };
    process.env.__STRYKER_ACTIVE_MUTANT__ = '6';
    freshMap();
    await filter(FILES);
    expect((globalThis as Record<symbol, unknown>)[BAIL]).toEqual({ mutant: '6', killed: false });
  });
});
