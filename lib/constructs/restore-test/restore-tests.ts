import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ENV as REPORT_ENV, TIME_BUDGET as REPORT_BUDGET } from '../../../lambda/restore-test/report/contract';
import { restoreReportKey } from '../../../lambda/shared/restore-report';
import { RestoreTestConfig } from '../../config/restore-test';
import { AlertTarget, topicFor } from '../common/alarm-routing';
import { PlatformFunction } from '../common/platform-function';
import { CacheRestoreTest } from './cache-restore-test';
import { DatabaseRestoreTest } from './database-restore-test';
import { restoreFunction } from './private/restore-function';
import { RestoreTestAlarms } from './restore-test-alarms';
import { RestoreTestFreshness } from './restore-test-freshness';
import { RestoreTestMetrics } from './restore-test-metrics';
import { RestoreTestSweeper } from './restore-test-sweeper';
import { reportObjects, WILDCARDS } from './private/wildcards';
import { acknowledgeWildcards, KMS_BUCKET_KEY_ACTIONS } from '../common/nag';

export interface RestoreTestsProps {
  readonly stage: string;
  readonly vpc: ec2.IVpc;
  /** The stage's primary database. */
  readonly database: rds.IDatabaseInstance;
  /** The stage's cache replication group. */
  readonly replicationGroupId: string;
  /** The cache's AUTH token secret; restored caches get the same token. */
  readonly cacheAuthSecret: secretsmanager.ISecret;
  /** Field of a JSON AUTH secret holding the token. @default the secret string is the token */
  readonly cacheAuthSecretJsonKey?: string;
  /** The backup bucket: manifests are read from it and the daily restore-test reports written to it. */
  readonly backupBucket: s3.IBucket;
  /** Receives every alarm (ALARM and OK) and each run's short summary. */
  /** The stage's alert routing (or one topic for every severity); the reports go to the warning topic. */
  readonly alarmTopic: AlertTarget;
  readonly config: RestoreTestConfig;
  readonly logRetention: logs.RetentionDays;
  /** Customer-managed key of the database, its snapshots and so of every restored copy. @default the AWS-managed aws/rds key */
  readonly databaseKey?: kms.IKey;
  /** Customer-managed key of the cache and its snapshots; the restored copy is encrypted under it too. @default the ElastiCache-managed key */
  readonly cacheKey?: kms.IKey;
}

/**
 * Automated restore tests of the stage's database and cache: two Step Functions workflows on one
 * schedule, a shared report step (daily report in S3, metrics, SNS summary), an hourly sweeper for
 * leftover copies, an hourly freshness metric, and their alarms.
 */
export class RestoreTests extends Construct {
  readonly database: DatabaseRestoreTest;
  readonly cache: CacheRestoreTest;
  readonly reportFunction: PlatformFunction;
  readonly sweeper: RestoreTestSweeper;
  readonly freshness: RestoreTestFreshness;
  readonly metrics: RestoreTestMetrics;
  readonly alarms: RestoreTestAlarms;

  constructor(scope: Construct, id: string, props: RestoreTestsProps) {
    super(scope, id);
    const { stage, config } = props;
    // The report of every run is news, not a page; a failed test pages through its alarm.
    const reportTopic = topicFor(props.alarmTopic, 'warning');

    this.reportFunction = restoreFunction(this, 'Report', {
      stage,
      handlerDir: 'restore-test/report',
      timeBudget: REPORT_BUDGET,
      wildcards: [WILDCARDS.s3Grant, reportObjects(props.backupBucket, stage)],
      description: `${stage} restore tests: write the day's report, publish metrics, notify`,
      environment: {
        [REPORT_ENV.reportBucket]: props.backupBucket.bucketName,
        [REPORT_ENV.topicArn]: reportTopic.topicArn,
        [REPORT_ENV.rtoTargetMinutes]: String(config.rtoTargetMinutes),
      },
      logRetention: props.logRetention,
    });
    props.backupBucket.grantReadWrite(this.reportFunction, restoreReportKey(stage, '*'));
    acknowledgeWildcards(this.reportFunction, [
      {
        finding: KMS_BUCKET_KEY_ACTIONS,
        reason:
          'S3 grants on the KMS-encrypted backup bucket: the wildcard actions are only the data-key variants of that one key, which S3 needs to write the report.',
      },
    ]);
    reportTopic.grantPublish(this.reportFunction);

    const shared = {
      stage,
      vpc: props.vpc,
      backupBucket: props.backupBucket,
      config,
      report: this.reportFunction,
      logRetention: props.logRetention,
    };
    this.database = new DatabaseRestoreTest(this, 'Database', { ...shared, database: props.database, kmsKey: props.databaseKey });
    this.cache = new CacheRestoreTest(this, 'Cache', {
      ...shared,
      kmsKey: props.cacheKey,
      replicationGroupId: props.replicationGroupId,
      authSecret: props.cacheAuthSecret,
      authSecretJsonKey: props.cacheAuthSecretJsonKey,
    });
    const stateMachines = { database: this.database.workflow.stateMachine, cache: this.cache.workflow.stateMachine };
    for (const [kind, stateMachine] of Object.entries(stateMachines)) {
      new scheduler.Schedule(this, `${kind === 'database' ? 'Database' : 'Cache'}Schedule`, {
        description: `${stage} ${kind} restore test`,
        schedule: scheduler.ScheduleExpression.expression(config.schedule),
        target: new targets.StepFunctionsStartExecution(stateMachine, { input: scheduler.ScheduleTargetInput.fromObject({}) }),
        enabled: config.enabled,
      });
    }

    this.sweeper = new RestoreTestSweeper(this, 'Sweeper', {
      stage,
      maxAgeHours: config.sweeperMaxAgeHours,
      logRetention: props.logRetention,
    });
    this.freshness = new RestoreTestFreshness(this, 'Freshness', { stage, stateMachines, logRetention: props.logRetention });
    this.metrics = new RestoreTestMetrics(stage);
    this.alarms = new RestoreTestAlarms(this, 'Alarms', {
      stage,
      config,
      metrics: this.metrics,
      stateMachines,
      sweeper: this.sweeper.function,
      alarmTopic: props.alarmTopic,
      logGroups: {
        database: [this.database.workflow.logGroup, this.reportFunction.logGroup],
        cache: [this.cache.workflow.logGroup, this.reportFunction.logGroup],
        sweeper: [this.sweeper.function.logGroup],
      },
    });
  }
}
