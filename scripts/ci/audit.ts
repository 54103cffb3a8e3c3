/**
 * The dependency gate: `npm audit --omit=dev` must report no high or critical advisory.
 *
 *   npm run audit
 *
 * Exits 1 on a high or critical finding. When the registry will not answer audit requests (some
 * mirrors refuse the bulk advisory endpoint with 405), it says so and exits 0: the gate did not
 * run, which is printed, not passed off as clean.
 */
import { spawnSync } from 'node:child_process';

export type AuditVerdict =
  | { readonly status: 'clean' | 'findings'; readonly counts: Readonly<Record<string, number>>; readonly blocking: readonly string[] }
  | { readonly status: 'unavailable'; readonly reason: string };

const BLOCKING = new Set(['high', 'critical']);

/** Reads `npm audit --json` (report version 2, or the error object npm prints when the request fails). */
export function auditVerdict(output: string): AuditVerdict {
  let report: {
    message?: string;
    error?: { summary?: string };
    metadata?: { vulnerabilities?: Record<string, number> };
    vulnerabilities?: Record<string, { severity?: string; via?: unknown[] }>;
  };
  try {
    report = JSON.parse(output);
  } catch {
    return { status: 'unavailable', reason: `npm audit printed no JSON report: ${output.trim().slice(0, 200) || '(nothing)'}` };
  }
  if (!report.metadata?.vulnerabilities) {
    return { status: 'unavailable', reason: report.message ?? report.error?.summary ?? 'npm audit returned no vulnerability counts' };
  }
  const counts = report.metadata.vulnerabilities;
  const blocking = Object.entries(report.vulnerabilities ?? {})
    .filter(([, v]) => BLOCKING.has(v.severity ?? ''))
    .map(([name, v]) => `${name} (${v.severity})`)
    .sort();
  return { status: blocking.length > 0 ? 'findings' : 'clean', counts, blocking };
}

/** The line CI prints for a verdict. */
export function describeVerdict(verdict: AuditVerdict): string {
  if (verdict.status === 'unavailable') return `npm audit: NOT CHECKED, the registry did not answer (${verdict.reason})`;
  const summary = ['critical', 'high', 'moderate', 'low'].map((s) => `${verdict.counts[s] ?? 0} ${s}`).join(', ');
  if (verdict.status === 'clean') return `npm audit --omit=dev: ${summary}; no high or critical`;
  return `npm audit --omit=dev: ${summary}; fix or replace: ${verdict.blocking.join(', ')}`;
}

if (require.main === module) {
  const run = spawnSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8', timeout: 120_000 });
  const verdict = auditVerdict(run.stdout ?? '');
  console.log(describeVerdict(verdict));
  process.exit(verdict.status === 'findings' ? 1 : 0);
}
