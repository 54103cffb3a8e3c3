import { deadlineBudget, type TimeBudget } from '../../shared/time-budget';

/** Hourly: deletes restore-test copies of this stage that outlived any run, i.e. whatever a failed cleanup left behind. */
export const ENV = {
  stage: 'STAGE',
  /** Copies older than this many hours are deleted. */
  maxAgeHours: 'MAX_AGE_HOURS',
} as const;

/** The `service` dimension Powertools adds to this function's metrics; alarms must name it too. */
export const SWEEPER_SERVICE = 'restore-test-sweeper';

/** Copies deleted by one sweep: above zero means some run's cleanup failed. */
export const LEFTOVERS_METRIC = 'RestoreTestLeftoversDeleted';

export interface SweepDecision {
  readonly kind: 'database' | 'cache';
  readonly id: string;
  /** `deferred`: not listed or not deleted because the sweep reached its deadline; the next sweep looks again. */
  readonly action: 'deleted' | 'kept' | 'failed' | 'deferred';
  readonly reason: string;
}

export interface SweepResult {
  readonly deleted: number;
  readonly failed: number;
  /** Leftovers (or whole kinds) the deadline left for the next sweep. */
  readonly deferred: number;
  readonly decisions: readonly SweepDecision[];
}

/**
 * Lists, reads tags and deletes until the Lambda's remaining time less the margin; leftovers not
 * reached are reported and left for the next hourly sweep. A delete already requested finishes on
 * its own (RDS and ElastiCache delete asynchronously).
 */
export const TIME_BUDGET: TimeBudget = deadlineBudget(300, 'sweep', { report: 2_000 });
