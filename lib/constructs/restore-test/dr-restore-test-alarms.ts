import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cw_actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { DR_METRICS, DR_REPORT_SERVICE, DR_SWEEPER_SERVICE } from '../../../lambda/restore-test/dr/contract';
import { METRICS_NAMESPACE } from '../../../lambda/shared/observability';
import type { DrRestoreTestConfig } from '../../config/restore-test';

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
    return new cloudwatch.Metric({
      namespace: METRICS_NAMESPACE,
      metricName,
      dimensionsMap: { service, Stage: this.stage },
      statistic,
      period,
    });
  }
}

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

/** The DR restore test on the dashboard's Recovery row: the last run's RTO and RPO beside their targets. */
export function drRestoreWidgets(stage: string, config: DrRestoreTestConfig): cloudwatch.IWidget[] {
  const metrics = new DrRestoreTestMetrics(stage);
  return [
    new cloudwatch.SingleValueWidget({
      title: `Last DR restore (${config.enabled ? 'monthly' : 'on demand'}): RTO target ${config.rtoTargetMinutes} min, RPO target ${config.rpoTargetHours} h`,
      metrics: [
        metrics.succeeded().with({ label: 'Passed (1) / failed (0)' }),
        metrics.durationSeconds().with({ label: 'Seconds to a verified copy (RTO)' }),
        metrics.dataAgeSeconds().with({ label: 'Data age, seconds (RPO)' }),
        metrics.hoursSinceSuccess().with({ label: 'Hours since it last passed' }),
      ],
      // Far enough back to always include the last monthly run.
      start: '-P35D',
      width: 6,
      height: 6,
    }),
  ];
}
