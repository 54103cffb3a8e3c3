import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { DR_METRICS, DR_REPORT_SERVICE, DR_SWEEPER_SERVICE } from '../../../lambda/restore-test/dr/contract';
import { functionMetric } from '../common/function-metric';

/**
 * The DR restore test's metrics, as its report and sweeper publish them into the stage's own
 * region (PutMetricData: namespace StagePlatform, dimensions service and Stage). One run a month
 * publishes one value, so a one-hour period keeps each run its own point.
 */
export class DrRestoreTestMetrics {
  constructor(private readonly stage: string) {}

  /** 1 when the run passed, 0 when it failed. */
  succeeded(): cloudwatch.Metric {
    return this.metric(DR_METRICS.succeeded, DR_REPORT_SERVICE, 'Minimum', Duration.hours(1));
  }

  /** Start to verified copy in the DR region (the RTO of a region loss, for the database); passing runs only. */
  durationSeconds(): cloudwatch.Metric {
    return this.metric(DR_METRICS.durationSeconds, DR_REPORT_SERVICE, 'Maximum', Duration.hours(1));
  }

  /** Test start minus the newest data in the restored off-site copy (the RPO of a region loss). */
  dataAgeSeconds(): cloudwatch.Metric {
    return this.metric(DR_METRICS.dataAgeSeconds, DR_REPORT_SERVICE, 'Maximum', Duration.hours(1));
  }

  /** Published hourly by the DR sweeper; three hours per point, so one late invocation leaves no gap. */
  hoursSinceSuccess(): cloudwatch.Metric {
    return this.metric(DR_METRICS.hoursSinceSuccess, DR_SWEEPER_SERVICE, 'Maximum', Duration.hours(3));
  }

  /** Copies the DR sweeper deleted: above zero, a run's cleanup failed. */
  leftoversDeleted(): cloudwatch.Metric {
    return this.metric(DR_METRICS.leftoversDeleted, DR_SWEEPER_SERVICE, 'Sum', Duration.hours(1));
  }

  private metric(metricName: string, service: string, statistic: string, period: Duration): cloudwatch.Metric {
    return functionMetric(metricName, service, this.stage, { statistic, period });
  }
}
