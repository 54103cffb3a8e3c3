import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  type Edge,
  findCycle,
  importEdges,
  rel,
  ROOT,
  runtimeClosure,
  runtimeSpecifiers,
  specifiers,
  tsFiles,
} from '../support/import-graph';

// lib/config is the bottom of the app: stacks and constructs read it, and it reads nothing of
// theirs. What it shares with a Lambda (a pattern, a list of kinds, a name part) lives in that
// Lambda's contract.ts, pure data the handler reads too; the handler's logic stays out of config.
// stage-name.ts imports nothing, so any slice can name a stage without an import cycle.

const CONFIG = path.join(ROOT, 'lib/config');

const FILES = tsFiles(CONFIG);
const EDGES: Edge[] = importEdges(FILES);

describe('the import picture of lib/config', () => {
  it('reads the imports it checks (validate.ts reads stages.ts; some slice reads a contract)', () => {
    expect(EDGES).toContainEqual(expect.objectContaining({ from: 'lib/config/validate.ts', to: 'lib/config/stages.ts' }));
    expect(EDGES.some((edge) => edge.to?.startsWith('lambda/') && edge.to.endsWith('/contract.ts'))).toBe(true);
  });

  it('imports from lambda/ only contract.ts files: constants and types, never handler logic', () => {
    const intoLambda = EDGES.filter((edge) => edge.to?.startsWith('lambda/'));
    expect(intoLambda.filter((edge) => !edge.to!.endsWith('/contract.ts')).map((edge) => `${edge.from} imports ${edge.to}`)).toEqual([]);
  });

  it('imports nothing else from outside lib/config: no stack, construct or script', () => {
    const outside = EDGES.filter((edge) => edge.to !== undefined && !edge.to.startsWith('lib/config/') && !edge.to.startsWith('lambda/'));
    expect(outside.map((edge) => `${edge.from} imports ${edge.to}`)).toEqual([]);
  });

  it('loads no package (aws-cdk-lib included), so the config and its tests stay plain TypeScript', () => {
    expect(EDGES.filter((edge) => edge.to === undefined).map((edge) => `${edge.from} imports ${edge.specifier}`)).toEqual([]);
  });

  it('loads through those contracts no package and no handler: only contracts and the pure helpers they read', () => {
    const loaded = runtimeClosure(EDGES.filter((edge) => edge.to?.startsWith('lambda/')).map((edge) => edge.to!));
    expect(loaded.files.length).toBeGreaterThan(0);
    expect(loaded.packages).toEqual([]);
    expect(loaded.files.filter((file) => /\/(index|core)\.ts$/.test(file))).toEqual([]);
  });

  it('stage-name.ts imports nothing', () => {
    expect(EDGES.filter((edge) => edge.from === 'lib/config/stage-name.ts')).toEqual([]);
  });

  it('has no import cycle, type-only imports included', () => {
    const graph = new Map<string, string[]>(FILES.map((file) => [rel(file), []]));
    for (const edge of EDGES) if (edge.to?.startsWith('lib/config/')) graph.get(edge.from)!.push(edge.to);
    expect(findCycle(graph)?.join(' -> ')).toBeUndefined();
  });
});

/** A slice file: it exports a per-stage defaults table. The rest of lib/config is the root and the machinery. */
const SLICE_DEFAULTS = /^export const [A-Z_]+_DEFAULTS: Readonly<Record<StageName, \w+>>/m;
const SLICES = FILES.filter((file) => SLICE_DEFAULTS.test(readFileSync(file, 'utf8'))).map(rel);

describe('the config slices, laid out alike', () => {
  it('are the slices StageConfig is made of', () => {
    expect(SLICES.map((file) => path.basename(file, '.ts')).sort()).toEqual(
      ['backup', 'backup-storage', 'cost', 'data', 'delivery', 'drills', 'monitoring', 'network', 'restore-test', 'services'].sort(),
    );
  });

  it.each(SLICES)('%s holds its types, then its per-stage defaults, then its validator', (file) => {
    const source = readFileSync(path.join(ROOT, file), 'utf8');
    const types = source.search(/^export (interface|type) \w+Config\b/m);
    const defaults = source.search(SLICE_DEFAULTS);
    const validator = source.search(/^export function validate\w+Config\(\w+: unknown, path: string\b/m);
    expect({ types: types >= 0, defaults: defaults >= 0, validator: validator >= 0 }).toEqual({
      types: true,
      defaults: true,
      validator: true,
    });
    expect(types < defaults && defaults < validator).toBe(true);
  });

  it('import no other slice: what two slices share lives in checks.ts, catalog.ts or limits/', () => {
    const crossing = EDGES.filter((edge) => SLICES.includes(edge.from) && edge.to !== undefined && SLICES.includes(edge.to));
    expect(crossing.map((edge) => `${edge.from} imports ${edge.to}`)).toEqual([]);
  });
});

describe('the checker itself', () => {
  it('finds each form of import', () => {
    const source = [
      "import { a } from './a';",
      "import type { B } from '../b';",
      "export { c } from './c';",
      "export * from './d';",
      "import './e';",
      "const f = require('./f');",
      "const g = await import('./g');",
      "import {\n  h,\n  i,\n} from './h';",
    ].join('\n');
    expect(specifiers(source)).toEqual(expect.arrayContaining(['./a', '../b', './c', './d', './e', './f', './g', './h']));
    expect(specifiers(source)).toHaveLength(8);
  });

  it('leaves out what TypeScript erases: type-only imports and re-exports', () => {
    const source = ["import type { A } from './a';", "export type { B } from './b';", "import { c, type C } from './c';"].join('\n');
    expect(runtimeSpecifiers(source)).toEqual(['./c']);
  });

  it('finds a cycle and says where it closes', () => {
    const graph = new Map([
      ['types', ['drills']],
      ['drills', ['checks', 'types']],
      ['checks', []],
    ]);
    expect(findCycle(graph)).toEqual(['types', 'drills', 'types']);
  });

  it('finds none in a graph that only shares a leaf', () => {
    const graph = new Map([
      ['types', ['stage-name', 'drills']],
      ['drills', ['stage-name']],
      ['stage-name', []],
    ]);
    expect(findCycle(graph)).toBeUndefined();
  });
});
