import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { createOperationsAlarm } from '../common/stage-alarm';
import { AlarmKind } from '../../catalogs/alarm-catalog';
import type { DrRestoreTestConfig } from '../../config/restore-test';
import { AlertTarget } from '../common/alarm-routing';
import { drRestoreWorkflowLogGroupName } from './dr-restore-test';
import { DrRestoreTestMetrics } from './dr-restore-test-metrics';

/** A passing DR restore at least this often: the monthly schedule plus a few days' slack (a month has up to 31 days). */
export const DR_MAX_HOURS_WITHOUT_SUCCESS = 35 * 24;

export interface DrRestoreTestAlarmsProps {
  readonly stage: string;
  readonly config: DrRestoreTestConfig;
  readonly metrics: DrRestoreTestMetrics;
  /** The stage's alert routing (or one topic for every severity). */
  readonly alarmTopic: AlertTarget;
  /** Where the DR workflow logs: its execution log group is linked from each description. */
  readonly drRegion: string;
}

/**
 * The DR restore test's alarms, in the stage's own region, routed by severity (a failed DR restore
 * pages in prod): the last run failed, was slower than the RTO target, restored data older than the
 * RPO target; no run passed for 35 days (on a monthly schedule a missing datapoint is the normal
 * case, so that one reads the age the sweeper publishes hourly, and a silent sweeper breaches); the
 * sweeper deleted leftovers. Like the weekly tests' alarms, the per-run ones ignore missing data:
 * they keep what the last run found until the next run. Their Logs link opens the DR workflow's
 * execution log in the DR region.
 */
export class DrRestoreTestAlarms extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];
  private readonly props: DrRestoreTestAlarmsProps;

  constructor(scope: Construct, id: string, props: DrRestoreTestAlarmsProps) {
    super(scope, id);
    this.props = props;
    const { config, metrics } = props;
    if (config.enabled) {
      this.add(
        'DrRestoreNotTestedLately',
        'drRestoreOverdue',
        `no DR restore has passed for ${DR_MAX_HOURS_WITHOUT_SUCCESS / 24} days, or the DR sweeper stopped publishing`,
        DR_MAX_HOURS_WITHOUT_SUCCESS * 3600,
        {
          metric: metrics.hoursSinceSuccess(),
          threshold: DR_MAX_HOURS_WITHOUT_SUCCESS,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: cloudwatch.TreatMissingData.BREACHING,
        },
      );
    }
    this.add('DrRestoreFailed', 'drRestoreFailed', 'the last run reported failure (DrRestoreSucceeded < 1)', 86_400, {
      metric: metrics.succeeded(),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.IGNORE,
    });
    this.add(
      'DrRestoreSlow',
      'drRestoreSlow',
      `the last DR restore took longer than the RTO target of ${config.rtoTargetMinutes} minutes`,
      86_400,
      {
        metric: metrics.durationSeconds(),
        threshold: config.rtoTargetMinutes * 60,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.IGNORE,
      },
    );
    this.add(
      'DrRestoreDataTooOld',
      'drRestoreDataTooOld',
      `the restored copy's newest data was older than the RPO target of ${config.rpoTargetHours} h`,
      86_400,
      {
        metric: metrics.dataAgeSeconds(),
        threshold: config.rpoTargetHours * 3600,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.IGNORE,
      },
    );
    this.add('DrRestoreLeftoversDeleted', 'drRestoreLeftovers', 'the DR sweeper deleted at least one copy', 3600, {
      metric: metrics.leftoversDeleted(),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }

  private add(
    id: string,
    kind: AlarmKind,
    condition: string,
    windowSeconds: number,
    props: Omit<cloudwatch.AlarmProps, 'alarmName' | 'alarmDescription'>,
  ): void {
    const { stage, drRegion } = this.props;
    this.alarms.push(
      createOperationsAlarm(this, id, {
        ...props,
        stage,
        kind,
        condition,
        topic: this.props.alarmTopic,
        logGroups: [{ logGroupName: drRestoreWorkflowLogGroupName(stage) }],
        logsRegion: drRegion,
        windowSeconds,
      }),
    );
  }
}
