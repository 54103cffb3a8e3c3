import type { RestoreSection } from '../../shared/restore-report';
import { callsMs, fixedBudget, type TimeBudget } from '../../shared/time-budget';

/**
 * Hourly: publishes how long ago each restore test last succeeded. CloudWatch alarms look back at
 * most seven days, so "no success for eight days" needs a metric that carries the age itself.
 */
export const ENV = {
  stage: 'STAGE',
  databaseStateMachineArn: 'DATABASE_STATE_MACHINE_ARN',
  cacheStateMachineArn: 'CACHE_STATE_MACHINE_ARN',
} as const;

/** The `service` dimension Powertools adds to this function's metrics; alarms must name it too. */
export const FRESHNESS_SERVICE = 'restore-test-freshness';

export const HOURS_SINCE_SUCCESS_METRICS: Record<RestoreSection, string> = {
  database: 'HoursSinceRestoreTestSucceeded',
  cache: 'HoursSinceCacheRestoreSucceeded',
};

export interface FreshnessReading {
  readonly kind: RestoreSection;
  readonly hours: number;
  /** What the age counts from: the last successful run, or the workflow's creation when none succeeded yet. */
  readonly since: 'last-success' | 'workflow-created';
  readonly at: string;
}

/** Per state machine (database, cache): its newest success, else its creation time. */
export const TIME_BUDGET: TimeBudget = fixedBudget(120, { lastSuccess: callsMs(2), createdAt: callsMs(2) });
