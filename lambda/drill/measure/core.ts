import type { MeasureSettings, ProbeHealth, ProbeHistory, RecoveryDecision, RecoveryProgress } from './contract';
import { PROBE_NAMES } from './contract';

export interface ProbeSample {
  /** When the probes ran, ms since the epoch. */
  readonly at: number;
  readonly health: ProbeHealth;
}

export function startProgress(): RecoveryProgress {
  const none: ProbeHistory = { unhealthySamples: 0 };
  return { samples: 0, healthyStreak: 0, probes: { site: none, database: none, service: none, cache: none } };
}

/** Folds one poll into the progress. Samples taken before the fault started say nothing about recovery. */
export function recordSample(progress: RecoveryProgress, sample: ProbeSample, faultStartedAt: number): RecoveryProgress {
  if (sample.at < faultStartedAt) return progress;
  const at = new Date(sample.at).toISOString();
  const sick = PROBE_NAMES.filter((name) => !sample.health[name]);
  const probes = { ...progress.probes };
  for (const name of sick) {
    const before = probes[name];
    probes[name] = { unhealthySamples: before.unhealthySamples + 1, firstUnhealthyAt: before.firstUnhealthyAt ?? at, lastUnhealthyAt: at };
  }
  const healthy = sick.length === 0;
  return {
    samples: progress.samples + 1,
    faultObservedAt: progress.faultObservedAt ?? (healthy ? undefined : at),
    healthySince: healthy ? (progress.healthySince ?? at) : undefined,
    healthyStreak: healthy ? progress.healthyStreak + 1 : 0,
    probes,
  };
}

/**
 * Recovered: the current all-healthy run is confirmed and either followed a fault we saw, or no
 * fault showed at all during the observation time. Recovery time runs from the fault's start to the
 * first sample of that run. Otherwise keep polling until the deadline.
 */
export function decide(progress: RecoveryProgress, settings: MeasureSettings, now: number): RecoveryDecision {
  const faultStart = Date.parse(settings.faultStartedAt);
  const elapsedSeconds = (now - faultStart) / 1000;
  const faultObserved = progress.faultObservedAt !== undefined;
  const confirmed = progress.healthySince !== undefined && progress.healthyStreak >= settings.confirmSamples;
  if (confirmed && (faultObserved || elapsedSeconds >= settings.observeSeconds)) {
    const recoveredAt = progress.healthySince!;
    return { status: 'recovered', recoveredAt, recoverySeconds: (Date.parse(recoveredAt) - faultStart) / 1000, faultObserved };
  }
  if (elapsedSeconds >= settings.timeoutSeconds) return { status: 'timed-out', elapsedSeconds };
  return { status: 'polling' };
}
