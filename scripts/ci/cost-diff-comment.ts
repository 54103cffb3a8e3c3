/**
 * Turns the cost estimates of main and of a pull request into the markdown of ONE pull-request
 * comment (the workflow finds it again by COST_COMMENT_MARKER and edits it).
 *
 *   tsx scripts/ci/cost-diff-comment.ts --before <dir> --after <dir>
 *
 * Each directory holds `<stage>.json` files written by `npm run --silent cost -- --stage <stage> --json`.
 * A missing file or directory counts as "no estimate" (a new stage, or main without the cost script).
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { STAGE_NAMES } from '../../lib/config/stage-name';

export const COST_COMMENT_MARKER = '<!-- stage-platform:cost-diff -->';

/** The part of one stage's `--json` estimate this formatter reads. */
export interface StageCostEstimate {
  readonly stage: string;
  readonly currency: string;
  /** Monthly cost per resource group (e.g. Database, Compute, Network). */
  readonly groups: Readonly<Record<string, number>>;
  /** Resources the estimate could not price: its total is then partial (a lower bound). */
  readonly unpriced?: readonly { readonly type: string; readonly count: number }[];
  /** Some group was a `{ min, max }` range; its upper end is used. */
  readonly ranged?: boolean;
}

export interface CostRow {
  readonly stage: string;
  readonly group: string;
  readonly before: number;
  readonly after: number;
}

/**
 * Reads one estimate. Accepts `groups` as a list of `{ name | group, monthly | monthlyUsd }` or as a
 * map of group → amount, so small changes in the estimator's output do not break the comment.
 */
export function parseEstimate(json: unknown, source: string): StageCostEstimate {
  const fail = (why: string): never => {
    throw new Error(`${source}: ${why}; expected { "stage": "dev", "groups": [{ "name": "Database", "monthly": 12.5 }] }`);
  };
  if (typeof json !== 'object' || json === null) return fail('not a JSON object');
  const o = json as Record<string, unknown>;
  if (typeof o.stage !== 'string' || o.stage === '') return fail('no "stage"');
  const groups: Record<string, number> = {};
  let ranged = false;
  const add = (name: unknown, given: unknown) => {
    // `npm run cost -- --json` gives each group as a { min, max } range: the upper end is the figure to plan with.
    const max = typeof given === 'object' && given !== null ? (given as Record<string, unknown>).max : undefined;
    const amount = typeof max === 'number' ? max : given;
    if (typeof name !== 'string' || typeof amount !== 'number' || !Number.isFinite(amount))
      return fail(`bad group ${JSON.stringify({ name, amount: given })}`);
    ranged ||= max !== undefined;
    groups[name] = (groups[name] ?? 0) + amount;
  };
  if (Array.isArray(o.groups)) {
    for (const g of o.groups as Record<string, unknown>[]) add(g?.name ?? g?.group, g?.monthly ?? g?.monthlyUsd);
  } else if (typeof o.groups === 'object' && o.groups !== null) {
    for (const [name, value] of Object.entries(o.groups))
      add(name, typeof value === 'object' && value !== null ? (value as Record<string, unknown>).monthly : value);
  } else {
    fail('no "groups"');
  }
  const unpriced = Array.isArray(o.unpriced)
    ? (o.unpriced as Record<string, unknown>[])
        .filter((u) => typeof u?.type === 'string' && typeof u?.count === 'number')
        .map((u) => ({ type: u.type as string, count: u.count as number }))
    : [];
  return {
    stage: o.stage,
    currency: typeof o.currency === 'string' ? o.currency : 'USD',
    groups,
    ...(unpriced.length > 0 || o.partial === true ? { unpriced } : {}),
    ...(ranged ? { ranged } : {}),
  };
}

function isPartial(e: StageCostEstimate | undefined): boolean {
  return e?.unpriced !== undefined;
}

function unpricedList(e: StageCostEstimate): string {
  return (e.unpriced ?? []).map((u) => `${u.type} × ${u.count}`).join(', ') || 'not listed';
}

/** Stages in promotion order; unknown ones after them, by name. */
const STAGE_ORDER: readonly string[] = STAGE_NAMES;
function stageRank(stage: string): number {
  const index = STAGE_ORDER.indexOf(stage);
  return index < 0 ? STAGE_ORDER.length : index;
}

/** One row per stage and group present on either side; stages in promotion order, groups by name. */
export function diffRows(before: readonly StageCostEstimate[], after: readonly StageCostEstimate[]): CostRow[] {
  const stages = [...new Set([...after, ...before].map((e) => e.stage))].sort((x, y) => stageRank(x) - stageRank(y) || x.localeCompare(y));
  return stages.flatMap((stage) => {
    const b = before.find((e) => e.stage === stage)?.groups ?? {};
    const a = after.find((e) => e.stage === stage)?.groups ?? {};
    const groups = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
    return groups.map((group) => ({ stage, group, before: b[group] ?? 0, after: a[group] ?? 0 }));
  });
}

const CENT = 0.005;

export function formatMoney(amount: number, currency = 'USD'): string {
  const symbol = currency === 'USD' ? '$' : `${currency} `;
  const text = Math.abs(amount).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return `${amount < -CENT ? '-' : ''}${symbol}${text}`;
}

export function formatDelta(before: number, after: number, currency = 'USD'): string {
  const delta = after - before;
  if (Math.abs(delta) < CENT) return formatMoney(0, currency);
  const sign = delta > 0 ? '+' : '';
  const percent = before > CENT ? ` (${sign}${((delta / before) * 100).toFixed(1)}%)` : '';
  return `${sign}${formatMoney(delta, currency)}${percent}`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** The whole comment: changed groups per stage, a total row for every stage, and what was missing. */
export function formatCostDiffComment(before: readonly StageCostEstimate[], after: readonly StageCostEstimate[]): string {
  const currency = after[0]?.currency ?? before[0]?.currency ?? 'USD';
  const rows = diffRows(before, after);
  const changed = rows.filter((r) => Math.abs(r.after - r.before) >= CENT);
  const stages = [...new Set(rows.map((r) => r.stage))];
  const lines = [
    COST_COMMENT_MARKER,
    '### Estimated monthly cost: this pull request vs main',
    '',
    changed.length === 0
      ? 'No resource group changes its estimated monthly cost.'
      : `${changed.length} resource group${changed.length === 1 ? '' : 's'} change${changed.length === 1 ? 's' : ''}.`,
    '',
    '| Stage | Resource group | Before (monthly) | After (monthly) | Delta |',
    '| --- | --- | ---: | ---: | ---: |',
  ];
  for (const stage of stages) {
    for (const r of changed.filter((c) => c.stage === stage)) {
      lines.push(
        `| ${cell(stage)} | ${cell(r.group)} | ${formatMoney(r.before, currency)} | ${formatMoney(r.after, currency)} | ${formatDelta(r.before, r.after, currency)} |`,
      );
    }
    const ofStage = rows.filter((r) => r.stage === stage);
    const b = ofStage.reduce((sum, r) => sum + r.before, 0);
    const a = ofStage.reduce((sum, r) => sum + r.after, 0);
    const partial = isPartial(before.find((e) => e.stage === stage)) || isPartial(after.find((e) => e.stage === stage));
    lines.push(
      `| **${cell(stage)}** | **${partial ? 'Total (partial)' : 'Total'}** | **${formatMoney(b, currency)}** | **${formatMoney(a, currency)}** | **${formatDelta(b, a, currency)}** |`,
    );
  }
  const notes = [
    ...stages.filter((s) => !before.some((e) => e.stage === s)).map((s) => `- \`${s}\` has no estimate on main: "Before" counts as 0.`),
    ...stages
      .filter((s) => !after.some((e) => e.stage === s))
      .map((s) => `- \`${s}\` has no estimate in this pull request: "After" counts as 0.`),
  ];
  for (const [side, estimates] of [
    ['main', before],
    ['this pull request', after],
  ] as const)
    for (const e of estimates.filter(isPartial))
      notes.push(`- \`${e.stage}\` on ${side}: the total is partial; not priced: ${cell(unpricedList(e))}.`);
  if (notes.length > 0) lines.push('', ...notes);
  const ranged = [...before, ...after].some((e) => e.ranged);
  lines.push(
    '',
    `<sub>List prices from \`npm run cost\` on the synthesized templates${ranged ? ', upper end of each range' : ''}; usage-based charges are estimates.</sub>`,
  );
  return `${lines.join('\n')}\n`;
}

/** Every `*.json` estimate in `dir`; none when the directory does not exist. */
export function readEstimates(dir: string): StageCostEstimate[] {
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort();
  } catch {
    return [];
  }
  return files.flatMap((file) => {
    const text = readFileSync(path.join(dir, file), 'utf8').trim();
    return text ? [parseEstimate(JSON.parse(text), path.join(dir, file))] : [];
  });
}

function argument(args: readonly string[], name: string): string {
  const index = args.indexOf(name);
  if (index < 0 || !args[index + 1]) throw new Error(`usage: cost-diff-comment --before <dir> --after <dir> (missing ${name})`);
  return args[index + 1];
}

if (require.main === module) {
  const args = process.argv.slice(2);
  process.stdout.write(formatCostDiffComment(readEstimates(argument(args, '--before')), readEstimates(argument(args, '--after'))));
}
