import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { scratchDir } from './scratch-dir';

const ROOT = path.join(__dirname, '..', '..');
const { countLine } = require('./count-reporter.cjs') as { countLine: (results: Record<string, number>) => string };

describe('the CI count line', () => {
  const results = { numPassedTests: 10, numFailedTests: 0, numPendingTests: 1, numTodoTests: 1, numRuntimeErrorTestSuites: 0 };

  test('counts passed, failed and skipped tests', () => {
    expect(countLine(results)).toBe('tests: 10 passed, 0 failed, 2 skipped');
    expect(countLine({ ...results, numFailedTests: 3 })).toBe('tests: 10 passed, 3 failed, 2 skipped');
  });

  test('counts a suite that failed to load as a failure', () => {
    expect(countLine({ ...results, numRuntimeErrorTestSuites: 2 })).toBe('tests: 10 passed, 2 failed, 2 skipped');
  });

  test('a real jest run with a suite that does not load ends red, in the line CI reads', () => {
    const dir = scratchDir('count-');
    writeFileSync(path.join(dir, 'fine.test.js'), "test('passes', () => expect(1).toBe(1));\n");
    writeFileSync(path.join(dir, 'broken.test.js'), "require('./does-not-exist');\ntest('never runs', () => {});\n");
    const countFile = path.join(dir, 'count.txt');
    const config = {
      rootDir: dir,
      testEnvironment: 'node',
      transform: {},
      reporters: [[path.join(ROOT, 'test/support/count-reporter.cjs'), { file: countFile }]],
    };
    writeFileSync(path.join(dir, 'jest.config.json'), JSON.stringify(config));
    const run = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), '--config', path.join(dir, 'jest.config.json')], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(run.status).not.toBe(0);
    expect(readFileSync(countFile, 'utf8').trim()).toBe('tests: 1 passed, 1 failed, 0 skipped');
  });
});
