import { buildDrillReport, drillReportKey, recoverySecondsOf } from '../../../../lambda/drill/report/core';
import type { DrillReportEvent } from '../../../../lambda/drill/report/contract';

// A drill's report at its edges: which number the recovery alarm reads, when the target is met,
// and what the report says about a drill that never got far.

const NOW = new Date('2026-11-17T10:30:00.000Z');
const recovered = { status: 'recovered' as const, recoveredAt: '2026-11-17T10:02:00.000Z', recoverySeconds: 120, faultObserved: true };
const timedOut = { status: 'timed-out' as const, elapsedSeconds: 900 };
const base: DrillReportEvent = {
  kind: 'database',
  outcome: 'recovered',
  targetRecoverySeconds: 120,
  executionArn: 'arn:exec',
  faultStartedAt: '2026-11-17T10:00:00.000Z',
  decision: recovered,
};

describe('the number the recovery alarm reads', () => {
  it.each<[string, Partial<DrillReportEvent>, number | undefined]>([
    ['recovered: the measured recovery', {}, 120],
    ['timed out: the time waited', { outcome: 'timed-out', decision: timedOut }, 900],
    ['an outcome its decision does not back: nothing', { outcome: 'recovered', decision: timedOut }, undefined],
    ['a timeout without a timed-out decision: nothing', { outcome: 'timed-out', decision: recovered }, undefined],
    ['failed: nothing', { outcome: 'failed', decision: null }, undefined],
  ])('%s', (_what, patch, seconds) => {
    expect(recoverySecondsOf({ ...base, ...patch })).toBe(seconds);
  });
});

describe('buildDrillReport', () => {
  it('meets the target at exactly the target, not a second over; a timeout never does', () => {
    expect(buildDrillReport(base, 'staging', NOW).metTarget).toBe(true);
    expect(buildDrillReport({ ...base, decision: { ...recovered, recoverySeconds: 121 } }, 'staging', NOW).metTarget).toBe(false);
    expect(
      buildDrillReport({ ...base, outcome: 'timed-out', decision: { status: 'timed-out', elapsedSeconds: 60 } }, 'staging', NOW).metTarget,
    ).toBe(false);
  });

  it('a recovered drill: the fault seen, when it recovered, the probe history', () => {
    const progress = { samples: 14, faultObservedAt: '2026-11-17T10:00:20.000Z', healthyStreak: 2, probes: {} as never };
    expect(buildDrillReport({ ...base, progress, experimentId: 'EXP1', experimentStatus: 'completed' }, 'staging', NOW)).toEqual({
      stage: 'staging',
      kind: 'database',
      outcome: 'recovered',
      startedAt: '2026-11-17T10:00:00.000Z',
      finishedAt: '2026-11-17T10:30:00.000Z',
      recoverySeconds: 120,
      targetRecoverySeconds: 120,
      metTarget: true,
      faultObserved: true,
      recoveredAt: '2026-11-17T10:02:00.000Z',
      samples: 14,
      probes: {},
      experimentId: 'EXP1',
      experimentStatus: 'completed',
      executionArn: 'arn:exec',
      error: undefined,
    });
  });

  it('a drill that failed before the fault: starts now, nothing observed, empty values left out, both errors told', () => {
    const report = buildDrillReport(
      {
        kind: 'cache',
        outcome: 'failed',
        targetRecoverySeconds: 120,
        faultStartedAt: '',
        experimentId: '',
        experimentStatus: '',
        decision: null,
        progress: null,
        error: { Error: 'StageNotReady', Cause: 'alarm not OK' },
        stopError: { Error: 'FIS.ValidationException' },
      },
      'prod',
      NOW,
    );
    expect(report).toMatchObject({
      startedAt: NOW.toISOString(),
      faultObserved: undefined,
      recoveredAt: undefined,
      experimentId: undefined,
      experimentStatus: undefined,
    });
    expect(report.error).toBe('StageNotReady: alarm not OK; stopping the experiment failed, check that it ended: FIS.ValidationException');
  });

  it('the fault counts as seen from the progress when the drill did not recover', () => {
    const progress = (faultObservedAt?: string) => ({ samples: 3, faultObservedAt, healthyStreak: 0, probes: {} as never });
    expect(
      buildDrillReport({ ...base, outcome: 'timed-out', decision: timedOut, progress: progress('2026-11-17T10:00:20.000Z') }, 'prod', NOW)
        .faultObserved,
    ).toBe(true);
    expect(
      buildDrillReport({ ...base, outcome: 'timed-out', decision: timedOut, progress: progress(undefined) }, 'prod', NOW).faultObserved,
    ).toBe(false);
  });

  it('cuts a long error to 2000 characters, and has none when nothing failed', () => {
    expect(buildDrillReport({ ...base, error: { Error: 'E', Cause: 'c'.repeat(5000) } }, 'prod', NOW).error).toHaveLength(2000);
    expect(buildDrillReport({ ...base, error: null, stopError: null }, 'prod', NOW).error).toBeUndefined();
  });
});

describe('drillReportKey', () => {
  it('numbers a second run of a kind on one day', () => {
    expect(drillReportKey('prod', '2026-11-17', 'cache')).toBe('reports/prod/drills/2026-11-17-cache.json');
    expect(drillReportKey('prod', '2026-11-17', 'cache', 1)).toBe('reports/prod/drills/2026-11-17-cache.json');
    expect(drillReportKey('prod', '2026-11-17', 'cache', 2)).toBe('reports/prod/drills/2026-11-17-cache-2.json');
  });
});
