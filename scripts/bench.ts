// Speed and size figures for the README: `npm run bench`. Prints figures; asserts nothing.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { lambdaFunctions } from './lambda-functions';

const ROOT = path.resolve(__dirname, '..');
const skipTests = process.argv.includes('--no-test');

function timed(label: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0) throw new Error(`${label} failed:\n${result.stderr}`);
  return seconds;
}

const rows: Array<[string, string]> = [];
const out = mkdtempSync(path.join(tmpdir(), 'bench-cdk-'));

rows.push(['synth, all stages (cdk synth, incl. cdk-nag and Lambda bundling)', `${timed('synth', 'npx', ['cdk', 'synth', '-q', '-c', 'allowPlaceholderImages=true', '--output', out]).toFixed(1)} s`]);
rows.push(['typecheck (tsc --noEmit)', `${timed('typecheck', 'npx', ['tsc', '--noEmit']).toFixed(1)} s`]);
if (!skipTests) rows.push(['npm test', `${timed('npm test', 'npm', ['test', '--silent']).toFixed(1)} s`]);

const templates = readdirSync(out).filter((f) => f.endsWith('.template.json'));
const perStage = new Map<string, { stacks: number; resources: number }>();
for (const file of templates) {
  const stage = file.split('-')[0];
  const resources = Object.keys(JSON.parse(readFileSync(path.join(out, file), 'utf8')).Resources ?? {}).length;
  const entry = perStage.get(stage) ?? { stacks: 0, resources: 0 };
  perStage.set(stage, { stacks: entry.stacks + 1, resources: entry.resources + resources });
}
for (const [stage, { stacks, resources }] of perStage) rows.push([`resources in ${stage} (${stacks} stacks)`, String(resources)]);

// Each Lambda bundled as CDK bundles it, then loaded by a fresh node: the cold module-load cost.
const lambdaRoot = path.join(ROOT, 'lambda');
const bundleDir = mkdtempSync(path.join(tmpdir(), 'bench-lambda-'));
for (const { name, dir } of lambdaFunctions(lambdaRoot)) {
  const entry = path.join(lambdaRoot, dir, 'index.ts');
  const outfile = path.join(bundleDir, `${name}.js`);
  buildSync({ entryPoints: [entry], bundle: true, minify: true, platform: 'node', target: 'node24', format: 'cjs', outfile, logLevel: 'silent' });
  const loads = Array.from({ length: 5 }, () => {
    const ms = execFileSync(process.execPath, ['-e', `const t=process.hrtime.bigint();require(${JSON.stringify(outfile)});console.log(Number(process.hrtime.bigint()-t)/1e6)`], { encoding: 'utf8' });
    return Number(ms.trim());
  }).sort((a, b) => a - b);
  rows.push([`lambda ${name}: bundle size / cold module load (median of 5)`, `${(statSync(outfile).size / 1024).toFixed(0)} KiB / ${loads[2].toFixed(0)} ms`]);
}

const width = Math.max(...rows.map(([k]) => k.length));
console.log(`bench on ${require('node:os').cpus().length} cores, node ${process.version}`);
for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
