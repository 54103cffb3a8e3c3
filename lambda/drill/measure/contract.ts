import { fixedBudget, type TimeBudget } from '../../shared/time-budget';

/** The failover drills this platform runs; also the `DrillKind` metric dimension. */
export const DRILL_KINDS = ['database', 'cache', 'tasks'] as const;
export type DrillKind = (typeof DRILL_KINDS)[number];

/** What the workflow polls after the fault starts; recovery means all of them healthy at once. */
export const PROBE_NAMES = ['site', 'database', 'service', 'cache'] as const;
export type ProbeName = (typeof PROBE_NAMES)[number];
export type ProbeHealth = Readonly<Record<ProbeName, boolean>>;

/** The probes' raw answers as the workflow's parallel step collects them. */
export interface RawProbes {
  /** health-probe result (the public health URL). */
  readonly site: { readonly healthy: boolean };
  /** drill-db-probe result (a write and read on the primary). */
  readonly database: { readonly healthy: boolean };
  /** ECS DescribeServices of the API service, reduced to its counts. */
  readonly service: { readonly running?: number; readonly desired?: number };
  /** ElastiCache DescribeReplicationGroups, reduced to the group's status. */
  readonly cache: { readonly status?: string };
}

export interface ProbeHistory {
  readonly unhealthySamples: number;
  readonly firstUnhealthyAt?: string;
  readonly lastUnhealthyAt?: string;
}

/**
 * Everything the measurement needs to remember between polls, kept small so it can travel in the
 * workflow's state for a whole drill (one entry per probe, not one per sample).
 */
export interface RecoveryProgress {
  readonly samples: number;
  /** First sample after the fault started in which any probe was unhealthy. */
  readonly faultObservedAt?: string;
  /** Start of the current run of all-healthy samples, if the latest sample was all healthy. */
  readonly healthySince?: string;
  /** Length of that run. */
  readonly healthyStreak: number;
  readonly probes: Readonly<Record<ProbeName, ProbeHistory>>;
}

export type RecoveryDecision =
  | { readonly status: 'polling' }
  | {
      readonly status: 'recovered';
      readonly recoveredAt: string;
      readonly recoverySeconds: number;
      /** False when no probe ever looked unhealthy: the stage rode through the fault. */
      readonly faultObserved: boolean;
    }
  | { readonly status: 'timed-out'; readonly elapsedSeconds: number };

export interface MeasureSettings {
  /** When the fault was injected (the experiment or API call started), ISO-8601. */
  readonly faultStartedAt: string;
  /** Give up this long after the fault started. */
  readonly timeoutSeconds: number;
  /** With no unhealthy sample seen, keep watching this long before calling the stage unaffected. */
  readonly observeSeconds: number;
  /** All-healthy samples in a row needed before recovery counts (guards against flapping). */
  readonly confirmSamples: number;
}

/** Input of the drill-measure function: one poll's probe answers plus what earlier polls learned. */
export interface MeasureEvent extends MeasureSettings {
  /** When the probes of this poll started, ISO-8601. @default the function's clock */
  readonly sampledAt?: string;
  /** Omitted on the first poll. */
  readonly progress?: RecoveryProgress;
  readonly probes: RawProbes;
}

export interface MeasureResult {
  readonly decision: RecoveryDecision;
  readonly progress: RecoveryProgress;
  readonly health: ProbeHealth;
}

/** Pure: folds the probes' answers into the progress; no call leaves the function. */
export const TIME_BUDGET: TimeBudget = fixedBudget(60, { decide: 1_000 });
