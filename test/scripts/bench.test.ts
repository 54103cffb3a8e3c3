import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BenchOptions, coldLoad, main } from '../../scripts/bench';

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const runBench = jest.fn((_options: BenchOptions) => undefined);
  const code = await main(args, { out: (t) => out.push(t), err: (t) => err.push(t) }, runBench);
  return { code, out: out.join('\n'), err: err.join('\n'), runBench };
}

it('--help prints the usage, exit 0, and measures nothing', async () => {
  const { code, out, runBench } = await run(['--help']);
  expect(code).toBe(0);
  expect(out).toContain('Usage: npm run bench -- [--no-test] [--no-baseline] [--rounds=N] [--baseline=SHA]');
  expect(runBench).not.toHaveBeenCalled();
});

it('has no stage to choose: --stage is an unknown option, exit 2, with the usage', async () => {
  const { code, err, runBench } = await run(['--stage', 'prod']);
  expect(code).toBe(2);
  expect(err).toContain("Unknown option '--stage'");
  expect(err).toContain('Usage: npm run bench');
  expect(runBench).not.toHaveBeenCalled();
});

it('reads its flags as before: --no-test, --no-baseline, --rounds=N, --baseline=SHA', async () => {
  expect((await run([])).runBench.mock.calls[0][0]).toEqual({
    skipTests: false,
    skipBaseline: false,
    rounds: 3,
    baselineCommit: 'de75374',
  });
  expect((await run(['--no-test', '--no-baseline', '--rounds=5', '--baseline=abc1234'])).runBench.mock.calls[0][0]).toEqual({
    skipTests: true,
    skipBaseline: true,
    rounds: 5,
    baselineCommit: 'abc1234',
  });
  const bad = await run(['--rounds=zero']);
  expect(bad.code).toBe(2);
  expect(bad.err).toContain('--rounds must be a whole number of 1 or more, got "zero"');
});

it('measures a cold load in a fresh node: the whole load and the SDK share, the SDK found through NODE_PATH', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-cold-'));
  try {
    const outfile = path.join(dir, 'index.js');
    writeFileSync(outfile, 'exports.handler = async () => 1;\n');
    const { total, sdk } = coldLoad(outfile, ['@aws-sdk/client-s3'], path.join(__dirname, '..', '..', 'node_modules'));
    expect(Number.isFinite(total) && Number.isFinite(sdk)).toBe(true);
    expect(sdk).toBeGreaterThan(0);
    expect(total).toBeGreaterThanOrEqual(sdk);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('measures the SDK alone when there is no bundle: the floor the cold-load goal cannot count', () => {
  const { total, sdk } = coldLoad(undefined, ['@aws-sdk/client-sfn'], path.join(__dirname, '..', '..', 'node_modules'));
  expect(sdk).toBeGreaterThan(0);
  expect(total - sdk).toBeGreaterThanOrEqual(0);
  expect(total - sdk).toBeLessThan(1);
});
