import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';
import { functionMetric } from '../common/function-metric';
import { listBucketForMissingObjects } from './private/read-missing-object';
import { CONFIG_BACKUP_METRICS, CONFIG_BACKUP_SERVICE, configKey, ENV, TIME_BUDGET } from '../../../lambda/config-backup/contract';
import { BackupStorageConfig } from '../../config/backup-storage';
import { acknowledgeWildcards, wildcardResources } from '../common/nag';
import { AlertTarget } from '../common/alarm-routing';
import { PlatformFunction } from '../common/platform-function';
import { backupSucceededAlarm } from './private/backup-alarm';
import { scheduleFunction } from '../common/scheduled-invoke';

export interface ConfigBackupProps {
  readonly stage: string;
  /** Project name: parameters are read under `/<project>/<stage>/`. */
  readonly project: string;
  readonly config: BackupStorageConfig;
  /** The document is kept as `config/<stage>/latest.json` in this bucket (its lifecycle keeps the last versions). */
  readonly backupBucket: s3.IBucket;
  /** Cluster whose services' task definitions are exported. */
  readonly cluster: ecs.ICluster;
  /** The stage's alert routing (or one topic for every severity). */
  readonly alarmTopic: AlertTarget;
  readonly logRetention: logs.RetentionDays;
  /** The stage's stacks: outputs are exported from, and a deploy is noticed on, stacks whose names start with this. @default `<stage>-` */
  readonly stackNamePrefix?: string;
}

/**
 * Configuration backup: daily, and after every successful deploy of one of the stage's stacks,
 * the stage's task definitions, SSM parameters and stack outputs are stored as one JSON document,
 * as a new version only when something changed.
 */
export class ConfigBackup extends Construct {
  readonly function: PlatformFunction;
  readonly functions: readonly PlatformFunction[];
  readonly schedule: scheduler.Schedule;
  /** Fires after a successful deploy of one of the stage's stacks. */
  readonly deployRule: events.Rule;
  /** BackupSucceeded < 1 in a day. */
  readonly alarm: cloudwatch.Alarm;
  /** 1 for each run that stored a new version: a configuration change. */
  readonly configChanged: cloudwatch.Metric;

  constructor(scope: Construct, id: string, props: ConfigBackupProps) {
    super(scope, id);
    const { stage } = props;
    const stackNamePrefix = props.stackNamePrefix ?? `${stage}-`;

    this.function = new PlatformFunction(this, 'Function', {
      stage,
      handlerDir: CONFIG_BACKUP_SERVICE,
      description: `Backs up the ${stage} stage's task definitions, parameters and stack outputs when they change`,
      timeBudget: TIME_BUDGET,
      logRetention: props.logRetention,
      environment: {
        [ENV.bucket]: props.backupBucket.bucketName,
        [ENV.cluster]: props.cluster.clusterArn,
        [ENV.project]: props.project,
        [ENV.stackNamePrefix]: stackNamePrefix,
      },
    });
    this.functions = [this.function];
    this.grantReads(props, stackNamePrefix);
    this.grantDocumentWrite(props.backupBucket, configKey(stage));

    [this.schedule] = scheduleFunction(this, this.function, [
      { id: 'Schedule', description: `Daily configuration backup of ${stage}`, expression: props.config.configBackupSchedule },
    ]);
    const { account, region, partition } = Stack.of(this);
    this.deployRule = new events.Rule(this, 'DeployRule', {
      description: `A ${stage} stack was created or updated`,
      eventPattern: {
        source: ['aws.cloudformation'],
        detailType: ['CloudFormation Stack Status Change'],
        detail: {
          'stack-id': [{ prefix: `arn:${partition}:cloudformation:${region}:${account}:stack/${stackNamePrefix}` }],
          'status-details': { status: ['CREATE_COMPLETE', 'UPDATE_COMPLETE'] },
        },
      },
      targets: [new eventTargets.LambdaFunction(this.function, { retryAttempts: 2 })],
    });

    this.alarm = backupSucceededAlarm(this, 'BackupAlarm', {
      stage,
      service: CONFIG_BACKUP_SERVICE,
      what: `The ${stage} configuration backup`,
      topic: props.alarmTopic,
      logGroups: [this.function.logGroup],
    });
    this.configChanged = functionMetric(CONFIG_BACKUP_METRICS.configChanged, CONFIG_BACKUP_SERVICE, stage, {
      statistic: cloudwatch.Stats.SUM,
      period: Duration.days(1),
      label: `${stage} configuration changes`,
    });
  }

  private grantReads(props: ConfigBackupProps, stackNamePrefix: string): void {
    const { account, region, partition } = Stack.of(this);
    const parameterPath = `arn:${partition}:ssm:${region}:${account}:parameter/${props.project}/${props.stage}`;
    const clusterServices = `arn:${partition}:ecs:${region}:${account}:service/${props.cluster.clusterName}/*`;
    const stageStacks = `arn:${partition}:cloudformation:${region}:${account}:stack/${stackNamePrefix}*/*`;
    const statements = [
      // ListServices and DescribeTaskDefinition support no resource-level permission.
      new iam.PolicyStatement({
        sid: 'ListServices',
        actions: ['ecs:ListServices'],
        resources: ['*'],
        conditions: { ArnEquals: { 'ecs:cluster': props.cluster.clusterArn } },
      }),
      new iam.PolicyStatement({ sid: 'DescribeTaskDefinitions', actions: ['ecs:DescribeTaskDefinition'], resources: ['*'] }),
      new iam.PolicyStatement({ sid: 'DescribeServices', actions: ['ecs:DescribeServices'], resources: [clusterServices] }),
      new iam.PolicyStatement({
        sid: 'ReadParameters',
        actions: ['ssm:GetParametersByPath'],
        resources: [parameterPath, `${parameterPath}/*`],
      }),
      // ListStacks supports no resource-level permission and returns names only; outputs come from DescribeStacks, which is scoped.
      new iam.PolicyStatement({ sid: 'ListStacks', actions: ['cloudformation:ListStacks'], resources: ['*'] }),
      new iam.PolicyStatement({ sid: 'DescribeStageStacks', actions: ['cloudformation:DescribeStacks'], resources: [stageStacks] }),
    ];
    for (const statement of statements) this.function.addToRolePolicy(statement);
    acknowledgeWildcards(this.function.role!.node.findChild('DefaultPolicy') as iam.Policy, [
      {
        finding: wildcardResources('*', clusterServices, `${parameterPath}/*`, stageStacks),
        reason: `Read-only: ecs:ListServices (limited to this cluster by condition), ecs:DescribeTaskDefinition and cloudformation:ListStacks support no resource scoping; services of this cluster, parameters under /${props.project}/${props.stage}/ and stacks named ${stackNamePrefix}* are named by prefix because they are what the backup enumerates.`,
      },
    ]);
  }

  /** Head and conditional put of the one document key; its KMS key, if any, for encrypting it. */
  private grantDocumentWrite(bucket: s3.IBucket, key: string): void {
    this.function.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'ReadWriteConfigDocument',
        actions: ['s3:GetObject', 's3:PutObject'],
        resources: [bucket.arnForObjects(key)],
      }),
    );
    // The first run finds no document: without this HeadObject is 403, not 404, and every run fails.
    this.function.addToRolePolicy(listBucketForMissingObjects('ConfigDocumentMayBeMissing', bucket));
    bucket.encryptionKey?.grant(this.function, 'kms:GenerateDataKey', 'kms:Decrypt');
  }
}
