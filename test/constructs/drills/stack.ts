import { App, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { DRILLS_DEFAULTS, DrillsConfig } from '../../../lib/config/drills';
import { restoreTestMetric } from '../../../lib/constructs/drills/private/drill-metrics';
import { RecoveryDrills } from '../../../lib/constructs/drills/recovery-drills';
import { TEST_ENV, testStack, testVpc } from '../../support/fixtures';

const { account, region } = TEST_ENV;

/** A stage's drills wired to imported resources named after the stage, as the lead's stacks pass them. */
export function stageDrills(app: App, id: string, stage: string, config: DrillsConfig, healthUrl = `https://${stage}.example.com`) {
  const stack = testStack(app, id);
  const vpc = testVpc(stack);
  // The fixture VPC stands in for the network stack's, which has its own flow logs.
  Validations.of(vpc).acknowledge({ id: 'AwsSolutions-VPC7', reason: 'Test fixture standing in for the stage VPC, which has flow logs' });
  const cluster = ecs.Cluster.fromClusterAttributes(stack, 'Cluster', { clusterName: `${stage}-cluster`, vpc, securityGroups: [] });
  const drills = new RecoveryDrills(stack, 'Recovery', {
    stage,
    config,
    vpc,
    healthUrl,
    database: rds.DatabaseInstance.fromDatabaseInstanceAttributes(stack, 'Db', {
      instanceIdentifier: `${stage}-db`,
      instanceEndpointAddress: `${stage}-db.example.internal`,
      port: 5432,
      securityGroups: [],
    }),
    databaseSecret: secretsmanager.Secret.fromSecretCompleteArn(
      stack,
      'DbSecret',
      `arn:aws:secretsmanager:${region}:${account}:secret:${stage}-db-AbCdEf`,
    ),
    replicationGroupId: `${stage}-cache`,
    cluster,
    apiService: ecs.FargateService.fromFargateServiceAttributes(stack, 'Api', { cluster, serviceName: `${stage}-api` }),
    compositeAlarm: cloudwatch.Alarm.fromAlarmArn(stack, 'Unhealthy', `arn:aws:cloudwatch:${region}:${account}:alarm:${stage}-unhealthy`),
    alarmTopic: sns.Topic.fromTopicArn(stack, 'Alerts', `arn:aws:sns:${region}:${account}:${stage}-alerts`),
    reportsBucket: s3.Bucket.fromBucketName(stack, 'Backups', `${stage}-backups`),
    logRetention: logs.RetentionDays.ONE_MONTH,
    restoreTestMetrics: { databaseDuration: restoreTestMetric('RestoreDurationSeconds', 'restore-test-db', stage, 'DB restore (s)') },
  });
  return { stack, drills };
}

export const PROD_ENABLED: DrillsConfig = { ...DRILLS_DEFAULTS.prod, drills: { ...DRILLS_DEFAULTS.prod.drills, enabled: true } };
