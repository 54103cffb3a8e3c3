import { MONITORING_ALARM_KEYS, MONITORING_DEFAULTS } from '../../lib/config/monitoring';
import { ALARM_CATALOG } from '../../lib/catalogs/alarm-catalog';
import { readFileSync } from 'node:fs';
import { ALARM_TABLE_BLOCK, ALARM_TABLE_DOC, ALARM_TABLE_STAGE, alarmTable } from '../../scripts/alarm-table';
import { generatedBlock } from '../../scripts/docs/markdown';

const table = alarmTable('prod', MONITORING_DEFAULTS.prod);
const rows = table.split('\n');

describe('the alarm table of docs/operations.md', () => {
  it('has a header, then one row per catalog entry: the composite, the stage alarms, the automation and the operations alarms', () => {
    expect(rows[0]).toBe(
      '| Alarm | Severity (runbook) | What it means | Fires when (prod) | First thing to check | In `prod-stage-unhealthy` |',
    );
    expect(rows).toHaveLength(2 + Object.keys(ALARM_CATALOG).length);
    expect(rows.length).toBeGreaterThan(2 + 1 + MONITORING_ALARM_KEYS.length + 5);
    for (const row of rows) expect(row.split(/(?<!\\)\|/)).toHaveLength(8);
  });

  it("shows each alarm's severity in the stage, linked to its runbook, with the rule where it depends on the stage", () => {
    expect(table).toContain('| `prod-stage-unhealthy` | [**critical**](runbooks/stage-unhealthy.md) |');
    expect(table).toContain('| `prod-api-5xx-rate` | [warning](runbooks/api-5xx-rate.md) |');
    expect(table).toContain('[**critical**](runbooks/restore-test-failed.md) (critical in prod, else warning)');
    expect(alarmTable('staging', MONITORING_DEFAULTS.staging)).toContain(
      '[warning](runbooks/restore-test-failed.md) (critical in prod, else warning)',
    );
  });

  it('uses the catalog descriptions and the stage thresholds', () => {
    expect(rows).toContain(
      `| \`prod-api-5xx-rate\` | [warning](runbooks/api-5xx-rate.md) | ${ALARM_CATALOG.api5xxRate.meaning} | above 1 % for 5 of 5 datapoints of 1 min | ${ALARM_CATALOG.api5xxRate.firstCheck} | yes |`,
    );
    expect(table).toContain(
      '| `prod-db-{primary,replica-N}-free-storage` | [warning](runbooks/db-free-storage.md) | Database instance `primary` or `replica-N` is running out of disk',
    );
    expect(table).toContain('below 10 % for 1 of 1 datapoints of 5 min');
    expect(alarmTable('dev', MONITORING_DEFAULTS.dev)).toContain('above 5 % for 2 of 2 datapoints of 5 min');
  });

  it('marks which alarms make the stage unhealthy', () => {
    const critical = rows.filter((row) => / (yes|.+ only) \|$/.test(row)).map((row) => row.split(' | ')[0].slice(3, -1));
    expect(critical).toEqual([
      'prod-api-5xx-rate',
      'prod-api-unhealthy-hosts',
      'prod-{api,worker}-tasks-below-desired',
      'prod-db-{primary,replica-N}-cpu',
      'prod-db-{primary,replica-N}-free-storage',
      'prod-cache-node-N-memory',
    ]);
    expect(table).toContain('| api only |');
  });

  it('describes the Lambda duration alarm relative to the timeout', () => {
    expect(table).toContain("p99 above 80 % of the function's timeout");
  });
});

describe('docs/operations.md', () => {
  it('holds the alarm table as generated today (if not: npx tsx scripts/alarm-table.ts --write)', () => {
    const doc = readFileSync(ALARM_TABLE_DOC, 'utf8');
    expect(generatedBlock(doc, ALARM_TABLE_BLOCK)).toBe(alarmTable(ALARM_TABLE_STAGE, MONITORING_DEFAULTS[ALARM_TABLE_STAGE]));
  });
});
