import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

// lib/config is the bottom of the app: stacks and constructs read it, and it reads nothing of
// theirs. What it shares with a Lambda (a pattern, a list of kinds, a name part) lives in that
// Lambda's contract.ts, pure data the handler reads too; the handler's logic stays out of config.
// stage-name.ts imports nothing, so any slice can name a stage without an import cycle.

const ROOT = path.resolve(__dirname, '../..');
const CONFIG = path.join(ROOT, 'lib/config');

/** Every module specifier of a file: static imports and re-exports (type-only too), bare imports, dynamic import() and require(). */
function specifiers(source: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\b(?:import|export)\s[^;'"]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) for (const match of source.matchAll(pattern)) found.push(match[1]);
  return found;
}

/** The first cycle found in a graph, as the path that closes it (`a -> b -> a`), or undefined. */
function findCycle(graph: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === 'done') return undefined;
    if (state.get(node) === 'open') return [...stack.slice(stack.indexOf(node)), node];
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? tsFiles(full) : name.endsWith('.ts') ? [full] : [];
  });
}

/** A relative specifier as the file it names (`./types` -> `<dir>/types.ts`). */
function resolveFile(from: string, specifier: string): string {
  const base = path.resolve(path.dirname(from), specifier);
  const candidates = [base, `${base}.ts`, path.join(base, 'index.ts')];
  return candidates.find((file) => existsSync(file) && statSync(file).isFile()) ?? base;
}

const rel = (file: string) => path.relative(ROOT, file).split(path.sep).join('/');

/** Specifiers a file loads at run time: type-only imports and re-exports are erased, so left out. */
function runtimeSpecifiers(source: string): string[] {
  return specifiers(source.replace(/\b(?:import|export)\s+type\s[^;'"]*?\bfrom\s*['"][^'"]+['"]/g, ''));
}

/** Every file and package loaded at run time from the given files, following relative imports. */
function runtimeClosure(start: readonly string[]): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const queue = [...start];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    const full = path.join(ROOT, file);
    for (const specifier of runtimeSpecifiers(readFileSync(full, 'utf8'))) {
      if (specifier.startsWith('.')) queue.push(rel(resolveFile(full, specifier)));
      else packages.add(specifier);
    }
  }
  return { files: [...files].sort(), packages: [...packages].sort() };
}

interface Edge {
  readonly from: string;
  readonly specifier: string;
  /** Repository-relative file for a relative specifier; undefined for a package. */
  readonly to?: string;
}

const FILES = tsFiles(CONFIG);
const EDGES: Edge[] = FILES.flatMap((file) =>
  specifiers(readFileSync(file, 'utf8')).map((specifier) => ({
    from: rel(file),
    specifier,
    to: specifier.startsWith('.') ? rel(resolveFile(file, specifier)) : undefined,
  })),
);

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
