import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { DrillKind } from '../../../../lambda/drill/measure/contract';
import { DRILL_KIND_DIMENSION, METRIC as REPORT_METRIC } from '../../../../lambda/drill/report/contract';
import { METRIC as PROBE_METRIC } from '../../../../lambda/health-probe/contract';
import { functionMetric } from '../../common/function-metric';

export function syntheticAvailabilityMetric(stage: string, period: Duration): cloudwatch.Metric {
  return functionMetric(PROBE_METRIC.AVAILABILITY, 'health-probe', stage, { statistic: 'Average', period });
}

export function syntheticLatencyMetric(stage: string, period: Duration): cloudwatch.Metric {
  return functionMetric(PROBE_METRIC.LATENCY, 'health-probe', stage, { statistic: 'p90', period });
}

/** One value per drill run; an hour period keeps each run its own data point. */
export function recoverySecondsMetric(stage: string, kind: DrillKind): cloudwatch.Metric {
  return functionMetric(REPORT_METRIC.RECOVERY_SECONDS, 'drill-report', stage, {
    period: Duration.hours(1),
    extraDimensions: { [DRILL_KIND_DIMENSION]: kind },
  });
}

/**
 * A restore-test metric (`RestoreDurationSeconds`, `RestoredDataAgeSeconds`,
 * `CacheRestoreDurationSeconds`, `CacheRestoredDataAgeSeconds`) for the dashboard's recovery row;
 * `service` is the restore test's function folder.
 */
export function restoreTestMetric(metricName: string, service: string, stage: string, label?: string): cloudwatch.Metric {
  return functionMetric(metricName, service, stage, { period: Duration.hours(1), label: label ?? metricName });
}
