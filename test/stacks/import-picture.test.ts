import * as path from 'node:path';
import { findCycle, importEdges, ROOT, tsFiles } from '../support/import-graph';

// The house rules for lib/: constructs by area, each area's helpers in its private/ folder and
// nobody else's business, common/ and aspects/ below every area, stacks on top (an aspect reads
// only the stack base class it acts on), and no import cycle anywhere.

const EDGES = importEdges(tsFiles(path.join(ROOT, 'lib'))).filter((edge) => edge.to?.startsWith('lib/'));
const AREA = /^lib\/constructs\/([^/]+)\//;
const areaOf = (file: string) => AREA.exec(file)?.[1];

describe('the import picture of lib/', () => {
  it('reads the imports it checks (the stacks import constructs of several areas, some area its private/ helpers)', () => {
    const areasOfStacks = new Set(EDGES.filter((e) => e.from.startsWith('lib/stacks/')).map((e) => areaOf(e.to!)));
    expect(areasOfStacks.size).toBeGreaterThanOrEqual(6);
    expect(EDGES.some((e) => e.to!.includes('/private/'))).toBe(true);
  });

  it("no file outside an area imports that area's private/ helpers", () => {
    const trespass = EDGES.filter((e) => e.to!.includes('/private/') && areaOf(e.from) !== areaOf(e.to!));
    expect(trespass.map((e) => `${e.from} -> ${e.to}`)).toEqual([]);
  });

  it('common/ and aspects/ import no area: they sit below every area', () => {
    const upward = EDGES.filter((e) => /^lib\/(constructs\/common|aspects)\//.test(e.from) && areaOf(e.to!) && areaOf(e.to!) !== 'common');
    expect(upward.map((e) => `${e.from} -> ${e.to}`)).toEqual([]);
  });

  it('constructs, catalogs and the config import no stack; aspects only the stack base class they act on', () => {
    const upward = EDGES.filter((e) => e.to!.startsWith('lib/stacks/') && /^lib\/(constructs|config|catalogs|aspects)\//.test(e.from));
    const allowed = upward.filter((e) => e.from.startsWith('lib/aspects/') && e.to === 'lib/stacks/platform-stack.ts');
    const intoConstructs = EDGES.filter((e) => e.from.startsWith('lib/config/') && e.to!.startsWith('lib/constructs/'));
    expect([...upward.filter((e) => !allowed.includes(e)), ...intoConstructs].map((e) => `${e.from} -> ${e.to}`)).toEqual([]);
    expect(allowed.length).toBeGreaterThan(0);
  });

  it('has no import cycle, type-only imports included', () => {
    const graph = new Map<string, string[]>();
    for (const edge of EDGES) graph.set(edge.from, [...(graph.get(edge.from) ?? []), edge.to!]);
    expect(findCycle(graph)).toBeUndefined();
  });
});
