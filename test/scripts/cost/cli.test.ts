import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { main } from '../../../scripts/cost/cli';
import { CliError } from '../../../scripts/support/cli';
import type { CostDependencies } from '../../../scripts/cost/cli';
import type { Comparison, Estimate } from '../../../scripts/cost/estimate';

const REPO = path.resolve(__dirname, '..', '..', '..');
let root: string;

/** A cloud assembly the way `cdk synth` writes it: manifest.json naming each stack's template and environment. */
function writeAssembly(dir: string, stacks: Record<string, object>, nested?: string): void {
  mkdirSync(dir, { recursive: true });
  const artifacts: Record<string, object> = {};
  for (const [name, resources] of Object.entries(stacks)) {
    writeFileSync(path.join(dir, `${name}.template.json`), JSON.stringify({ Resources: resources }));
    artifacts[name] = {
      type: 'aws:cloudformation:stack',
      environment: 'aws://111111111111/eu-west-1',
      properties: { templateFile: `${name}.template.json`, stackName: name },
    };
  }
  if (nested) artifacts[nested] = { type: 'cdk:cloud-assembly', properties: { directoryName: nested } };
  writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ version: '55.0.0', artifacts }));
}

const NAT = { Nat: { Type: 'AWS::EC2::NatGateway' } };
const KEY = { Key: { Type: 'AWS::KMS::Key' } };

async function run(args: string[], deps: CostDependencies = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) }, deps);
  return { code, out, err };
}

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'cost-cli-'));
  writeAssembly(path.join(root, 'before'), { 'dev-network': NAT, 'prod-network': { ...NAT, Nat2: NAT.Nat } }, 'assembly-extra');
  writeAssembly(path.join(root, 'before', 'assembly-extra'), { 'dev-security': KEY });
  writeAssembly(path.join(root, 'after'), { 'dev-network': { ...NAT, ...KEY } });
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

it("estimates only the stage's stacks, nested assemblies included, as an itemized table with a footer", async () => {
  const { code, out } = await run(['--stage', 'dev', '--out', path.join(root, 'before')]);
  expect(code).toBe(0);
  expect(out).toContain('Stacks: dev-network, dev-security');
  expect(out).not.toContain('prod-network');
  expect(out).toMatch(/Network\s+NAT gateway × 1\s+dev-network\s+730 hour\s+\$0.048\s+\$35.04/);
  expect(out).toMatch(/KMS customer managed keys × 1\s+dev-security/);
  // 35.04 + 0.48..4.80 of data + 1.00 for the key
  expect(out).toMatch(/TOTAL per month\s+\$36.52 - \$40.84/);
  expect(out).toContain('730 hours per month');
});

it('prints machine-readable JSON with --json', async () => {
  const { code, out } = await run(['--stage', 'prod', '--out', path.join(root, 'before'), '--json']);
  expect(code).toBe(0);
  const parsed = JSON.parse(out) as Estimate & { stage: string };
  expect(parsed.stage).toBe('prod');
  expect(parsed.stacks).toEqual(['prod-network']);
  expect(parsed.totalUsd.min).toBeCloseTo(2 * 730 * 0.048 + 2 * 10 * 0.048, 6);
});

it('compares two assemblies per resource group with --compare', async () => {
  const { code, out } = await run(['--stage', 'dev', '--compare', path.join(root, 'before'), path.join(root, 'after'), '--json']);
  expect(code).toBe(0);
  const comparison = JSON.parse(out) as Comparison;
  expect(comparison.groups.map((g) => [g.group, g.difference.min])).toEqual([
    ['Network', 0],
    ['Security', 0],
  ]);
});

it('compares two stages of one assembly with --compare-stage', async () => {
  const { code, out } = await run(['--compare-stage', 'dev', 'prod', '--out', path.join(root, 'before')]);
  expect(code).toBe(0);
  expect(out).toContain('Monthly cost: dev → prod');
  // one more NAT gateway in prod: +35.04 (+ data 0.48 at the low end), the key only in dev: -1.00
  expect(out).toMatch(/Network\s+\$35.52 - \$39.84\s+\$71.04 - \$79.68\s+\+\$35.52 \/ \+\$39.84/);
  expect(out).toMatch(/Security\s+\$1.00\s+\$0.00\s+-\$1.00/);
});

it('tells the user to synthesize first when there are no templates for the stage', async () => {
  const missing = await run(['--stage', 'staging', '--out', path.join(root, 'before')]);
  expect(missing.code).toBe(1);
  expect(missing.err).toContain('No stack templates named staging-* in');
  expect(missing.err).toContain('npx cdk synth');
  const noDir = await run(['--stage', 'dev', '--out', path.join(root, 'nowhere')]);
  expect(noDir.err).toMatch(/does not exist: run `npx cdk synth` first/);
});

it('answers --help and -h with the usage on stdout, exit 0', async () => {
  for (const flag of ['--help', '-h']) {
    const { code, out, err } = await run([flag]);
    expect(code).toBe(0);
    expect(out).toContain('Usage: npm run cost -- --stage <stage>');
    expect(out).toContain('--skip-synth');
    expect(err).toBe('');
  }
});

it('rejects an unknown stage by listing the known ones, exit 2, before looking for a synth', async () => {
  const synthesize = jest.fn();
  const { code, out, err } = await run(['--stage', 'prdo'], { synthesize });
  expect(code).toBe(2);
  expect(out).toBe('');
  expect(err).toContain('unknown stage "prdo"; known stages: dev, staging, prod');
  expect(err).toContain('Usage: npm run cost');
  expect(err).not.toMatch(/synthesiz|No stack templates/);
  expect(synthesize).not.toHaveBeenCalled();
  expect((await run(['--compare-stage', 'dev', 'qa', '--out', path.join(root, 'before')])).err).toContain('unknown stage "qa"');
});

it('rejects a missing stage, a missing value and unknown options with the usage, exit 2', async () => {
  const noStage = await run([]);
  expect([noStage.code, noStage.err]).toEqual([2, expect.stringContaining('say which stage: --stage <dev|staging|prod>')]);
  const noValue = await run(['--stage']);
  expect([noValue.code, noValue.err]).toEqual([2, expect.stringContaining("Option '--stage <value>' argument missing")]);
  const unknown = await run(['--stage', 'dev', '--verbose']);
  expect(unknown.code).toBe(2);
  expect(unknown.err).toContain("Unknown option '--verbose'");
  expect(unknown.err).toContain('Run with --help for every option.');
  expect((await run(['--compare', 'one'])).err).toContain('--compare needs two values, got 1');
});

describe('cdk.out kept current', () => {
  let cwd: string;
  beforeEach(() => {
    cwd = mkdtempSync(path.join(tmpdir(), 'cost-cwd-'));
  });
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));

  it('synthesizes a missing cdk.out itself, saying so on stderr, and keeps stdout for the estimate', async () => {
    const synthesize = jest.fn((dir: string) => writeAssembly(dir, { 'dev-network': NAT }));
    const { code, out, err } = await run(['--stage', 'dev', '--json'], { synthesize, cwd });
    expect(synthesize).toHaveBeenCalledWith(path.join(cwd, 'cdk.out'));
    expect(code).toBe(0);
    expect(err).toContain(`[dev] synthesizing (${path.join(cwd, 'cdk.out')} has no cloud assembly yet)…`);
    expect(err).toMatch(/\[dev\] pricing 1 resources…/);
    expect(JSON.parse(out).stacks).toEqual(['dev-network']);
  });

  it('synthesizes again when cdk.out lacks the stage, and reads a current one as it is', async () => {
    writeAssembly(path.join(cwd, 'cdk.out'), { 'dev-network': NAT });
    const synthesize = jest.fn((dir: string) => writeAssembly(dir, { 'dev-network': NAT, 'prod-network': NAT }));
    expect((await run(['--stage', 'dev'], { synthesize, cwd })).code).toBe(0);
    expect(synthesize).not.toHaveBeenCalled();
    const prod = await run(['--stage', 'prod'], { synthesize, cwd });
    expect(prod.err).toContain('has no prod-* stacks');
    expect(synthesize).toHaveBeenCalledTimes(1);
    expect(prod.out).toContain('Stacks: prod-network');
  });

  it('says plainly when the synth fails, and when --skip-synth finds nothing to read', async () => {
    const failing = await run(['--stage', 'dev'], {
      cwd,
      synthesize: () => {
        throw new CliError('could not synthesize the app (`npx cdk synth …` exited 1).');
      },
    });
    expect(failing.code).toBe(1);
    expect(failing.err).toContain('could not synthesize the app');
    const skipped = await run(['--stage', 'dev', '--skip-synth'], { cwd, synthesize: jest.fn() });
    expect(skipped.code).toBe(1);
    expect(skipped.err).toContain(
      'has no cloud assembly yet; run `npx cdk synth --quiet -c allowPlaceholderImages=true`, or leave out --skip-synth.',
    );
  });
});

it('calls the total partial and lists what it left out, in the table and in the JSON', async () => {
  const dir = path.join(root, 'partial');
  writeAssembly(dir, {
    'dev-ops': {
      ...NAT,
      Repo: { Type: 'AWS::ECR::Repository' },
      Table: { Type: 'AWS::DynamoDB::Table' },
      Table2: { Type: 'AWS::DynamoDB::Table' },
    },
  });
  const text = await run(['--stage', 'dev', '--out', dir]);
  expect(text.out).toMatch(/TOTAL per month \(partial\)\s+\$35.52 - \$39.84/);
  expect(text.out).toContain(
    'Partial total: 3 resources not priced, so the bill can be higher: AWS::DynamoDB::Table × 2; AWS::ECR::Repository × 1.',
  );
  expect(text.err).toContain('[dev] partial: 3 resources not priced');
  const json = JSON.parse((await run(['--stage', 'dev', '--out', dir, '--json'])).out) as Estimate;
  expect(json.partial).toBe(true);
  expect(json.unpriced).toEqual([
    { type: 'AWS::DynamoDB::Table', count: 2 },
    { type: 'AWS::ECR::Repository', count: 1 },
  ]);
  const whole = JSON.parse((await run(['--stage', 'dev', '--out', path.join(root, 'after'), '--json'])).out) as Estimate;
  expect(whole.partial).toBe(false);
  const compared = await run(['--compare', path.join(root, 'after'), dir, '--stage', 'dev']);
  expect(compared.out).toMatch(/Total \(partial\)/);
  expect(compared.out).toContain(`Partial total of ${dir}: 3 resources not priced`);
});

it('runs under tsx as `npm run cost` will', async () => {
  const out = execFileSync(
    path.join(REPO, 'node_modules', '.bin', 'tsx'),
    [path.join(REPO, 'scripts', 'cost', 'cli.ts'), '--stage', 'dev', '--out', path.join(root, 'after')],
    {
      encoding: 'utf8',
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  expect(out).toMatch(/TOTAL per month\s+\$36.52 - \$40.84/);
  expect(out).not.toContain('[dev]');
}, 30_000);
