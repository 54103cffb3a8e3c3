import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cw_actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { RestoreSection } from '../../../lambda/shared/restore-report';
import { RestoreTestConfig } from '../../config/restore-test';
import { RestoreTestMetrics } from './restore-test-metrics';

export interface RestoreTestAlarmsProps {
  readonly stage: string;
  readonly config: RestoreTestConfig;
  readonly metrics: RestoreTestMetrics;
  readonly stateMachines: Readonly<Record<RestoreSection, sfn.IStateMachine>>;
  readonly sweeper: lambda.IFunction;
  readonly alarmTopic: sns.ITopic;
}

/** A passing test at least this often; the weekly schedule plus a day's slack. */
export const MAX_HOURS_WITHOUT_SUCCESS = 8 * 24;

const LABEL: Record<RestoreSection, string> = { database: 'Database', cache: 'Cache' };

/**
 * The restore tests' alarms, each to the stage topic on ALARM and OK: no success for eight days,
 * the last run failed, the last run was slower than the RTO target, a workflow execution failed or
 * timed out, the sweeper found leftovers or failed.
 */
export class RestoreTestAlarms extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: RestoreTestAlarmsProps) {
    super(scope, id);
    const { stage, metrics } = props;
    for (const kind of ['database', 'cache'] as const) {
      const name = LABEL[kind];
      if (props.config.enabled) {
        this.add(`${name}NotTestedLately`, {
          alarmDescription: `${stage}: no ${kind} restore test has passed for ${MAX_HOURS_WITHOUT_SUCCESS / 24} days (or the freshness metric stopped); a backup never restored is a hope`,
          metric: metrics.hoursSinceSuccess(kind),
          threshold: MAX_HOURS_WITHOUT_SUCCESS,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: cloudwatch.TreatMissingData.BREACHING,
        });
      }
      // One value per run: keep the state between runs, so the alarm says what the last run found.
      this.add(`${name}RestoreTestFailed`, {
        alarmDescription: `${stage}: the last ${kind} restore test failed; see the day's report under reports/${stage}/restore-tests/`,
        metric: metrics.succeeded(kind),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.IGNORE,
      });
      this.add(`${name}RestoreSlow`, {
        alarmDescription: `${stage}: the last ${kind} restore took longer than the RTO target of ${props.config.rtoTargetMinutes} minutes`,
        metric: metrics.durationSeconds(kind),
        threshold: props.config.rtoTargetMinutes * 60,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.IGNORE,
      });
      this.add(`${name}WorkflowFailed`, {
        alarmDescription: `${stage}: a ${kind} restore-test execution failed`,
        metric: props.stateMachines[kind].metricFailed({ statistic: 'Sum', period: Duration.hours(1) }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      this.add(`${name}WorkflowTimedOut`, {
        alarmDescription: `${stage}: a ${kind} restore-test execution timed out; it ran no cleanup, the sweeper will delete its copy`,
        metric: props.stateMachines[kind].metricTimedOut({ statistic: 'Sum', period: Duration.hours(1) }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    }
    this.add('LeftoversDeleted', {
      alarmDescription: `${stage}: the sweeper deleted restore-test copies a run left behind; a cleanup step is failing`,
      metric: metrics.leftoversDeleted(),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.add('SweeperFailing', {
      alarmDescription: `${stage}: the restore-test sweeper failed twice in a row; leftover copies may be running up costs`,
      metric: props.sweeper.metricErrors({ statistic: 'Sum', period: Duration.hours(1) }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 2,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const action = new cw_actions.SnsAction(props.alarmTopic);
    for (const alarm of this.alarms) {
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
    }
  }

  private add(id: string, props: cloudwatch.AlarmProps): void {
    this.alarms.push(new cloudwatch.Alarm(this, id, props));
  }
}
