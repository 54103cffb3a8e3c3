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
  readonly action: 'deleted' | 'kept' | 'failed';
  readonly reason: string;
}

export interface SweepResult {
  readonly deleted: number;
  readonly failed: number;
  readonly decisions: readonly SweepDecision[];
}
