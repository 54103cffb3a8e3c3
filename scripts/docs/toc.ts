import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { headings } from './markdown';

/**
 * The table of contents every doc opens with, right after its title: one link per `##` and `###`
 * heading, as GitHub anchors them. `tsx scripts/docs/toc.ts --write` rewrites it in README.md and
 * every docs/*.md; test/docs/docs.test.ts fails when one is missing or stale.
 */

const ROOT = path.join(__dirname, '..', '..');

/** The docs that open with a table of contents, relative to the repository root. */
export function docFiles(root: string = ROOT): string[] {
  const docs = readdirSync(path.join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort();
  return ['README.md', ...docs.map((f) => `docs/${f}`)];
}

/** The table of contents of a doc: `- [text](#slug)`, two spaces deeper per level below `##`. */
export function tableOfContents(markdown: string): string {
  return headings(markdown)
    .filter((h) => h.level === 2 || h.level === 3)
    .map((h) => `${'  '.repeat(h.level - 2)}- [${h.text}](#${h.slug})`)
    .join('\n');
}

/** The doc with its opening table of contents replaced, or inserted after the title when it has none. */
export function withTableOfContents(markdown: string): string {
  const lines = markdown.split('\n');
  if (!/^# /.test(lines[0] ?? '')) throw new Error('a doc must start with its # title');
  let start = 1;
  while (start < lines.length && lines[start].trim() === '') start++;
  let end = start;
  while (end < lines.length && /^ *[-*] \[[^\]]+\]\(#[^)]*\)\s*$/.test(lines[end])) end++;
  const rest = lines.slice(end);
  while (rest.length > 0 && rest[0].trim() === '') rest.shift();
  return [lines[0], '', tableOfContents(markdown), '', ...rest].join('\n');
}

if (require.main === module && process.argv.includes('--write')) {
  for (const file of docFiles()) {
    const full = path.join(ROOT, file);
    const before = readFileSync(full, 'utf8');
    const after = withTableOfContents(before);
    if (after !== before) {
      writeFileSync(full, after);
      console.log(`table of contents written: ${file}`);
    }
  }
} else if (require.main === module) {
  console.error('usage: tsx scripts/docs/toc.ts --write');
  process.exitCode = 1;
}
