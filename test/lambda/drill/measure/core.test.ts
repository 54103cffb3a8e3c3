import type { MeasureSettings, ProbeHealth, RecoveryDecision } from '../../../../lambda/drill/measure/contract';
import { decide, recordSample, startProgress } from '../../../../lambda/drill/measure/core';

const FAULT_START = Date.parse('2026-03-10T10:00:00.000Z');
const SETTINGS: MeasureSettings = {
  faultStartedAt: new Date(FAULT_START).toISOString(),
  timeoutSeconds: 300,
  observeSeconds: 60,
  confirmSamples: 2,
};
const POLL_MS = 10_000;

const ALL_HEALTHY: ProbeHealth = { site: true, database: true, service: true, cache: true };
const DB_DOWN: ProbeHealth = { ...ALL_HEALTHY, database: false, site: false };
const TASKS_SHORT: ProbeHealth = { ...ALL_HEALTHY, service: false };

/**
 * Plays a drill as the workflow does: a poll every 10 s starting 1 s after the fault, each poll
 * folding one sample into the progress and deciding at the injected "now". Polls beyond the script
 * repeat its last sample.
 */
function play(script: readonly ProbeHealth[], settings = SETTINGS): { decision: RecoveryDecision; polls: number } {
  let progress = startProgress();
  for (let poll = 0; poll < 1000; poll++) {
    const at = FAULT_START + 1000 + poll * POLL_MS;
    progress = recordSample(progress, { at, health: script[Math.min(poll, script.length - 1)] }, FAULT_START);
    const decision = decide(progress, settings, at + 500);
    if (decision.status !== 'polling') return { decision, polls: poll + 1 };
  }
  throw new Error('never decided');
}

describe('recovery measurement', () => {
  test('recovers at once: nothing looks unhealthy, so after the observation time the stage counts as unaffected', () => {
    const { decision, polls } = play([ALL_HEALTHY]);
    expect(decision).toEqual({ status: 'recovered', recoveredAt: '2026-03-10T10:00:01.000Z', recoverySeconds: 1, faultObserved: false });
    // It waited out the observation time (60 s) before saying so.
    expect(polls).toBe(7);
  });

  test('recovers late: recovery time runs from the fault start to the first of the confirmed healthy samples', () => {
    const script = [ALL_HEALTHY, DB_DOWN, DB_DOWN, DB_DOWN, DB_DOWN, TASKS_SHORT, ALL_HEALTHY, ALL_HEALTHY];
    const { decision, polls } = play(script);
    expect(decision).toEqual({ status: 'recovered', recoveredAt: '2026-03-10T10:01:01.000Z', recoverySeconds: 61, faultObserved: true });
    expect(polls).toBe(8);
  });

  test('a single healthy sample between failures is not recovery', () => {
    const script = [DB_DOWN, ALL_HEALTHY, DB_DOWN, ALL_HEALTHY, ALL_HEALTHY];
    expect(play(script).decision).toMatchObject({ status: 'recovered', recoverySeconds: 31 });
  });

  test('never recovers before the timeout: times out with the time waited', () => {
    const { decision } = play([DB_DOWN]);
    expect(decision.status).toBe('timed-out');
    expect(decision.status === 'timed-out' && decision.elapsedSeconds).toBeGreaterThanOrEqual(SETTINGS.timeoutSeconds);
    expect(decision.status === 'timed-out' && decision.elapsedSeconds).toBeLessThan(SETTINGS.timeoutSeconds + POLL_MS / 1000);
  });

  test('recovery confirmed at the deadline still counts as recovered, not as a timeout', () => {
    const settings = { ...SETTINGS, timeoutSeconds: 21 };
    expect(play([DB_DOWN, ALL_HEALTHY, ALL_HEALTHY], settings).decision).toMatchObject({ status: 'recovered', recoverySeconds: 11 });
  });

  test('samples taken before the fault started are ignored', () => {
    const before = recordSample(startProgress(), { at: FAULT_START - 5000, health: ALL_HEALTHY }, FAULT_START);
    expect(before).toEqual(startProgress());
  });

  test('remembers per probe when it was first and last seen unhealthy', () => {
    let progress = startProgress();
    const script = [DB_DOWN, DB_DOWN, TASKS_SHORT, ALL_HEALTHY];
    for (const [i, health] of script.entries()) {
      progress = recordSample(progress, { at: FAULT_START + i * POLL_MS, health }, FAULT_START);
    }
    expect(progress.probes.database).toEqual({
      unhealthySamples: 2,
      firstUnhealthyAt: '2026-03-10T10:00:00.000Z',
      lastUnhealthyAt: '2026-03-10T10:00:10.000Z',
    });
    expect(progress.probes.service).toEqual({
      unhealthySamples: 1,
      firstUnhealthyAt: '2026-03-10T10:00:20.000Z',
      lastUnhealthyAt: '2026-03-10T10:00:20.000Z',
    });
    expect(progress.probes.cache).toEqual({ unhealthySamples: 0 });
    expect(progress).toMatchObject({
      samples: 4,
      faultObservedAt: '2026-03-10T10:00:00.000Z',
      healthySince: '2026-03-10T10:00:30.000Z',
      healthyStreak: 1,
    });
  });
});

describe('recovery measurement at its limits (timeout 300 s, observe 60 s, confirm 2 samples)', () => {
  const healthyRun = (streak: number, faultObservedAt?: string) => ({
    ...startProgress(),
    samples: streak + 1,
    healthyStreak: streak,
    healthySince: '2026-03-10T10:00:20.000Z',
    faultObservedAt,
  });
  const sick = { ...startProgress(), samples: 3, faultObservedAt: '2026-03-10T10:00:01.000Z' };
  const atSecond = (s: number) => FAULT_START + s * 1000;

  test('a millisecond before the timeout it polls on; exactly at the timeout it times out', () => {
    expect(decide(sick, SETTINGS, atSecond(300) - 1)).toEqual({ status: 'polling' });
    expect(decide(sick, SETTINGS, atSecond(300))).toEqual({ status: 'timed-out', elapsedSeconds: 300 });
  });

  test('with no fault seen, a confirmed healthy run counts as recovered exactly at the observation time, not a millisecond before', () => {
    expect(decide(healthyRun(2), SETTINGS, atSecond(60) - 1)).toEqual({ status: 'polling' });
    expect(decide(healthyRun(2), SETTINGS, atSecond(60))).toEqual({
      status: 'recovered',
      recoveredAt: '2026-03-10T10:00:20.000Z',
      recoverySeconds: 20,
      faultObserved: false,
    });
  });

  test('after a fault, one healthy sample short of confirmSamples polls on; exactly confirmSamples is recovery', () => {
    expect(decide(healthyRun(1, '2026-03-10T10:00:01.000Z'), SETTINGS, atSecond(30))).toEqual({ status: 'polling' });
    expect(decide(healthyRun(2, '2026-03-10T10:00:01.000Z'), SETTINGS, atSecond(30))).toEqual({
      status: 'recovered',
      recoveredAt: '2026-03-10T10:00:20.000Z',
      recoverySeconds: 20,
      faultObserved: true,
    });
  });

  test('a sample taken exactly at the fault start counts; one a millisecond earlier does not', () => {
    expect(recordSample(startProgress(), { at: FAULT_START, health: DB_DOWN }, FAULT_START)).toMatchObject({
      samples: 1,
      faultObservedAt: '2026-03-10T10:00:00.000Z',
    });
    expect(recordSample(startProgress(), { at: FAULT_START - 1, health: DB_DOWN }, FAULT_START)).toEqual(startProgress());
  });
});
