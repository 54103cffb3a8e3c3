import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CliError } from '../../../scripts/support/cli';
import { type AssemblyState, assemblyFreshness, ensureAssembly, readAssemblyState } from '../../../scripts/support/fresh-assembly';

const T = Date.UTC(2026, 11, 1, 12);
const state = (over: Partial<AssemblyState> = {}): AssemblyState => ({
  writtenAtMs: T,
  stacks: ['dev-network', 'prod-network'],
  newestInput: { file: 'lib/stage.ts', mtimeMs: T - 60_000 },
  ...over,
});

describe('assemblyFreshness (the decision to synthesize)', () => {
  it('is fresh when the assembly is newer than every input and has the stage', () => {
    expect(assemblyFreshness(state(), 'prod')).toEqual({ fresh: true });
    expect(assemblyFreshness(state(), undefined)).toEqual({ fresh: true });
  });

  it('is stale when there is no assembly, with the reason', () => {
    expect(assemblyFreshness(state({ writtenAtMs: undefined, stacks: [] }), 'dev')).toEqual({
      fresh: false,
      reason: 'cdk.out has no cloud assembly yet',
    });
  });

  it('is stale when the stage has no stacks in it (a one-stage synth of another stage)', () => {
    expect(assemblyFreshness(state(), 'staging', 'out')).toEqual({ fresh: false, reason: 'out has no staging-* stacks' });
  });

  it('is stale when an input changed after the synth, naming the input', () => {
    expect(assemblyFreshness(state({ newestInput: { file: 'lambda/drill/report/core.ts', mtimeMs: T + 1 } }), 'dev')).toEqual({
      fresh: false,
      reason: 'lambda/drill/report/core.ts changed after cdk.out was synthesized',
    });
  });
});

describe('readAssemblyState', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'fresh-assembly-'));
    for (const dir of ['bin', 'lib/config', 'lambda', 'cdk.out/nested']) mkdirSync(path.join(root, dir), { recursive: true });
    const at = (file: string, text: string, seconds: number) => {
      writeFileSync(path.join(root, file), text);
      utimesSync(path.join(root, file), seconds, seconds);
    };
    at('bin/app.ts', '', 1_000);
    at('lib/config/stages.ts', '', 3_000);
    at('lambda/x.ts', '', 2_000);
    at('cdk.json', '{}', 500);
    at(
      'cdk.out/nested/manifest.json',
      JSON.stringify({ artifacts: { s: { type: 'aws:cloudformation:stack', properties: { stackName: 'dev-data' } } } }),
      4_000,
    );
    at(
      'cdk.out/manifest.json',
      JSON.stringify({
        artifacts: {
          'dev-network': { type: 'aws:cloudformation:stack' },
          Tree: { type: 'cdk:tree' },
          Stage: { type: 'cdk:cloud-assembly', properties: { directoryName: 'nested' } },
        },
      }),
      2_500,
    );
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('reads the manifest time, the stacks (nested assemblies too) and the newest input', () => {
    expect(readAssemblyState('cdk.out', root)).toEqual({
      writtenAtMs: 2_500_000,
      stacks: ['dev-network', 'dev-data'],
      newestInput: { file: path.join('lib', 'config', 'stages.ts'), mtimeMs: 3_000_000 },
    });
    expect(assemblyFreshness(readAssemblyState('cdk.out', root), 'dev')).toMatchObject({ fresh: false });
  });

  it('has no time or stacks for a folder without a manifest', () => {
    const missing = readAssemblyState('nowhere', root);
    expect(missing.writtenAtMs).toBeUndefined();
    expect(missing.stacks).toEqual([]);
  });
});

describe('ensureAssembly', () => {
  const steps: string[] = [];
  const base = { dir: 'cdk.out', stage: 'dev', skipSynth: false, progress: (s: string) => steps.push(s) };
  beforeEach(() => steps.splice(0));

  it('does nothing when fresh', () => {
    const synthesize = jest.fn();
    ensureAssembly({ ...base, synthesize, readState: () => state() });
    expect(synthesize).not.toHaveBeenCalled();
    expect(steps).toEqual([]);
  });

  it('synthesizes when stale, saying why', () => {
    const states = [state({ newestInput: { file: 'cdk.json', mtimeMs: T + 5 } }), state({ writtenAtMs: T + 10 })];
    const synthesize = jest.fn();
    ensureAssembly({ ...base, synthesize, readState: () => states.shift()! });
    expect(synthesize).toHaveBeenCalledWith('cdk.out');
    expect(steps).toEqual(['synthesizing (cdk.json changed after cdk.out was synthesized)…']);
  });

  it('fails clearly when the synth leaves the stage out', () => {
    const synthesize = jest.fn();
    expect(() => ensureAssembly({ ...base, stage: 'prod', synthesize, readState: () => state({ stacks: ['dev-network'] }) })).toThrow(
      new CliError('synthesized, but cdk.out has no prod-* stacks: does an override file leave the stage out?'),
    );
  });

  it('with skipSynth, reads a stale assembly with a note, and refuses a missing one', () => {
    const synthesize = jest.fn();
    ensureAssembly({
      ...base,
      skipSynth: true,
      synthesize,
      readState: () => state({ newestInput: { file: 'bin/app.ts', mtimeMs: T + 5 } }),
    });
    expect(steps).toEqual(['using cdk.out as it is: bin/app.ts changed after cdk.out was synthesized']);
    expect(() => ensureAssembly({ ...base, skipSynth: true, synthesize, readState: () => state({ writtenAtMs: undefined }) })).toThrow(
      /cdk.out has no cloud assembly yet; run `npx cdk synth --quiet -c allowPlaceholderImages=true`/,
    );
    expect(synthesize).not.toHaveBeenCalled();
  });
});
