import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { ENV, TIME_BUDGET } from '../../../lambda/restore-test/freshness/contract';
import type { RestoreSection } from '../../../lambda/shared/restore-report';
import { PlatformFunction } from '../common/platform-function';
import { restoreFunction } from './private/restore-function';
import { scheduleRole } from '../common/scheduled-invoke';

export interface RestoreTestFreshnessProps {
  readonly stage: string;
  readonly stateMachines: Readonly<Record<RestoreSection, sfn.IStateMachine>>;
  readonly logRetention: logs.RetentionDays;
}

/**
 * Publishes every hour how many hours ago each restore test last succeeded. A CloudWatch alarm
 * cannot look back further than seven days, so "no success for eight days" needs the age as a metric.
 */
export class RestoreTestFreshness extends Construct {
  readonly function: PlatformFunction;

  constructor(scope: Construct, id: string, props: RestoreTestFreshnessProps) {
    super(scope, id);
    this.function = restoreFunction(this, 'Function', {
      stage: props.stage,
      handlerDir: 'restore-test/freshness',
      timeBudget: TIME_BUDGET,
      description: `${props.stage} restore tests: hours since each last succeeded`,
      environment: {
        [ENV.databaseStateMachineArn]: props.stateMachines.database.stateMachineArn,
        [ENV.cacheStateMachineArn]: props.stateMachines.cache.stateMachineArn,
      },
      logRetention: props.logRetention,
    });
    this.function.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['states:ListExecutions', 'states:DescribeStateMachine'],
        resources: [props.stateMachines.database.stateMachineArn, props.stateMachines.cache.stateMachineArn],
      }),
    );
    new scheduler.Schedule(this, 'Hourly', {
      description: `${props.stage} restore tests: publish hours since the last success`,
      schedule: scheduler.ScheduleExpression.rate(Duration.hours(1)),
      target: new targets.LambdaInvoke(this.function, { retryAttempts: 2, role: scheduleRole(this, 'ScheduleRole') }),
    });
  }
}
