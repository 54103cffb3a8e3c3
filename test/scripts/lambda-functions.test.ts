import * as path from 'node:path';
import { functionName, functionOfFile, lambdaFunctions } from '../../scripts/lambda-functions';

const LAMBDA = path.resolve(__dirname, '..', '..', 'lambda');

describe('the functions under lambda/', () => {
  it('are the folders with an index.ts, named by their path with - for /', () => {
    const functions = lambdaFunctions(LAMBDA);
    expect(functions.length).toBeGreaterThan(20);
    for (const { name, dir } of functions) expect(name).toBe(dir.split('/').join('-'));
    expect(functions.map((f) => f.name)).toContain('cost-report');
    expect(new Set(functions.map((f) => f.name)).size).toBe(functions.length);
  });

  it('a nested step is named like its flat predecessor, so service names and records stay', () => {
    expect(functionName('restore-test/db/start')).toBe('restore-test-db-start');
  });

  it('a file belongs to the function whose folder holds it; shared code belongs to none', () => {
    expect(functionOfFile(LAMBDA, path.join(LAMBDA, 'cost-report', 'core.ts'))).toEqual({ name: 'cost-report', dir: 'cost-report' });
    expect(functionOfFile(LAMBDA, path.join(LAMBDA, 'shared', 'retry.ts'))).toBeUndefined();
    expect(functionOfFile(LAMBDA, path.join(LAMBDA, '..', 'lib', 'app.ts'))).toBeUndefined();
  });
});
