import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { METRICS_NAMESPACE } from '../../../lambda/shared/observability';

/**
 * A metric one of the platform's functions publishes through Powertools: namespace METRICS_NAMESPACE,
 * dimensions `service` (the function's folder under lambda/) and `Stage`, plus any of the metric's own.
 * Alarms take them without a label (a label turns the alarm into a metric-math alarm); widgets add one.
 */
export function functionMetric(
  metricName: string,
  service: string,
  stage: string,
  options: { statistic?: string; period?: Duration; label?: string; extraDimensions?: Record<string, string> } = {},
): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: METRICS_NAMESPACE,
    metricName,
    dimensionsMap: { service, Stage: stage, ...options.extraDimensions },
    statistic: options.statistic ?? 'Maximum',
    period: options.period ?? Duration.minutes(1),
    label: options.label,
  });
}
