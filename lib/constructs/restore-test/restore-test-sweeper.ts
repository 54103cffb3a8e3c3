import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import { ENV, TIME_BUDGET } from '../../../lambda/restore-test/sweeper/contract';
import { PlatformFunction } from '../common/platform-function';
import { cacheArn, deleteCacheCopies, describeCacheCopies, rdsArn, taggedDatabaseCopies } from './private/copy-permissions';
import { restoreFunction } from './private/restore-function';
import { WILDCARDS } from './private/wildcards';
import { scheduleRole } from '../common/scheduled-invoke';

export interface RestoreTestSweeperProps {
  readonly stage: string;
  /** Copies older than this are deleted; longer than any run can last. */
  readonly maxAgeHours: number;
  readonly logRetention: logs.RetentionDays;
}

/**
 * The safety net under the restore tests: every hour, deletes database instances and replication
 * groups named and tagged as this stage's restore-test copies that are older than `maxAgeHours`,
 * whatever left them behind (a failed cleanup, a timed-out execution).
 */
export class RestoreTestSweeper extends Construct {
  readonly function: PlatformFunction;
  readonly schedule: scheduler.Schedule;

  constructor(scope: Construct, id: string, props: RestoreTestSweeperProps) {
    super(scope, id);
    const { stage } = props;
    this.function = restoreFunction(this, 'Function', {
      stage,
      handlerDir: 'restore-test/sweeper',
      timeBudget: TIME_BUDGET,
      wildcards: [WILDCARDS.listAll, WILDCARDS.databaseCopies, WILDCARDS.cacheCopies],
      description: `${stage} restore tests: delete restore-test copies older than ${props.maxAgeHours} h`,
      environment: { [ENV.maxAgeHours]: String(props.maxAgeHours) },
      logRetention: props.logRetention,
    });
    this.function.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['rds:DescribeDBInstances'],
        resources: [rdsArn(this, 'db', '*')],
      }),
    );
    this.function.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['elasticache:DescribeReplicationGroups'],
        resources: [cacheArn(this, 'replicationgroup', '*')],
      }),
    );
    this.function.addToRolePolicy(describeCacheCopies(this, stage));
    this.function.addToRolePolicy(taggedDatabaseCopies(this, stage, 'rds:DeleteDBInstance'));
    for (const statement of deleteCacheCopies(this, stage)) this.function.addToRolePolicy(statement);

    this.schedule = new scheduler.Schedule(this, 'Hourly', {
      description: `${stage} restore tests: sweep leftover copies`,
      schedule: scheduler.ScheduleExpression.rate(Duration.hours(1)),
      target: new targets.LambdaInvoke(this.function, { retryAttempts: 2, role: scheduleRole(this, 'ScheduleRole') }),
    });
  }
}
