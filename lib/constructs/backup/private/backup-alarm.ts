import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE } from '../../../../lambda/shared/observability';
import { notifyOnAlarmAndOk } from '../../common/stage-alarm';

/** The metric every backup function publishes: 1 for a good run, 0 for a failed one. */
export const BACKUP_SUCCEEDED_METRIC = 'BackupSucceeded';

/** `BackupSucceeded` of one function: the day's lowest value, so one failed run marks the day. */
export function backupSucceededMetric(stage: string, service: string): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: METRICS_NAMESPACE,
    metricName: BACKUP_SUCCEEDED_METRIC,
    // Powertools adds `service` beside the default Stage dimension.
    dimensionsMap: { Stage: stage, service },
    statistic: cloudwatch.Stats.MINIMUM,
    period: Duration.days(1),
  });
}

export interface BackupAlarmProps {
  readonly stage: string;
  /** Powertools service name of the function (the `service` dimension). */
  readonly service: string;
  /** What failed, in words, for the alarm description. */
  readonly what: string;
  readonly topic: sns.ITopic;
}

/**
 * Fires when a day has a failed run, or no run at all: a missing datapoint counts as failing,
 * because a deleted or disabled schedule must not look like a quiet success.
 */
export function backupSucceededAlarm(scope: Construct, id: string, props: BackupAlarmProps): cloudwatch.Alarm {
  const alarm = new cloudwatch.Alarm(scope, id, {
    alarmDescription: `${props.what} failed or did not run in the last day (${BACKUP_SUCCEEDED_METRIC} < 1, service ${props.service}). See the function's log group for the reason; docs/backups-and-recovery.md says how to rerun it.`,
    metric: backupSucceededMetric(props.stage, props.service),
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    treatMissingData: cloudwatch.TreatMissingData.BREACHING,
  });
  notifyOnAlarmAndOk(alarm, props.topic);
  return alarm;
}
