import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

/** The repository root. */
export const ROOT = path.resolve(__dirname, '../..');

/** Every module specifier of a file: static imports and re-exports (type-only too), bare imports, dynamic import() and require(). */
export function specifiers(source: string): string[] {
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
export function findCycle(graph: ReadonlyMap<string, readonly string[]>): string[] | undefined {
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

export function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? tsFiles(full) : name.endsWith('.ts') ? [full] : [];
  });
}

/** A relative specifier as the file it names (`./types` -> `<dir>/types.ts`). */
export function resolveFile(from: string, specifier: string): string {
  const base = path.resolve(path.dirname(from), specifier);
  const candidates = [base, `${base}.ts`, path.join(base, 'index.ts')];
  return candidates.find((file) => existsSync(file) && statSync(file).isFile()) ?? base;
}

export const rel = (file: string) => path.relative(ROOT, file).split(path.sep).join('/');

/** Specifiers a file loads at run time: type-only imports and re-exports are erased, so left out. */
export function runtimeSpecifiers(source: string): string[] {
  return specifiers(source.replace(/\b(?:import|export)\s+type\s[^;'"]*?\bfrom\s*['"][^'"]+['"]/g, ''));
}

/** Every file and package loaded at run time from the given files, following relative imports. */
export function runtimeClosure(start: readonly string[]): { files: string[]; packages: string[] } {
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

export interface Edge {
  readonly from: string;
  readonly specifier: string;
  /** Repository-relative file for a relative specifier; undefined for a package. */
  readonly to?: string;
}

/** Every import of every file, as edges between repository-relative paths. */
export function importEdges(files: readonly string[]): Edge[] {
  return files.flatMap((file) =>
    specifiers(readFileSync(file, 'utf8')).map((specifier) => ({
      from: rel(file),
      specifier,
      to: specifier.startsWith('.') ? rel(resolveFile(file, specifier)) : undefined,
    })),
  );
}
