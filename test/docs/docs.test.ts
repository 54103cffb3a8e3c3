import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { generatedBlock, githubSlug, headings, layoutPaths, openingToc, replaceGeneratedBlock, section } from '../../scripts/docs/markdown';
import { withTableOfContents } from '../../scripts/docs/toc';

const ROOT = path.resolve(__dirname, '..', '..');
const DOCS = [
  'README.md',
  ...readdirSync(path.join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

/** Headings a table of contents lists: every level below the title, down to ###. */
const listed = (markdown: string) => headings(markdown).filter((h) => h.level === 2 || h.level === 3);

/** Paths of the Layout section that do not exist; a `<name>` segment stands for any entry of its folder. */
function missingLayoutPaths(root: string, paths: readonly string[]): string[] {
  const exists = (dir: string, segments: readonly string[], folder: boolean): boolean => {
    if (segments.length === 0) return existsSync(dir) && statSync(dir).isDirectory() === folder;
    const [head, ...rest] = segments;
    if (!/^<[^>]+>$/.test(head)) return exists(path.join(dir, head), rest, folder);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) return false;
    return readdirSync(dir).some((entry) => exists(path.join(dir, entry), rest, folder));
  };
  return paths.filter(
    (p) =>
      !exists(
        root,
        p.split('/').filter((s) => s !== ''),
        p.endsWith('/'),
      ),
  );
}

describe('the Markdown readers the docs tests use', () => {
  it('slug headings as GitHub anchors them', () => {
    expect(githubSlug('Backups and recovery')).toBe('backups-and-recovery');
    expect(githubSlug('Summary (npm run iam-report -- --summary)')).toBe('summary-npm-run-iam-report------summary');
    expect(githubSlug('prod: 55 roles, 158 statements')).toBe('prod-55-roles-158-statements');
    expect(githubSlug('Tests & CI_run')).toBe('tests--ci_run');
  });

  it('read headings outside code fences, drop inline marks and number repeated slugs', () => {
    const doc = '# T\n\n## A `b` **c**\n\n```bash\n# not a heading\n```\n\n### A b c\n## [Link](x.md)\n';
    expect(headings(doc).map((h) => [h.level, h.text, h.slug])).toEqual([
      [1, 'T', 't'],
      [2, 'A b c', 'a-b-c'],
      [3, 'A b c', 'a-b-c-1'],
      [2, 'Link', 'link'],
    ]);
  });

  it('find the table of contents only right after the title', () => {
    expect(openingToc('# T\n\n- [A](#a)\n  - [B](#b)\n\nText\n')).toEqual([
      { depth: 0, text: 'A', target: 'a' },
      { depth: 1, text: 'B', target: 'b' },
    ]);
    expect(openingToc('# T\n\nIntro first.\n\n- [A](#a)\n')).toBeUndefined();
    expect(openingToc('# T\n\n- [A](#a)\n- plain item\n')).toBeUndefined();
    expect(openingToc('Intro\n# T\n\n- [A](#a)\n')).toBeUndefined();
  });

  it('read a section up to the next heading of its level', () => {
    expect(section('# T\n## A\none\n### A1\ntwo\n## B\nthree\n', 'A')).toBe('one\n### A1\ntwo');
    expect(section('# T\n## A\n', 'Z')).toBeUndefined();
  });

  it('take the first word of each line of the Layout block when it is a path', () => {
    expect(layoutPaths('Text\n\n```\nbin/app.ts   the app\nlib/x/       things\nnot-a-path   words\n```\n')).toEqual([
      'bin/app.ts',
      'lib/x/',
    ]);
  });

  it('report Layout paths that do not exist, a <name> segment matching any entry', () => {
    expect(
      missingLayoutPaths(ROOT, [
        'lib/config/',
        'bin/app.ts',
        'lambda/<function>/',
        'lib/nowhere/',
        'bin/app.ts/',
        'lib/config',
        'lambda/<function>/nowhere/',
      ]),
    ).toEqual(['lib/nowhere/', 'bin/app.ts/', 'lib/config', 'lambda/<function>/nowhere/']);
  });

  it('read and replace a generated block between its markers, and refuse a doc without them', () => {
    const doc = 'before\n<!-- t:start -->\nold\nrows\n<!-- t:end -->\nafter\n';
    expect(generatedBlock(doc, 't')).toBe('old\nrows');
    expect(replaceGeneratedBlock(doc, 't', 'new')).toBe('before\n<!-- t:start -->\nnew\n<!-- t:end -->\nafter\n');
    expect(() => generatedBlock('no markers', 't')).toThrow('no <!-- t:start --> … <!-- t:end --> block');
  });
});

describe('the table of contents writer', () => {
  it('inserts a table of contents after the title, or replaces a stale one, and keeps the text', () => {
    const body = '## A\n\ntext\n\n### A `one`\n\n```\n## not this\n```\n\n## B\n';
    const fresh = `# T\n\n- [A](#a)\n  - [A one](#a-one)\n- [B](#b)\n\n${body}`;
    expect(withTableOfContents(`# T\n\n${body}`)).toBe(fresh);
    expect(withTableOfContents(`# T\n- [Old](#old)\n\n${body}`)).toBe(fresh);
    expect(withTableOfContents(fresh)).toBe(fresh);
    expect(() => withTableOfContents('no title')).toThrow('a doc must start with its # title');
  });
});

describe.each(DOCS)('%s', (file) => {
  const doc = read(file);

  it('opens, after its title, with a table of contents whose links are its headings, in order (if not: npx tsx scripts/docs/toc.ts --write)', () => {
    const toc = openingToc(doc);
    expect(toc).toBeDefined();
    const expected = listed(doc).map((h) => ({ depth: h.level - 2, text: h.text, target: h.slug }));
    expect(toc).toEqual(expected);
  });

  it('links only to files that exist, and to headings that exist in them', () => {
    const broken: string[] = [];
    const prose = doc.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
    for (const [, target] of prose.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target)) continue;
      const [file_, anchor] = target.split('#');
      const resolved = file_ === '' ? file : path.posix.normalize(path.posix.join(path.posix.dirname(file), file_));
      if (!existsSync(path.join(ROOT, resolved))) {
        broken.push(`${target}: no file ${resolved}`);
        continue;
      }
      if (anchor !== undefined && !headings(read(resolved)).some((h) => h.slug === anchor))
        broken.push(`${target}: no heading #${anchor} in ${resolved}`);
    }
    expect(broken).toEqual([]);
  });
});

describe('README.md', () => {
  const readme = read('README.md');

  it('stays at most 12 KB', () => {
    expect(Buffer.byteLength(readme)).toBeLessThanOrEqual(12_000);
  });

  it('names in its Layout section only paths that exist', () => {
    const layout = section(readme, 'Layout');
    expect(layout).toBeDefined();
    const paths = layoutPaths(layout ?? '');
    expect(paths.length).toBeGreaterThan(5);
    expect(missingLayoutPaths(ROOT, paths)).toEqual([]);
  });

  it('keeps the test command .ci/run runs in its quickstart', () => {
    expect(section(readme, 'Quickstart')).toMatch(/^npm test\b/m);
  });

  it('links every doc in docs/', () => {
    for (const file of DOCS.filter((f) => f !== 'README.md')) expect(readme).toContain(`](${file})`);
  });
});
