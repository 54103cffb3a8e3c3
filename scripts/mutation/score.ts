/**
 * The mutation score per folder, from the JSON reports the mutation runs wrote
 * (reports/mutation/<scope>/mutation.json, mutation-testing-report-schema). The score is Stryker's:
 * detected (killed, timed out) over valid mutants (detected, survived, no coverage); ignored mutants
 * and mutants that do not run (compile or runtime errors) are left out.
 */
import { existsSync, readFileSync } from 'node:fs';

interface MutantResult {
  readonly status: string;
}
interface MutationReport {
  readonly files: Readonly<Record<string, { readonly mutants: readonly MutantResult[] }>>;
}

export interface FolderScore {
  readonly folder: string;
  readonly detected: number;
  readonly survived: number;
  readonly noCoverage: number;
  readonly ignored: number;
  /** Percent, or undefined when the folder has no valid mutant. */
  readonly score: number | undefined;
}

const DETECTED = new Set(['Killed', 'Timeout']);

/** Scores of the report's files grouped by `folderOf` (a file path to its folder). */
export function scoresByFolder(report: MutationReport, folderOf: (file: string) => string): FolderScore[] {
  const counts = new Map<string, { detected: number; survived: number; noCoverage: number; ignored: number }>();
  for (const [file, { mutants }] of Object.entries(report.files)) {
    const folder = folderOf(file.replaceAll('\\', '/'));
    const c = counts.get(folder) ?? { detected: 0, survived: 0, noCoverage: 0, ignored: 0 };
    for (const { status } of mutants) {
      if (DETECTED.has(status)) c.detected++;
      else if (status === 'Survived') c.survived++;
      else if (status === 'NoCoverage') c.noCoverage++;
      else if (status === 'Ignored') c.ignored++;
    }
    counts.set(folder, c);
  }
  return [...counts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([folder, c]) => {
      const valid = c.detected + c.survived + c.noCoverage;
      return { folder, ...c, score: valid === 0 ? undefined : (100 * c.detected) / valid };
    });
}

/** Every file under the scope's folder counts towards that folder. */
export function topFolder(root: string): (file: string) => string {
  return () => root;
}

/** One folder below the root (`lambda/backup-retention/core.ts` is `lambda/backup-retention`). */
export function subFolder(root: string): (file: string) => string {
  return (file) => {
    const rest = file.startsWith(`${root}/`) ? file.slice(root.length + 1) : file;
    const first = rest.split('/')[0];
    return rest.includes('/') ? `${root}/${first}` : root;
  };
}

export function formatScore(s: FolderScore): string {
  const score = s.score === undefined ? '   n/a' : `${s.score.toFixed(2).padStart(6)} %`;
  return `${score}  ${s.folder}  (killed ${s.detected}, survived ${s.survived}, no coverage ${s.noCoverage}, ignored ${s.ignored})`;
}

/** Prints the score of each scope that has a report, then its subfolders. Returns the lines. */
export function printScores(scopes: readonly { readonly folder: string; readonly report: string }[]): string[] {
  const lines: string[] = [];
  for (const { folder, report } of scopes) {
    if (!existsSync(report)) {
      lines.push(`   n/a  ${folder}  (no report at ${report}: run \`npm run mutation -- <scope>\`)`);
      continue;
    }
    const parsed = JSON.parse(readFileSync(report, 'utf8')) as MutationReport;
    lines.push(...scoresByFolder(parsed, topFolder(folder)).map(formatScore));
    const parts = scoresByFolder(parsed, subFolder(folder));
    // Only a folder with subfolders gets its breakdown (else it would repeat the line above).
    if (parts.some((part) => part.folder !== folder)) lines.push(...parts.map((s) => `    ${formatScore(s)}`));
  }
  return lines;
}
