import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import {
  ALARM_CATALOG,
  AlarmKind,
  criticalAlarmPatterns,
  describeCondition,
  runbookName,
  severityText,
} from '../lib/catalogs/alarm-catalog';
import { MONITORING_ALARM_KEYS, MONITORING_DEFAULTS, MonitoringAlarmKey } from '../lib/config/monitoring';
import { AUTOMATION_ALARM_DEFAULTS, once } from '../lib/constructs/monitoring/lambda-alarms';

/**
 * docs/runbooks/<alarm>.md, one per catalog entry, rendered from the catalog (meaning, first check,
 * severity and why, condition, where the threshold is set) and the entry's hand-written `steps`.
 * The catalog is the only source: edit it, then run `npm run runbooks` (= --write). --check exits
 * non-zero when a checked-in runbook differs from what the catalog renders.
 */

export const RUNBOOK_DIR = path.join(__dirname, '..', 'docs', 'runbooks');
/** The stage whose thresholds the runbooks quote. */
const STAGE = 'prod';

const GENERIC_STEPS = [
  'Do the first check above and note what you find in the ticket or incident channel.',
  'If a deployment started shortly before the alarm, compare with the previous task definition or roll back (docs/operations.md).',
  'If the alarm is right but the threshold is wrong for this stage, change it where the threshold is set and say why in the commit.',
];

function isConfigured(kind: AlarmKind): kind is MonitoringAlarmKey {
  return (MONITORING_ALARM_KEYS as readonly string[]).includes(kind);
}

function condition(kind: AlarmKind): string {
  const entry = ALARM_CATALOG[kind];
  if (isConfigured(kind)) return `${describeCondition(kind, MONITORING_DEFAULTS[STAGE].alarms[kind])} (${STAGE})`;
  if (entry.condition) return entry.condition;
  const { periodSeconds, durationShareOfTimeout } = AUTOMATION_ALARM_DEFAULTS;
  if (kind === 'lambdaDuration')
    return `p99 above ${durationShareOfTimeout * 100} % of the function's timeout for 1 of 1 datapoints of ${periodSeconds / 60} min`;
  return describeCondition(kind, once(0, periodSeconds));
}

function subjectsText(kind: AlarmKind): string {
  const { name, subjects } = ALARM_CATALOG[kind];
  const pattern = `\`<stage>-${name}\``;
  return subjects ? `${pattern}, where {subject} is ${subjects.map((s) => `\`${s}\``).join(', ')}` : pattern;
}

function plain(kind: AlarmKind, text: string): string {
  return text.replaceAll('{subject}', ALARM_CATALOG[kind].subjects ? '{subject}' : 'it');
}

/** One runbook, as the file holds it. */
export function renderRunbook(kind: AlarmKind): string {
  const entry = ALARM_CATALOG[kind];
  const steps = entry.steps ?? GENERIC_STEPS;
  const compositeMember =
    entry.critical === undefined
      ? ''
      : ` It is a member of \`<stage>-stage-unhealthy\`${entry.critical === true ? '' : ` (for ${entry.critical.join(', ')})`}, which pages for it.`;
  return [
    `# ${runbookName(kind)}`,
    '',
    '<!-- Generated from lib/catalogs/alarm-catalog.ts by `npm run runbooks`. Edit the catalog entry (its `steps` hold the hand-written part), not this file. -->',
    '',
    `| | |`,
    '| --- | --- |',
    `| Alarm | ${subjectsText(kind)} |`,
    `| Severity | **${severityText(kind)}**: ${entry.severityReason}${compositeMember} |`,
    `| Fires when | ${condition(kind)}${
      kind === 'stageUnhealthy'
        ? `; its members: ${criticalAlarmPatterns()
            .map((p) => `\`${p}\``)
            .join(', ')}`
        : ''
    } |`,
    `| Threshold set in | ${entry.thresholdSource ?? `\`monitoring.alarms.${kind}\` of the stage config (lib/config/monitoring.ts)`} |`,
    '',
    '## What it means',
    '',
    plain(kind, entry.meaning),
    '',
    '## First check',
    '',
    plain(kind, entry.firstCheck),
    '',
    '## Then',
    '',
    ...steps.map((step, i) => `${i + 1}. ${plain(kind, step)}`),
    '',
    '## From the alert',
    '',
    "The alarm's description ends with three links: this runbook, the stage's dashboard, and a Logs Insights query (lines that say error) of the alarm's log groups over its window and half an hour before.",
    'A critical alarm also sends OK when it clears, which closes the page. A warning sends only ALARM, or, where warnings go out as the daily digest (monitoring.alerts.warningDelivery), nothing itself: the next digest lists it.',
    '',
  ].join('\n');
}

export function renderRunbooks(): Map<string, string> {
  return new Map((Object.keys(ALARM_CATALOG) as AlarmKind[]).map((kind) => [`${runbookName(kind)}.md`, renderRunbook(kind)]));
}

function main(): void {
  const { values } = parseArgs({
    options: { write: { type: 'boolean' }, check: { type: 'boolean' }, help: { type: 'boolean' } },
    strict: true,
  });
  if (values.help || (!values.write && !values.check)) {
    console.log(
      'Usage: tsx scripts/runbooks.ts --write | --check\n  --write  rewrite docs/runbooks/ from the alarm catalog\n  --check  fail when docs/runbooks/ differs from the catalog',
    );
    return;
  }
  const runbooks = renderRunbooks();
  if (values.write) {
    mkdirSync(RUNBOOK_DIR, { recursive: true });
    for (const file of readdirSync(RUNBOOK_DIR)) if (!runbooks.has(file)) rmSync(path.join(RUNBOOK_DIR, file));
    for (const [file, text] of runbooks) writeFileSync(path.join(RUNBOOK_DIR, file), text);
    console.log(`wrote ${runbooks.size} runbooks into ${path.relative(process.cwd(), RUNBOOK_DIR)}`);
    return;
  }
  const stale = [...runbooks].filter(([file, text]) => {
    try {
      return readFileSync(path.join(RUNBOOK_DIR, file), 'utf8') !== text;
    } catch {
      return true;
    }
  });
  if (stale.length > 0) {
    console.error(`Out of date: ${stale.map(([file]) => file).join(', ')}; run npm run runbooks`);
    process.exitCode = 1;
  }
}

if (require.main === module) main();
