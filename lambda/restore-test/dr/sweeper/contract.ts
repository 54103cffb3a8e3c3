import { callsMs, deadlineBudget, type TimeBudget } from '../../../shared/time-budget';
import type { SweepResult } from '../../sweeper/contract';

/**
 * Hourly, in the DR region: deletes DR restore copies of this stage that outlived any run (named
 * `<stage>-restore-test-*` and tagged Purpose=restore-test, Stage=<stage>), and publishes into the
 * stage's own region how many it deleted and how many hours ago the DR restore test last succeeded
 * (an alarm cannot look back a month, so the age itself is the metric).
 */
export const ENV = {
  stage: 'STAGE',
  maxAgeHours: 'MAX_AGE_HOURS',
  primaryRegion: 'PRIMARY_REGION',
  stateMachineArn: 'STATE_MACHINE_ARN',
} as const;

export interface DrSweepResult extends SweepResult {
  readonly hoursSinceSuccess: number;
  /** What the age counts from: the last successful run, or the workflow's creation when none succeeded yet. */
  readonly since: 'last-success' | 'workflow-created';
}

/** Reads the freshness (last success, else the workflow's creation), lists and deletes until the deadline (the rest is left for the next sweep), then publishes. */
export const TIME_BUDGET: TimeBudget = deadlineBudget(300, 'sweep', { publish: callsMs(1) }, { freshness: callsMs(2) });
