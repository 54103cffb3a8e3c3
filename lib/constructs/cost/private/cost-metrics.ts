import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { COST_METRICS, COST_REPORT_SERVICE } from '../../../../lambda/cost-report/contract';
import { METRICS_NAMESPACE } from '../../../../lambda/shared/observability';

/**
 * A cost metric the report function emits once per run, in USD. Daily maximum, because the
 * daily, weekly and monthly runs all publish the same month-to-date figure.
 */
export function costMetric(stage: string, name: keyof typeof COST_METRICS, label: string): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: METRICS_NAMESPACE,
    metricName: COST_METRICS[name],
    // Powertools adds `service` beside the default Stage dimension.
    dimensionsMap: { Stage: stage, service: COST_REPORT_SERVICE },
    statistic: cloudwatch.Stats.MAXIMUM,
    period: Duration.days(1),
    label,
  });
}
