import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cw_actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { DrRestoreTestConfig } from '../../config/restore-test';
import { DrRestoreTestMetrics } from './dr-restore-test-metrics';

/** A passing DR restore at least this often: the monthly schedule plus a few days' slack (a month has up to 31 days). */
export const DR_MAX_HOURS_WITHOUT_SUCCESS = 35 * 24;

/** How an alarm should page, for the lead's routing: a failed DR restore in prod means the off-site copy may not restore. */
export type DrAlarmSeverity = DrRestoreTestConfig['failureSeverity'];

export interface DrRestoreTestAlarm {
  readonly id: string;
  readonly alarm: cloudwatch.Alarm;
  readonly severity: DrAlarmSeverity;
}

export interface DrRestoreTestAlarmsProps {
  readonly stage: string;
  readonly config: DrRestoreTestConfig;
  readonly metrics: DrRestoreTestMetrics;
  readonly alarmTopic: sns.ITopic;
}

/**
 * The DR restore test's alarms, in the stage's own region, each to the stage topic on ALARM and OK:
 * the last run failed, was slower than the RTO target, restored data older than the RPO target;
 * no run passed for 35 days (on a monthly schedule a missing datapoint is the normal case, so that
 * one reads the age the sweeper publishes hourly, and a silent sweeper breaches); the sweeper
 * deleted leftovers. Like the weekly tests' alarms, the per-run ones ignore missing data: they keep
 * what the last run found until the next run.
 */
export class DrRestoreTestAlarms extends Construct {
  readonly alarms: DrRestoreTestAlarm[] = [];

  constructor(scope: Construct, id: string, props: DrRestoreTestAlarmsProps) {
    super(scope, id);
    const { stage, config, metrics } = props;
    const failedSeverity = config.failureSeverity;
    if (config.enabled) {
      this.add('DrRestoreNotTestedLately', failedSeverity, {
        alarmDescription: `${stage}: no DR restore test has passed for ${DR_MAX_HOURS_WITHOUT_SUCCESS / 24} days (or the DR sweeper stopped publishing); the off-site copy is unproven`,
        metric: metrics.hoursSinceSuccess(),
        threshold: DR_MAX_HOURS_WITHOUT_SUCCESS,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      });
    }
    this.add('DrRestoreFailed', failedSeverity, {
      alarmDescription: `${stage}: the last DR restore test failed: the off-site copy did not restore and verify in the DR region; see the drDatabase section of the day's report under reports/${stage}/restore-tests/`,
      metric: metrics.succeeded(),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.IGNORE,
    });
    this.add('DrRestoreSlow', 'warning', {
      alarmDescription: `${stage}: the last DR restore took longer than the RTO target of ${config.rtoTargetMinutes} minutes`,
      metric: metrics.durationSeconds(),
      threshold: config.rtoTargetMinutes * 60,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.IGNORE,
    });
    this.add('DrRestoreDataTooOld', 'warning', {
      alarmDescription: `${stage}: the last DR restore's newest data was older than the RPO target of ${config.rpoTargetHours} h; check the DR copy job`,
      metric: metrics.dataAgeSeconds(),
      threshold: config.rpoTargetHours * 3600,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.IGNORE,
    });
    this.add('DrRestoreLeftoversDeleted', 'warning', {
      alarmDescription: `${stage}: the DR sweeper deleted DR restore copies a run left behind; a cleanup step is failing`,
      metric: metrics.leftoversDeleted(),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const action = new cw_actions.SnsAction(props.alarmTopic);
    for (const { alarm } of this.alarms) {
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
    }
  }

  private add(id: string, severity: DrAlarmSeverity, props: cloudwatch.AlarmProps): void {
    this.alarms.push({ id, severity, alarm: new cloudwatch.Alarm(this, id, props) });
  }
}
