import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { createOperationsAlarm } from '../common/stage-alarm';
import type { RestoreSection } from '../../../lambda/shared/restore-report';
import { AlarmKind } from '../../catalogs/alarm-catalog';
import { RestoreTestConfig } from '../../config/restore-test';
import { AlertTarget } from '../common/alarm-routing';
import { RestoreTestMetrics } from './restore-test-metrics';

export interface RestoreTestAlarmsProps {
  readonly stage: string;
  readonly config: RestoreTestConfig;
  readonly metrics: RestoreTestMetrics;
  readonly stateMachines: Readonly<Record<RestoreSection, sfn.IStateMachine>>;
  readonly sweeper: lambda.IFunction;
  /** The stage's alert routing (or one topic for every severity). */
  readonly alarmTopic: AlertTarget;
  /** Log groups of each section's workflow and functions, for the descriptions' Logs Insights link. @default none selected */
  readonly logGroups?: Partial<Record<RestoreSection | 'sweeper', readonly logs.ILogGroup[]>>;
}

/** What add() needs beside the alarm's own props: its catalog kind and subject. */
interface RestoreAlarm {
  readonly kind: AlarmKind;
  readonly subject?: string;
  readonly condition: string;
  readonly logs: RestoreSection | 'sweeper';
  readonly windowSeconds: number;
}

/** A passing test at least this often; the weekly schedule plus a day's slack. */
export const MAX_HOURS_WITHOUT_SUCCESS = 8 * 24;

const LABEL: Record<RestoreSection, string> = { database: 'Database', cache: 'Cache' };

/**
 * The restore tests' alarms, routed by severity (a failed test pages in prod): no success for eight days,
 * the last run failed, the last run was slower than the RTO target, a workflow execution failed or
 * timed out, the sweeper found leftovers or failed.
 */
export class RestoreTestAlarms extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];
  private readonly props: RestoreTestAlarmsProps;

  constructor(scope: Construct, id: string, props: RestoreTestAlarmsProps) {
    super(scope, id);
    this.props = props;
    const { metrics } = props;
    for (const kind of ['database', 'cache'] as const) {
      const name = LABEL[kind];
      if (props.config.enabled) {
        this.add(
          `${name}NotTestedLately`,
          {
            kind: 'restoreTestOverdue',
            subject: kind,
            condition: `no ${kind} restore test has passed for ${MAX_HOURS_WITHOUT_SUCCESS / 24} days, or the freshness metric stopped`,
            logs: kind,
            windowSeconds: MAX_HOURS_WITHOUT_SUCCESS * 3600,
          },
          {
            metric: metrics.hoursSinceSuccess(kind),
            threshold: MAX_HOURS_WITHOUT_SUCCESS,
            comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
            evaluationPeriods: 1,
            treatMissingData: cloudwatch.TreatMissingData.BREACHING,
          },
        );
      }
      // One value per run: keep the state between runs, so the alarm says what the last run found.
      this.add(
        `${name}RestoreTestFailed`,
        {
          kind: 'restoreTestFailed',
          subject: kind,
          condition: 'the last run reported failure (RestoreSucceeded < 1)',
          logs: kind,
          windowSeconds: 86_400,
        },
        {
          metric: metrics.succeeded(kind),
          threshold: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: cloudwatch.TreatMissingData.IGNORE,
        },
      );
      this.add(
        `${name}RestoreSlow`,
        {
          kind: 'restoreTestSlow',
          subject: kind,
          condition: `the last restore took longer than the RTO target of ${props.config.rtoTargetMinutes} minutes`,
          logs: kind,
          windowSeconds: 86_400,
        },
        {
          metric: metrics.durationSeconds(kind),
          threshold: props.config.rtoTargetMinutes * 60,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: cloudwatch.TreatMissingData.IGNORE,
        },
      );
      this.add(
        `${name}WorkflowFailed`,
        { kind: 'restoreWorkflowFailed', subject: kind, condition: 'an execution failed within an hour', logs: kind, windowSeconds: 3600 },
        {
          metric: props.stateMachines[kind].metricFailed({ statistic: 'Sum', period: Duration.hours(1) }),
          threshold: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        },
      );
      this.add(
        `${name}WorkflowTimedOut`,
        {
          kind: 'restoreWorkflowTimedOut',
          subject: kind,
          condition: 'an execution timed out within an hour',
          logs: kind,
          windowSeconds: 3600,
        },
        {
          metric: props.stateMachines[kind].metricTimedOut({ statistic: 'Sum', period: Duration.hours(1) }),
          threshold: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        },
      );
    }
    this.add(
      'LeftoversDeleted',
      { kind: 'restoreLeftovers', condition: 'the sweeper deleted at least one copy', logs: 'sweeper', windowSeconds: 3600 },
      {
        metric: metrics.leftoversDeleted(),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      },
    );
    this.add(
      'SweeperFailing',
      { kind: 'restoreSweeperFailing', condition: 'the sweeper failed in 2 hours in a row', logs: 'sweeper', windowSeconds: 7200 },
      {
        metric: props.sweeper.metricErrors({ statistic: 'Sum', period: Duration.hours(1) }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 2,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      },
    );
  }

  private add(id: string, route: RestoreAlarm, props: Omit<cloudwatch.AlarmProps, 'alarmName' | 'alarmDescription'>): void {
    this.alarms.push(
      createOperationsAlarm(this, id, {
        ...props,
        stage: this.props.stage,
        kind: route.kind,
        subject: route.subject,
        condition: route.condition,
        topic: this.props.alarmTopic,
        logGroups: this.props.logGroups?.[route.logs],
        windowSeconds: route.windowSeconds,
      }),
    );
  }
}
