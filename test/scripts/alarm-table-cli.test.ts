import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { MONITORING_DEFAULTS } from '../../lib/config/monitoring';
import { ALARM_TABLE_DOC, alarmTable, main } from '../../scripts/alarm-table';

async function run(args: string[], doc?: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (t) => out.push(t), err: (t) => err.push(t) }, doc);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

it('--help prints the usage, exit 0', async () => {
  const { code, out } = await run(['--help']);
  expect(code).toBe(0);
  expect(out).toContain('Usage: npm run --silent alarm-table -- [--stage <stage>]');
});

it('an unknown stage lists the known ones, exit 2', async () => {
  const { code, out, err } = await run(['--stage', 'qa']);
  expect(code).toBe(2);
  expect(out).toBe('');
  expect(err).toContain('unknown stage "qa"; known stages: dev, staging, prod');
  expect((await run(['--stage', 'dev', '--write'])).err).toContain('--write writes the prod table; leave out --stage');
});

it("prints a stage's table on stdout, prod by default", async () => {
  expect((await run([])).out).toBe(alarmTable('prod', MONITORING_DEFAULTS.prod));
  expect((await run(['--stage', 'dev'])).out).toBe(alarmTable('dev', MONITORING_DEFAULTS.dev));
});

it('--write rewrites the block of the doc it is given, and says so on stderr', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'alarm-table-'));
  try {
    const doc = path.join(dir, 'operations.md');
    copyFileSync(ALARM_TABLE_DOC, doc);
    const { code, out, err } = await run(['--write'], doc);
    expect(code).toBe(0);
    expect(out).toBe('');
    expect(err).toMatch(/^wrote the prod alarm table into /);
    expect(readFileSync(doc, 'utf8')).toContain(alarmTable('prod', MONITORING_DEFAULTS.prod));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
