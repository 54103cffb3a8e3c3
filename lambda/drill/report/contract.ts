import type { DrillKind, ProbeHistory, ProbeName, RecoveryDecision, RecoveryProgress } from '../measure/contract';
import { callsMs, fixedBudget, type TimeBudget } from '../../shared/time-budget';

/** Environment the drills construct sets on the drill-report function. */
export const ENV = {
  /** Bucket the reports go to (the stage's backup bucket). */
  BUCKET: 'REPORTS_BUCKET',
} as const;

/** Metric the recovery alarm reads: namespace METRICS_NAMESPACE, dimensions service=drill-report, Stage, DrillKind. */
export const METRIC = { RECOVERY_SECONDS: 'FailoverRecoverySeconds' } as const;
export const DRILL_KIND_DIMENSION = 'DrillKind';

export type DrillOutcome = 'recovered' | 'timed-out' | 'failed';

/** What the workflow knows when a drill ends, successfully or not; what it never reached is '' or null. */
export interface DrillReportEvent {
  readonly kind: DrillKind | string;
  readonly outcome: DrillOutcome;
  readonly targetRecoverySeconds: number;
  readonly executionArn?: string;
  /** Absent when the drill failed before injecting the fault. */
  readonly faultStartedAt?: string;
  /** FIS experiment id; absent for the cache drill (an ElastiCache API call). */
  readonly experimentId?: string;
  /** FIS experiment status when the drill ended, e.g. `completed`. */
  readonly experimentStatus?: string;
  readonly decision?: RecoveryDecision | null;
  readonly progress?: RecoveryProgress | null;
  /** The Step Functions error that ended the drill. */
  readonly error?: StepError | null;
  /** Why stopping the experiment failed, if it did: the fault may still be running. */
  readonly stopError?: StepError | null;
}

export interface StepError {
  readonly Error?: string;
  readonly Cause?: string;
}

/** The JSON written to `reports/<stage>/drills/<date>-<kind>.json`. */
export interface DrillReport {
  readonly stage: string;
  readonly kind: string;
  readonly outcome: DrillOutcome;
  readonly startedAt: string;
  readonly finishedAt: string;
  /** Fault start to the first moment every probe was healthy again; a lower bound when timed out. */
  readonly recoverySeconds?: number;
  readonly targetRecoverySeconds: number;
  readonly metTarget: boolean;
  /** False when no probe ever looked unhealthy during the drill. */
  readonly faultObserved?: boolean;
  readonly recoveredAt?: string;
  readonly samples?: number;
  /** Per probe: how often and when it was seen unhealthy, to show which part recovered last. */
  readonly probes?: Readonly<Record<ProbeName, ProbeHistory>>;
  readonly experimentId?: string;
  readonly experimentStatus?: string;
  readonly executionArn?: string;
  readonly error?: string;
}

export interface DrillReportResult {
  readonly key: string;
  readonly outcome: DrillOutcome;
  readonly recoverySeconds?: number;
  readonly metTarget: boolean;
}

/** Numbered keys tried for one day's report of a kind before giving up (each a conditional put). */
export const REPORT_KEY_ATTEMPTS = 10;

export const TIME_BUDGET: TimeBudget = fixedBudget(300, { storeReport: callsMs(REPORT_KEY_ATTEMPTS) });
