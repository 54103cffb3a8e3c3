import { startProgress } from '../../../../lambda/drill/measure/core';
import type { DrillReportEvent } from '../../../../lambda/drill/report/contract';
import { buildDrillReport, drillReportKey, recoverySecondsOf } from '../../../../lambda/drill/report/core';

const NOW = new Date('2026-03-10T10:05:00.000Z');
const RECOVERED: DrillReportEvent = {
  kind: 'database',
  outcome: 'recovered',
  targetRecoverySeconds: 120,
  faultStartedAt: '2026-03-10T10:00:00.000Z',
  experimentId: 'EXP123',
  experimentStatus: 'completed',
  decision: { status: 'recovered', recoveredAt: '2026-03-10T10:01:35.000Z', recoverySeconds: 95, faultObserved: true },
  progress: { ...startProgress(), samples: 12, faultObservedAt: '2026-03-10T10:00:11.000Z' },
};

describe('drill report', () => {
  test('key follows reports/<stage>/drills/<date>-<kind>.json, numbered for a second run that day', () => {
    expect(drillReportKey('staging', '2026-03-10', 'cache')).toBe('reports/staging/drills/2026-03-10-cache.json');
    expect(drillReportKey('staging', '2026-03-10', 'cache', 2)).toBe('reports/staging/drills/2026-03-10-cache-2.json');
  });

  test('a recovered drill reports its recovery time and whether it met the target', () => {
    const report = buildDrillReport(RECOVERED, 'staging', NOW);
    expect(report).toMatchObject({
      stage: 'staging',
      kind: 'database',
      outcome: 'recovered',
      startedAt: '2026-03-10T10:00:00.000Z',
      finishedAt: '2026-03-10T10:05:00.000Z',
      recoverySeconds: 95,
      metTarget: true,
      faultObserved: true,
      samples: 12,
      experimentId: 'EXP123',
    });
    expect(buildDrillReport({ ...RECOVERED, targetRecoverySeconds: 60 }, 'staging', NOW).metTarget).toBe(false);
  });

  test('a drill that recovered in exactly the target time met it; one a second slower missed it', () => {
    const recoveredIn = (seconds: number) =>
      buildDrillReport(
        {
          ...RECOVERED,
          decision: { status: 'recovered', recoveredAt: '2026-03-10T10:02:00.000Z', recoverySeconds: seconds, faultObserved: true },
        },
        'staging',
        NOW,
      );
    expect(recoveredIn(120)).toMatchObject({ recoverySeconds: 120, targetRecoverySeconds: 120, metTarget: true });
    expect(recoveredIn(121)).toMatchObject({ recoverySeconds: 121, targetRecoverySeconds: 120, metTarget: false });
  });

  test('a timed-out drill reports the time waited as a lower bound and misses the target', () => {
    const event: DrillReportEvent = { ...RECOVERED, outcome: 'timed-out', decision: { status: 'timed-out', elapsedSeconds: 900.4 } };
    expect(recoverySecondsOf(event)).toBe(900.4);
    expect(buildDrillReport(event, 'staging', NOW)).toMatchObject({ outcome: 'timed-out', recoverySeconds: 900.4, metTarget: false });
  });

  test('a drill that failed before the fault has no recovery time and keeps the error, shortened', () => {
    const event: DrillReportEvent = {
      kind: 'tasks',
      outcome: 'failed',
      targetRecoverySeconds: 120,
      error: { Error: 'StageUnhealthy', Cause: 'x'.repeat(5000) },
    };
    const report = buildDrillReport(event, 'prod', NOW);
    expect(report).toMatchObject({ outcome: 'failed', startedAt: NOW.toISOString(), metTarget: false });
    expect(report.recoverySeconds).toBeUndefined();
    expect(report.error).toMatch(/^StageUnhealthy: x+$/);
    expect(report.error!.length).toBe(2000);
  });
});

test('a failed stop of the experiment is called out, since the fault may still be running', () => {
  const event: DrillReportEvent = {
    kind: 'database',
    outcome: 'failed',
    targetRecoverySeconds: 120,
    faultStartedAt: '',
    experimentId: 'EXP1',
    error: { Error: 'States.TaskFailed', Cause: 'probe broke' },
    stopError: { Error: 'Fis.AccessDeniedException' },
  };
  const report = buildDrillReport(event, 'staging', NOW);
  expect(report.error).toBe(
    'States.TaskFailed: probe broke; stopping the experiment failed, check that it ended: Fis.AccessDeniedException',
  );
  expect(report.startedAt).toBe(NOW.toISOString());
});
