import { MESSAGE_LIMIT_BYTES, SUBJECT_LIMIT } from '../../../lambda/alert-digest/contract';
import {
  type AlarmNow,
  composeDigest,
  dashboardOf,
  fitLines,
  isStageWarning,
  newStateOf,
  runbookOf,
  type StateChange,
  subjectText,
} from '../../../lambda/alert-digest/core';

const NOW = new Date('2026-12-04T07:00:00Z');
const RUNBOOKS = 'https://github.com/example-org/stage-platform/blob/main/docs/runbooks';
const DASHBOARD = 'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#dashboards/dashboard/prod-overview';

function description(severity: 'critical' | 'warning', runbook: string): string {
  return `Something is off. Fires when above 80 %. First check: the graph. Severity: ${severity}. Runbook: ${RUNBOOKS}/${runbook}.md Dashboard: ${DASHBOARD} Logs: https://eu-west-1.console.aws.amazon.com/cloudwatch/home#logsV2:x`;
}

const warning = (name: string, state: string, since?: string): AlarmNow => ({
  name,
  description: description('warning', name.replace(/^[a-z]+-/, '')),
  state,
  since: since ? new Date(since) : undefined,
});
const critical = (name: string, state: string): AlarmNow => ({ name, description: description('critical', 'x'), state });
const change = (name: string, at: string, to = 'ALARM'): StateChange => ({ name, at: new Date(at), to });

const quietInput = { stage: 'prod', alarms: [warning('prod-db-primary-cpu', 'OK')], history: [], historyPartial: false, now: NOW };

describe('composeDigest', () => {
  it('has nothing to say when no warning is in ALARM or fired in the last 24 h', () => {
    expect(composeDigest(quietInput)).toBeUndefined();
  });

  it('reports one warning in ALARM with since when and its runbook link', () => {
    const digest = composeDigest({
      ...quietInput,
      alarms: [warning('prod-db-primary-cpu', 'ALARM', '2026-12-03T22:15:00Z')],
      history: [change('prod-db-primary-cpu', '2026-12-03T22:15:00Z')],
    });
    expect(digest?.subject).toBe('prod: 1 warning in ALARM (daily warning digest)');
    expect(digest?.firing).toEqual([
      { name: 'prod-db-primary-cpu', since: new Date('2026-12-03T22:15:00Z'), runbook: `${RUNBOOKS}/db-primary-cpu.md`, times: 1 },
    ]);
    expect(digest?.message).toContain('In ALARM now (1):\n- prod-db-primary-cpu since 2026-12-03T22:15:00.000Z (8 h ago)\n');
    expect(digest?.message).toContain(`  Runbook: ${RUNBOOKS}/db-primary-cpu.md`);
    expect(digest?.message).toContain(`Dashboard: ${DASHBOARD}`);
    expect(digest?.cleared).toEqual([]);
  });

  it('counts warnings that fired in the window and are OK again, most flapping first', () => {
    const digest = composeDigest({
      ...quietInput,
      alarms: [warning('prod-api-latency-p95', 'OK'), warning('prod-queue-depth', 'OK'), warning('prod-db-primary-cpu', 'OK')],
      history: [
        change('prod-api-latency-p95', '2026-12-04T06:00:00Z', 'OK'),
        change('prod-api-latency-p95', '2026-12-04T05:00:00Z'),
        change('prod-api-latency-p95', '2026-12-04T03:00:00Z'),
        change('prod-api-latency-p95', '2026-12-03T09:00:00Z'),
        change('prod-queue-depth', '2026-12-03T12:00:00Z'),
        // Before the window: not counted.
        change('prod-db-primary-cpu', '2026-12-03T06:59:59Z'),
      ],
    });
    expect(digest?.subject).toBe('prod: 2 fired and cleared (daily warning digest)');
    expect(digest?.cleared).toEqual([
      { name: 'prod-api-latency-p95', runbook: `${RUNBOOKS}/api-latency-p95.md`, times: 3 },
      { name: 'prod-queue-depth', runbook: `${RUNBOOKS}/queue-depth.md`, times: 1 },
    ]);
    expect(digest?.message).toContain('Fired and OK again (2):\n- prod-api-latency-p95: fired 3 times, OK now');
    expect(digest?.message).toContain('- prod-queue-depth: fired 1 time, OK now');
    expect(digest?.message).not.toContain('prod-db-primary-cpu');
  });

  it("ignores critical alarms, other stages' alarms and alarms without a severity", () => {
    const digest = composeDigest({
      ...quietInput,
      alarms: [
        critical('prod-stage-unhealthy', 'ALARM'),
        { ...warning('staging-db-primary-cpu', 'ALARM'), name: 'staging-db-primary-cpu' },
        { name: 'prod-something-hand-made', description: 'no links', state: 'ALARM' },
      ],
      history: [change('prod-stage-unhealthy', '2026-12-04T01:00:00Z'), change('staging-db-primary-cpu', '2026-12-04T01:00:00Z')],
    });
    expect(digest).toBeUndefined();
  });

  it('says when the history was read only in part', () => {
    const digest = composeDigest({ ...quietInput, alarms: [warning('prod-db-primary-cpu', 'ALARM')], historyPartial: true });
    expect(digest?.message).toContain('read only in part');
  });

  it('truncates a long digest within the limit and counts what it left out', () => {
    const alarms = Array.from({ length: 200 }, (_, i) =>
      warning(`prod-alarm-${String(i).padStart(3, '0')}`, 'ALARM', '2026-12-04T01:00:00Z'),
    );
    const limit = 4_000;
    const digest = composeDigest({ ...quietInput, alarms }, limit);
    expect(Buffer.byteLength(digest!.message)).toBeLessThanOrEqual(limit);
    const shown = (digest!.message.match(/^- prod-alarm-/gm) ?? []).length;
    expect(shown).toBeGreaterThan(5);
    expect(digest!.message).toContain(`... and ${200 - shown} more not listed (SNS message limit)`);
    expect(digest!.firing).toHaveLength(200);
  });

  it('keeps the default limit at the SNS maximum', () => {
    const alarms = Array.from({ length: 3000 }, (_, i) => warning(`prod-alarm-${i}-${'x'.repeat(100)}`, 'ALARM'));
    expect(Buffer.byteLength(composeDigest({ ...quietInput, alarms })!.message)).toBeLessThanOrEqual(MESSAGE_LIMIT_BYTES);
  });
});

describe('parts', () => {
  it('a stage warning is named <stage>- and marked "Severity: warning."', () => {
    expect(isStageWarning(warning('prod-x', 'OK'), 'prod')).toBe(true);
    expect(isStageWarning(warning('prod-x', 'OK'), 'pro')).toBe(false);
    expect(isStageWarning(critical('prod-x', 'OK'), 'prod')).toBe(false);
    expect(isStageWarning({ name: 'prod-x' }, 'prod')).toBe(false);
  });

  it('reads the runbook and dashboard links of a routed description', () => {
    expect(runbookOf(description('warning', 'db-primary-cpu'))).toBe(`${RUNBOOKS}/db-primary-cpu.md`);
    expect(dashboardOf(description('warning', 'db-primary-cpu'))).toBe(DASHBOARD);
    expect(runbookOf('no links here')).toBeUndefined();
    expect(runbookOf(undefined)).toBeUndefined();
  });

  it('reads the new state from HistoryData, else from the summary', () => {
    const data = JSON.stringify({ version: '1.0', oldState: { stateValue: 'OK' }, newState: { stateValue: 'ALARM' } });
    expect(newStateOf(data, undefined)).toBe('ALARM');
    expect(newStateOf('not json', 'Alarm updated from ALARM to OK')).toBe('OK');
    expect(newStateOf(undefined, 'Alarm updated from OK to INSUFFICIENT_DATA')).toBe('INSUFFICIENT_DATA');
    expect(newStateOf(undefined, undefined)).toBeUndefined();
  });

  it('keeps subjects printable ASCII within 100 characters', () => {
    expect(subjectText('prod: é')).toBe('prod: ?');
    const long = subjectText(`prod: ${'x'.repeat(200)}`);
    expect(long).toHaveLength(SUBJECT_LIMIT);
    expect(long.endsWith('...')).toBe(true);
  });

  it('fitLines returns everything when it fits, else counts only the alarms it left out (not headings)', () => {
    expect(fitLines(['head'], ['a', 'b'], ['tail'], 100)).toBe('head\na\nb\ntail');
    const [a, b, c] = ['a', 'b', 'c'].map((letter) => `- ${letter.repeat(60)}`);
    const cut = fitLines(['head'], ['First (2):', a, b, '', 'Second (1):', c], [], 200);
    expect(cut).toBe(`head\nFirst (2):\n${a}\n... and 2 more not listed (SNS message limit); see the alarms in the console.`);
  });
});
