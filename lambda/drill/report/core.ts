import type { DrillReport, DrillReportEvent, StepError } from './contract';

const MAX_ERROR_CHARS = 2000;

/** `reports/<stage>/drills/<date>-<kind>.json`; a second run of a kind on one day gets `-2`, `-3`, ... */
export function drillReportKey(stage: string, date: string, kind: string, attempt = 1): string {
  return `reports/${stage}/drills/${date}-${kind}${attempt > 1 ? `-${attempt}` : ''}.json`;
}

/** The number the recovery alarm reads: measured recovery, or the time waited before giving up. */
export function recoverySecondsOf(event: DrillReportEvent): number | undefined {
  const decision = event.decision;
  if (event.outcome === 'recovered' && decision?.status === 'recovered') return decision.recoverySeconds;
  if (event.outcome === 'timed-out' && decision?.status === 'timed-out') return decision.elapsedSeconds;
  return undefined;
}

/** The workflow passes '' or null for what a drill never reached (no experiment, no fault start). */
export function buildDrillReport(event: DrillReportEvent, stage: string, now: Date): DrillReport {
  const recoverySeconds = recoverySecondsOf(event);
  const recovered = event.decision?.status === 'recovered' ? event.decision : undefined;
  const stopFailed = event.stopError ? `stopping the experiment failed, check that it ended: ${describe(event.stopError)}` : undefined;
  const error =
    [event.error ? describe(event.error) : undefined, stopFailed].filter(Boolean).join('; ').slice(0, MAX_ERROR_CHARS) || undefined;
  return {
    stage,
    kind: event.kind,
    outcome: event.outcome,
    startedAt: event.faultStartedAt || now.toISOString(),
    finishedAt: now.toISOString(),
    recoverySeconds,
    targetRecoverySeconds: event.targetRecoverySeconds,
    metTarget: event.outcome === 'recovered' && recoverySeconds !== undefined && recoverySeconds <= event.targetRecoverySeconds,
    faultObserved: recovered ? recovered.faultObserved : event.progress ? event.progress.faultObservedAt !== undefined : undefined,
    recoveredAt: recovered?.recoveredAt,
    samples: event.progress?.samples,
    probes: event.progress?.probes,
    experimentId: event.experimentId || undefined,
    experimentStatus: event.experimentStatus || undefined,
    executionArn: event.executionArn,
    error,
  };
}

function describe(error: StepError): string {
  return [error.Error, error.Cause].filter(Boolean).join(': ');
}
