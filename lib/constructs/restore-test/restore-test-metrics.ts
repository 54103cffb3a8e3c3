import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { FRESHNESS_SERVICE, HOURS_SINCE_SUCCESS_METRICS } from '../../../lambda/restore-test/freshness/contract';
import { REPORT_SERVICE, RESTORE_METRICS } from '../../../lambda/restore-test/report/contract';
import { LEFTOVERS_METRIC, SWEEPER_SERVICE } from '../../../lambda/restore-test/sweeper/contract';
import { functionMetric } from '../common/function-metric';
import type { RestoreSection } from '../../../lambda/shared/restore-report';

/**
 * The metrics the restore-test functions publish through Powertools (dimensions `service`, the
 * function's folder, and `Stage`). One run publishes one value, so an hour period keeps each run its own point.
 */
export class RestoreTestMetrics {
  constructor(private readonly stage: string) {}

  /** 1 when the run passed, 0 when it failed. */
  succeeded(kind: RestoreSection): cloudwatch.Metric {
    return this.metric(RESTORE_METRICS[kind].succeeded, REPORT_SERVICE, 'Minimum', Duration.hours(1));
  }

  /** Start to verified copy (the RTO); published for passing runs only. */
  durationSeconds(kind: RestoreSection): cloudwatch.Metric {
    return this.metric(RESTORE_METRICS[kind].durationSeconds, REPORT_SERVICE, 'Maximum', Duration.hours(1));
  }

  /** Test start minus the newest data in the copy (the RPO). */
  dataAgeSeconds(kind: RestoreSection): cloudwatch.Metric {
    return this.metric(RESTORE_METRICS[kind].dataAgeSeconds, REPORT_SERVICE, 'Maximum', Duration.hours(1));
  }

  /** Published hourly; three hours per point, so one late invocation leaves no gap. */
  hoursSinceSuccess(kind: RestoreSection): cloudwatch.Metric {
    return this.metric(HOURS_SINCE_SUCCESS_METRICS[kind], FRESHNESS_SERVICE, 'Maximum', Duration.hours(3));
  }

  /** Copies the hourly sweeper deleted: above zero, some run's cleanup failed. */
  leftoversDeleted(): cloudwatch.Metric {
    return this.metric(LEFTOVERS_METRIC, SWEEPER_SERVICE, 'Sum', Duration.hours(1));
  }

  private metric(metricName: string, service: string, statistic: string, period: Duration): cloudwatch.Metric {
    return functionMetric(metricName, service, this.stage, { statistic, period });
  }
}
