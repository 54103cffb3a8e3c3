import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { createOperationsAlarm } from '../../common/stage-alarm';
import { functionMetric } from '../../common/function-metric';
import { AlertTarget } from '../../common/alarm-routing';

/** The metric every backup function publishes: 1 for a good run, 0 for a failed one. */
export const BACKUP_SUCCEEDED_METRIC = 'BackupSucceeded';

/** `BackupSucceeded` of one function: the day's lowest value, so one failed run marks the day. */
export function backupSucceededMetric(stage: string, service: string): cloudwatch.Metric {
  return functionMetric(BACKUP_SUCCEEDED_METRIC, service, stage, { statistic: cloudwatch.Stats.MINIMUM, period: Duration.days(1) });
}

export interface BackupAlarmProps {
  readonly stage: string;
  /** Powertools service name of the function (the `service` dimension). */
  readonly service: string;
  /** What failed, in words, for the alarm description. */
  readonly what: string;
  readonly topic: AlertTarget;
  /** The job's log groups, for the description's Logs Insights link. @default none selected */
  readonly logGroups?: readonly logs.ILogGroup[];
}

/**
 * Fires when a day has a failed run, or no run at all: a missing datapoint counts as failing,
 * because a deleted or disabled schedule must not look like a quiet success.
 */
export function backupSucceededAlarm(scope: Construct, id: string, props: BackupAlarmProps): cloudwatch.Alarm {
  return createOperationsAlarm(scope, id, {
    stage: props.stage,
    kind: 'backupFailed',
    subject: props.service,
    condition: `${props.what} reports ${BACKUP_SUCCEEDED_METRIC} below 1 (or nothing) over a day`,
    topic: props.topic,
    logGroups: props.logGroups,
    windowSeconds: 86_400,
    metric: backupSucceededMetric(props.stage, props.service),
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    treatMissingData: cloudwatch.TreatMissingData.BREACHING,
  });
}
