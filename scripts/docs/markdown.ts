/**
 * Small Markdown readers for the docs tests and the generators that write into docs:
 * headings (outside code fences), GitHub anchor slugs, the table of contents after the title,
 * one section's text, the paths a Layout block names, and generated blocks between markers.
 */

export interface Heading {
  readonly level: number;
  readonly text: string;
  readonly slug: string;
  /** 0-based line index. */
  readonly line: number;
}

/** Lines that are not inside a fenced code block (``` or ~~~), with their 0-based index. */
function linesOutsideFences(markdown: string): Array<{ text: string; line: number }> {
  const out: Array<{ text: string; line: number }> = [];
  let fence: string | undefined;
  markdown.split('\n').forEach((text, line) => {
    const opener = /^\s{0,3}(`{3,}|~{3,})/.exec(text);
    if (opener) {
      if (fence === undefined) fence = opener[1];
      else if (opener[1][0] === fence[0] && opener[1].length >= fence.length) fence = undefined;
      return;
    }
    if (fence === undefined) out.push({ text, line });
  });
  return out;
}

/** The text GitHub shows for a heading: links reduced to their text, inline-code and emphasis marks dropped. */
function headingText(raw: string): string {
  return raw
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`/g, '')
    .replace(/(\*\*|\*)(.+?)\1/g, '$2')
    .trim();
}

/**
 * GitHub's anchor for a heading text (as github-slugger computes it): lower case, every character
 * that is not a letter, digit, mark, connector (`_`), hyphen or space removed, spaces made hyphens.
 */
export function githubSlug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-');
}

/** Every ATX heading outside code fences, with GitHub's slug (repeats get -1, -2 …). */
export function headings(markdown: string): Heading[] {
  const seen = new Map<string, number>();
  const out: Heading[] = [];
  for (const { text, line } of linesOutsideFences(markdown)) {
    const match = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(text);
    if (!match) continue;
    const plain = headingText(match[2]);
    const base = githubSlug(plain);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    out.push({ level: match[1].length, text: plain, slug: count === 0 ? base : `${base}-${count}`, line });
  }
  return out;
}

export interface TocEntry {
  readonly depth: number;
  readonly text: string;
  readonly target: string;
}

/**
 * The table of contents that opens a doc: the bullet list that is the first thing after the title
 * (blank lines aside). Each item is `- [text](#anchor)`, nested by two spaces per level.
 * Returns undefined when the title is not followed by such a list.
 */
export function openingToc(markdown: string): TocEntry[] | undefined {
  const lines = markdown.split('\n');
  if (!/^# /.test(lines[0] ?? '')) return undefined;
  let i = 1;
  while (i < lines.length && lines[i].trim() === '') i++;
  const entries: TocEntry[] = [];
  for (; i < lines.length && lines[i].trim() !== ''; i++) {
    const match = /^( *)[-*] \[([^\]]+)\]\(#([^)]*)\)\s*$/.exec(lines[i]);
    if (!match) return undefined;
    entries.push({ depth: match[1].length / 2, text: match[2], target: match[3] });
  }
  return entries.length > 0 ? entries : undefined;
}

/** The lines under a `## title` heading, up to the next heading of the same or a higher level. */
export function section(markdown: string, title: string): string | undefined {
  const all = headings(markdown);
  const at = all.findIndex((h) => h.text === title);
  if (at < 0) return undefined;
  const next = all.slice(at + 1).find((h) => h.level <= all[at].level);
  return markdown
    .split('\n')
    .slice(all[at].line + 1, next?.line)
    .join('\n');
}

/**
 * The paths a Layout section names: the first word of each line of its first code block, when
 * that word contains a slash (`lib/config/`, `bin/app.ts`, `lambda/<function>/`).
 */
export function layoutPaths(sectionText: string): string[] {
  const block = /```[^\n]*\n([\s\S]*?)\n```/.exec(sectionText);
  if (!block) return [];
  return block[1]
    .split('\n')
    .map((line) => line.trim().split(/\s+/)[0] ?? '')
    .filter((word) => word.includes('/'));
}

/** The markers around a generated block: `<!-- name:start -->` … `<!-- name:end -->`. */
function markers(name: string): [string, string] {
  return [`<!-- ${name}:start -->`, `<!-- ${name}:end -->`];
}

/** The text between a generated block's markers, without the marker lines. */
export function generatedBlock(markdown: string, name: string): string {
  const [start, end] = markers(name);
  const from = markdown.indexOf(`${start}\n`);
  const to = markdown.indexOf(`\n${end}`);
  if (from < 0 || to < from) throw new Error(`no ${start} … ${end} block`);
  return markdown.slice(from + start.length + 1, to);
}

/** The Markdown with the generated block's content replaced; the markers stay. */
export function replaceGeneratedBlock(markdown: string, name: string, content: string): string {
  const old = generatedBlock(markdown, name);
  const [start] = markers(name);
  const from = markdown.indexOf(`${start}\n`) + start.length + 1;
  return markdown.slice(0, from) + content + markdown.slice(from + old.length);
}
