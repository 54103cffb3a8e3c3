import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { COST_METRICS, COST_REPORT_SERVICE } from '../../../../lambda/cost-report/contract';
import { functionMetric } from '../../common/function-metric';

/**
 * A cost metric the report function emits once per run, in USD. Daily maximum, because the
 * daily, weekly and monthly runs all publish the same month-to-date figure.
 */
export function costMetric(stage: string, name: keyof typeof COST_METRICS, label: string): cloudwatch.Metric {
  return functionMetric(COST_METRICS[name], COST_REPORT_SERVICE, stage, {
    statistic: cloudwatch.Stats.MAXIMUM,
    period: Duration.days(1),
    label,
  });
}
