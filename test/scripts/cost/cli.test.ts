import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { main } from '../../../scripts/cost/cli';
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

function run(args: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = main(
    args,
    (t) => (out += t),
    (t) => (err += t),
  );
  return { code, out, err };
}

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'cost-cli-'));
  writeAssembly(path.join(root, 'before'), { 'dev-network': NAT, 'prod-network': { ...NAT, Nat2: NAT.Nat } }, 'assembly-extra');
  writeAssembly(path.join(root, 'before', 'assembly-extra'), { 'dev-security': KEY });
  writeAssembly(path.join(root, 'after'), { 'dev-network': { ...NAT, ...KEY } });
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

it("estimates only the stage's stacks, nested assemblies included, as an itemized table with a footer", () => {
  const { code, out } = run(['--stage', 'dev', '--out', path.join(root, 'before')]);
  expect(code).toBe(0);
  expect(out).toContain('Stacks: dev-network, dev-security');
  expect(out).not.toContain('prod-network');
  expect(out).toMatch(/Network\s+NAT gateway × 1\s+dev-network\s+730 hour\s+\$0.048\s+\$35.04/);
  expect(out).toMatch(/KMS customer managed keys × 1\s+dev-security/);
  // 35.04 + 0.48..4.80 of data + 1.00 for the key
  expect(out).toMatch(/TOTAL per month\s+\$36.52 - \$40.84/);
  expect(out).toContain('730 hours per month');
});

it('prints machine-readable JSON with --json', () => {
  const { code, out } = run(['--stage', 'prod', '--out', path.join(root, 'before'), '--json']);
  expect(code).toBe(0);
  const parsed = JSON.parse(out) as Estimate & { stage: string };
  expect(parsed.stage).toBe('prod');
  expect(parsed.stacks).toEqual(['prod-network']);
  expect(parsed.totalUsd.min).toBeCloseTo(2 * 730 * 0.048 + 2 * 10 * 0.048, 6);
});

it('compares two assemblies per resource group with --compare', () => {
  const { code, out } = run(['--stage', 'dev', '--compare', path.join(root, 'before'), path.join(root, 'after'), '--json']);
  expect(code).toBe(0);
  const comparison = JSON.parse(out) as Comparison;
  expect(comparison.groups.map((g) => [g.group, g.difference.min])).toEqual([
    ['Network', 0],
    ['Security', 0],
  ]);
});

it('compares two stages of one assembly with --compare-stage', () => {
  const { code, out } = run(['--compare-stage', 'dev', 'prod', '--out', path.join(root, 'before')]);
  expect(code).toBe(0);
  expect(out).toContain('Monthly cost: dev → prod');
  // one more NAT gateway in prod: +35.04 (+ data 0.48 at the low end), the key only in dev: -1.00
  expect(out).toMatch(/Network\s+\$35.52 - \$39.84\s+\$71.04 - \$79.68\s+\+\$35.52 \/ \+\$39.84/);
  expect(out).toMatch(/Security\s+\$1.00\s+\$0.00\s+-\$1.00/);
});

it('tells the user to synthesize first when there are no templates for the stage', () => {
  const missing = run(['--stage', 'staging', '--out', path.join(root, 'before')]);
  expect(missing.code).toBe(1);
  expect(missing.err).toContain('No stack templates named staging-* in');
  expect(missing.err).toContain('npx cdk synth');
  const noDir = run(['--stage', 'dev', '--out', path.join(root, 'nowhere')]);
  expect(noDir.err).toMatch(/does not exist: run `npx cdk synth` first/);
});

it('rejects a missing stage and unknown flags with the usage', () => {
  expect(run([]).err).toContain('Say which stage');
  expect(run(['--stage']).err).toContain('--stage needs a value');
  expect(run(['--stage', 'dev', '--verbose']).err).toContain('Unknown argument --verbose');
});

it('runs under tsx as `npm run cost` will', () => {
  const out = execFileSync(
    path.join(REPO, 'node_modules', '.bin', 'tsx'),
    [path.join(REPO, 'scripts', 'cost', 'cli.ts'), '--stage', 'dev', '--out', path.join(root, 'after')],
    {
      encoding: 'utf8',
      cwd: REPO,
    },
  );
  expect(out).toMatch(/TOTAL per month\s+\$36.52 - \$40.84/);
}, 30_000);
