import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { CliError } from './cli';

/**
 * Keeps `cdk.out` in step with the source for the scripts that read it (cost, dashboard): synthesizes
 * when the assembly is missing, lacks the stage, or is older than the code and config it was made from.
 */

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const DEFAULT_ASSEMBLY_DIR = 'cdk.out';

/** What a synth reads: the app, its code and config, cdk.json's flags and the locked dependencies. */
export const SYNTH_INPUTS = ['bin', 'lib', 'lambda', 'cdk.json', 'package-lock.json'] as const;

/** The synth the scripts run: every stage, the placeholder image allowed (reports read stacks, not images), as CI synthesizes. */
export const SYNTH_ARGS = ['cdk', 'synth', '--quiet', '-c', 'allowPlaceholderImages=true'] as const;

export interface AssemblyState {
  /** When the assembly was written (manifest.json's mtime, ms); absent when there is none. */
  readonly writtenAtMs?: number;
  /** Stack names in the assembly. */
  readonly stacks: readonly string[];
  /** The most recently changed synth input. */
  readonly newestInput?: { readonly file: string; readonly mtimeMs: number };
}

export type Freshness = { readonly fresh: true } | { readonly fresh: false; readonly reason: string };

/** Pure: whether the assembly can be read for `stage` as it is, and if not, why. */
export function assemblyFreshness(state: AssemblyState, stage: string | undefined, dir = DEFAULT_ASSEMBLY_DIR): Freshness {
  if (state.writtenAtMs === undefined) return { fresh: false, reason: `${dir} has no cloud assembly yet` };
  if (!hasStage(state, stage)) return { fresh: false, reason: `${dir} has no ${stage}-* stacks` };
  if (state.newestInput && state.newestInput.mtimeMs > state.writtenAtMs)
    return { fresh: false, reason: `${state.newestInput.file} changed after ${dir} was synthesized` };
  return { fresh: true };
}

function newestFile(file: string, root: string): { file: string; mtimeMs: number } | undefined {
  const full = path.join(root, file);
  if (!existsSync(full)) return undefined;
  const stat = statSync(full);
  if (!stat.isDirectory()) return { file, mtimeMs: stat.mtimeMs };
  let newest: { file: string; mtimeMs: number } | undefined;
  for (const entry of readdirSync(full)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    const found = newestFile(path.join(file, entry), root);
    if (found && (!newest || found.mtimeMs > newest.mtimeMs)) newest = found;
  }
  return newest;
}

function hasStage(state: AssemblyState, stage: string | undefined): boolean {
  return state.writtenAtMs !== undefined && (stage === undefined || state.stacks.some((s) => s.startsWith(`${stage}-`)));
}

/** Reads the state of `dir` (relative to `root`) and of the synth inputs from disk. */
export function readAssemblyState(dir: string, root = REPO_ROOT): AssemblyState {
  const manifest = path.resolve(root, dir, 'manifest.json');
  const inputs = SYNTH_INPUTS.map((f) => newestFile(f, root)).filter((f) => f !== undefined);
  const newestInput = inputs.sort((a, b) => b.mtimeMs - a.mtimeMs)[0];
  if (!existsSync(manifest)) return { stacks: [], newestInput };
  return { writtenAtMs: statSync(manifest).mtimeMs, stacks: stackNames(path.dirname(manifest)), newestInput };
}

interface Manifest {
  readonly artifacts?: Record<string, { type: string; properties?: { stackName?: string; directoryName?: string } }>;
}

function stackNames(dir: string): string[] {
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
  return Object.entries(manifest.artifacts ?? {}).flatMap(([id, a]) => {
    if (a.type === 'cdk:cloud-assembly' && a.properties?.directoryName) {
      const nested = path.join(dir, a.properties.directoryName);
      return existsSync(path.join(nested, 'manifest.json')) ? stackNames(nested) : [];
    }
    return a.type === 'aws:cloudformation:stack' ? [a.properties?.stackName ?? id] : [];
  });
}

/** Runs the synth; throws a CliError saying what failed and how to see why. */
export type Synthesize = (outDir: string) => void;

export const runCdkSynth: Synthesize = (outDir) => {
  const args = [...SYNTH_ARGS, '--output', outDir];
  const result = spawnSync('npx', args, { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  if (result.status !== 0) {
    const tail = (result.stderr ?? result.error?.message ?? '').trim().split('\n').slice(-15).join('\n');
    throw new CliError(
      `could not synthesize the app (\`npx ${args.join(' ')}\` ${result.error ? `did not start: ${result.error.message}` : `exited ${result.status}`}).\n` +
        `Fix what it reports, then run the command again:\n${tail}`,
    );
  }
};

export interface EnsureAssemblyOptions {
  readonly dir: string;
  readonly stage?: string;
  /** Read the assembly as it is, even stale; still fails when it is missing. */
  readonly skipSynth: boolean;
  readonly progress: (step: string) => void;
  readonly synthesize?: Synthesize;
  readonly readState?: (dir: string) => AssemblyState;
}

/** Makes sure `dir` holds a current assembly with the stage's stacks, synthesizing when needed. */
export function ensureAssembly(options: EnsureAssemblyOptions): void {
  const readState = options.readState ?? ((dir: string) => readAssemblyState(dir));
  const freshness = assemblyFreshness(readState(options.dir), options.stage, options.dir);
  if (freshness.fresh) return;
  if (options.skipSynth) {
    if (!hasStage(readState(options.dir), options.stage))
      throw new CliError(`${freshness.reason}; run \`npx ${SYNTH_ARGS.join(' ')}\`, or leave out --skip-synth.`);
    options.progress(`using ${options.dir} as it is: ${freshness.reason}`);
    return;
  }
  options.progress(`synthesizing (${freshness.reason})…`);
  (options.synthesize ?? runCdkSynth)(options.dir);
  // Only presence is checked again: an input dated in the future would otherwise never look fresh.
  const after = readState(options.dir);
  if (!hasStage(after, options.stage))
    throw new CliError(`synthesized, but ${options.dir} has no ${options.stage}-* stacks: does an override file leave the stage out?`);
}
