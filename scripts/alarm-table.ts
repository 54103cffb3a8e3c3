import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { MONITORING_ALARM_KEYS, MONITORING_DEFAULTS, MonitoringConfig } from '../lib/config/monitoring';
import {
  ALARM_CATALOG,
  AlarmKind,
  AutomationAlarmKind,
  describeCondition,
  OperationsAlarmKind,
  runbookName,
  severityOf,
  severityText,
} from '../lib/catalogs/alarm-catalog';
import { AUTOMATION_ALARM_DEFAULTS, once } from '../lib/constructs/monitoring/lambda-alarms';
import { replaceGeneratedBlock } from './docs/markdown';
import { type CliIo, exitWith, parseStage, processIo, runCli, UsageError } from './support/cli';

/**
 * The alarm table of docs/operations.md, rendered from the same catalog the alarm descriptions
 * come from:  tsx scripts/alarm-table.ts [--stage prod]  prints it;
 *             tsx scripts/alarm-table.ts --write  rewrites the prod table between its markers there.
 */

/** Where the table lives, between `<!-- alarm-table:start -->` and `<!-- alarm-table:end -->`. */
export const ALARM_TABLE_DOC = path.join(__dirname, '..', 'docs', 'operations.md');
export const ALARM_TABLE_BLOCK = 'alarm-table';
/** The stage whose thresholds the doc shows. */
export const ALARM_TABLE_STAGE = 'prod';

const AUTOMATION_KINDS: readonly AutomationAlarmKind[] = [
  'lambdaErrors',
  'lambdaThrottles',
  'lambdaDuration',
  'stateMachineFailed',
  'stateMachineTimedOut',
];

/** The backup, restore-test, drill and health-check alarms, after the composite (which opens the table). */
const OPERATIONS_KINDS = (Object.keys(ALARM_CATALOG) as AlarmKind[]).filter(
  (kind): kind is OperationsAlarmKind => !!ALARM_CATALOG[kind].condition && kind !== 'stageUnhealthy',
);

/** Table cells cannot hold a pipe or a line break. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function criticalCell(kind: AlarmKind): string {
  const critical = ALARM_CATALOG[kind].critical;
  if (critical === undefined) return '';
  return critical === true ? 'yes' : `${critical.join(', ')} only`;
}

function automationCondition(kind: AutomationAlarmKind): string {
  const { periodSeconds, durationShareOfTimeout } = AUTOMATION_ALARM_DEFAULTS;
  if (kind !== 'lambdaDuration') return describeCondition(kind, once(0, periodSeconds));
  return `p99 above ${durationShareOfTimeout * 100} % of the function's timeout for 1 of 1 datapoints of ${periodSeconds / 60} min`;
}

/** The severity in this stage, with the rule where it depends on the stage. */
function severityCell(kind: AlarmKind, stage: string): string {
  const here = severityOf(kind, stage);
  const text = severityText(kind);
  return `[${here === 'critical' ? '**critical**' : 'warning'}](runbooks/${runbookName(kind)}.md)${text === here ? '' : ` (${text})`}`;
}

function row(
  kind: AlarmKind,
  stage: string,
  name: string,
  meaning: string,
  condition: string,
  firstCheck: string,
  critical: string,
): string {
  return `| \`${cell(name)}\` | ${severityCell(kind, stage)} | ${cell(meaning)} | ${cell(condition)} | ${cell(firstCheck)} | ${critical} |`;
}

/** Markdown table of every alarm, with the thresholds of one stage's monitoring config. */
export function alarmTable(stage: string, config: MonitoringConfig): string {
  const subjects = (kind: AlarmKind) => ALARM_CATALOG[kind].subjects ?? ['<subject>'];
  const plain = (kind: AlarmKind, text: string) =>
    text.replaceAll(
      '{subject}',
      subjects(kind)
        .map((s) => `\`${s}\``)
        .join(' or '),
    );
  const named = (kind: AlarmKind) => {
    const list = subjects(kind);
    return `${stage}-${ALARM_CATALOG[kind].name.replaceAll('{subject}', list.length > 1 ? `{${list.join(',')}}` : list[0])}`;
  };
  const unhealthy = ALARM_CATALOG.stageUnhealthy;
  return [
    `| Alarm | Severity (runbook) | What it means | Fires when (${stage}) | First thing to check | In \`${stage}-${unhealthy.name}\` |`,
    '| --- | --- | --- | --- | --- | --- |',
    row('stageUnhealthy', stage, `${stage}-${unhealthy.name}`, unhealthy.meaning, unhealthy.condition!, unhealthy.firstCheck, ''),
    ...MONITORING_ALARM_KEYS.map((kind) => {
      const entry = ALARM_CATALOG[kind];
      return row(
        kind,
        stage,
        named(kind),
        plain(kind, entry.meaning),
        describeCondition(kind, config.alarms[kind]),
        plain(kind, entry.firstCheck),
        criticalCell(kind),
      );
    }),
    ...AUTOMATION_KINDS.map((kind) => {
      const entry = ALARM_CATALOG[kind];
      return row(kind, stage, named(kind), plain(kind, entry.meaning), automationCondition(kind), plain(kind, entry.firstCheck), '');
    }),
    ...OPERATIONS_KINDS.map((kind) => {
      const entry = ALARM_CATALOG[kind];
      return row(kind, stage, named(kind), plain(kind, entry.meaning), entry.condition!, plain(kind, entry.firstCheck), '');
    }),
  ].join('\n');
}

export const USAGE = `Usage: npm run --silent alarm-table -- [--stage <stage>]
       npm run alarm-table -- --write

The alarm table of docs/operations.md, from the alarm catalog and a stage's thresholds.

Options:
  --stage <stage>   whose thresholds to show: dev, staging or prod (default ${ALARM_TABLE_STAGE})
  --write           rewrite the ${ALARM_TABLE_STAGE} table between its markers in docs/operations.md
  -h, --help        this text`;

const OPTIONS = { stage: { type: 'string' }, write: { type: 'boolean' } } as const;

export function main(argv: readonly string[], io: CliIo = processIo, doc = ALARM_TABLE_DOC): Promise<number> {
  return runCli({ usage: USAGE, options: OPTIONS }, argv, io, ({ values }) => {
    if (values.write) {
      if (values.stage !== undefined && values.stage !== ALARM_TABLE_STAGE)
        throw new UsageError(`--write writes the ${ALARM_TABLE_STAGE} table; leave out --stage`);
      const text = readFileSync(doc, 'utf8');
      writeFileSync(
        doc,
        replaceGeneratedBlock(text, ALARM_TABLE_BLOCK, alarmTable(ALARM_TABLE_STAGE, MONITORING_DEFAULTS[ALARM_TABLE_STAGE])),
      );
      io.err(`wrote the ${ALARM_TABLE_STAGE} alarm table into ${path.relative(process.cwd(), doc)}`);
      return 0;
    }
    const stage = parseStage(values.stage ?? ALARM_TABLE_STAGE);
    io.out(alarmTable(stage, MONITORING_DEFAULTS[stage]));
    return 0;
  });
}

if (require.main === module) exitWith(main(process.argv.slice(2)));
