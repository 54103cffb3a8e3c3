import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { RUN_CREDENTIALS_PREFIX } from '../../../lambda/restore-test/dr/contract';
import { ENV as CLEANUP_ENV, TIME_BUDGET as CLEANUP_BUDGET } from '../../../lambda/restore-test/dr/cleanup/contract';
import { ENV as CREDENTIALS_ENV, TIME_BUDGET as CREDENTIALS_BUDGET } from '../../../lambda/restore-test/dr/credentials/contract';
import { ENV as REPORT_ENV, TIME_BUDGET as REPORT_BUDGET } from '../../../lambda/restore-test/dr/report/contract';
import { ENV as START_ENV, TIME_BUDGET as START_BUDGET } from '../../../lambda/restore-test/dr/start/contract';
import { ENV as SWEEPER_ENV, TIME_BUDGET as SWEEPER_BUDGET } from '../../../lambda/restore-test/dr/sweeper/contract';
import { ENV as VERIFY_ENV, TIME_BUDGET as VERIFY_BUDGET } from '../../../lambda/restore-test/dr/verify/contract';
import { dbSnapshotPrefix } from '../../../lambda/shared/backup/names';
import { BACKUP_CREATED_BY, BACKUP_TAG } from '../../../lambda/shared/backup/tags';
import { manifestKey } from '../../../lambda/shared/manifest/backup-manifest';
import { METRICS_NAMESPACE } from '../../../lambda/shared/observability';
import { restoreReportKey } from '../../../lambda/shared/restore-report';
import { RestoreTestConfig } from '../../config/restore-test';
import { allowKeyUseThrough } from '../common/key-use';
import { wildcardResources } from '../common/nag';
import { PlatformFunction } from '../common/platform-function';
import { scheduleRole } from '../common/scheduled-invoke';
import { DrLandingZone } from './dr-landing-zone';
import { databaseCopyArn, describeDatabaseCopies, rdsArn, requestsRestoreTestTags, taggedDatabaseCopies } from './private/copy-permissions';
import { restoreFunction } from './private/restore-function';
import { databaseStatusFunction } from './private/database-status';
import { WILDCARDS } from './private/wildcards';
import { RestoreWorkflow } from './restore-workflow';
import { verifyCheckEnvironment } from './private/verify-environment';

export interface DrRestoreTestProps {
  readonly stage: string;
  /** The weekly restore test's settings: its checks, and `dr` for this test's own. */
  readonly config: RestoreTestConfig;
  /** The `<stage>-dr` key: the off-site copies (and so the restored copy) and the run bucket are encrypted under it. */
  readonly drKey: kms.IKey;
  /** The `<stage>-dr` bucket of manifest copies, written by the DR-copy job beside each snapshot copy. */
  readonly manifestBucket: s3.IBucket;
  /** The stage's backup bucket, in its own region: the report's `drDatabase` section goes there. */
  readonly backupBucket: s3.IBucket;
  /** The stage's alert topic, in its own region: each run's summary. */
  readonly alarmTopic: sns.ITopic;
  /** The topic's key, which a publisher needs. @default the topic is not encrypted with a customer-managed key */
  readonly alarmTopicKey?: kms.IKey;
  /** The stage's own region, where the results go. */
  readonly primaryRegion: string;
  readonly logRetention: logs.RetentionDays;
}

/** Why the DR test's functions outside the landing zone stay outside it. */
const OUTSIDE_VPC =
  'It calls AWS APIs (RDS, S3, CloudWatch, SNS) that the isolated DR landing zone cannot reach without interface endpoints, which bill by the hour; only the verify step, which talks to the copy, runs inside';

/**
 * The monthly DR restore test, in the DR region: the newest off-site copy of the stage's database
 * (chosen by its tags) restored into the landing zone at the smallest class from config, its master
 * password reset into an SSE-KMS object of the run bucket, checked from inside the isolated VPC
 * like the weekly test checks its copy (row counts against the manifest copy of this region, a
 * read-only session, TLS), measured (RTO, RPO), reported to the stage's own region and always
 * deleted, with the password object. An hourly sweeper deletes leftover copies and publishes how
 * long ago the test last passed.
 *
 * The workflow is the weekly tests' (RestoreWorkflow): every Task has a Catch that leads to cleanup.
 */
export class DrRestoreTest extends Construct {
  readonly landingZone: DrLandingZone;
  readonly runBucket: s3.Bucket;
  readonly workflow: RestoreWorkflow;
  readonly schedule: scheduler.Schedule;
  readonly functions: {
    readonly start: PlatformFunction;
    readonly status: PlatformFunction;
    readonly credentials: PlatformFunction;
    readonly verify: PlatformFunction;
    readonly cleanup: PlatformFunction;
    readonly report: PlatformFunction;
    readonly sweeper: PlatformFunction;
  };

  constructor(scope: Construct, id: string, props: DrRestoreTestProps) {
    super(scope, id);
    const { stage, config } = props;
    const dr = config.dr;
    const common = { stage, logRetention: props.logRetention };
    const outside = { ...common, outsideVpcReason: OUTSIDE_VPC };

    this.landingZone = new DrLandingZone(this, 'LandingZone', common);
    const zone = this.landingZone;

    this.runBucket = new s3.Bucket(this, 'RunBucket', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: props.drKey,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Holds nothing past a day: cleanup deletes each run's object, the lifecycle rule anything cleanup missed.
      removalPolicy: RemovalPolicy.DESTROY,
      lifecycleRules: [
        { id: 'RunObjects', expiration: Duration.days(1) },
        { id: 'Housekeeping', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
    });
    const runBucketReason =
      'Holds one temporary password object per monthly run, deleted by the run and expired after a day by lifecycle; there is nothing to version, replicate or audit per object';
    Validations.of(this.runBucket).acknowledge(
      { id: 'AwsSolutions-S1', reason: runBucketReason },
      { id: 'NIST.800.53.R5-S3BucketLoggingEnabled', reason: runBucketReason },
      { id: 'NIST.800.53.R5-S3BucketReplicationEnabled', reason: runBucketReason },
      { id: 'NIST.800.53.R5-S3BucketVersioningEnabled', reason: runBucketReason },
    );
    const runObjects = `${RUN_CREDENTIALS_PREFIX}*`;
    const databaseManifests = manifestKey(stage, 'database', '*');
    // The landing zone's one way out reaches only these objects.
    zone.s3Endpoint.addToPolicy(
      new iam.PolicyStatement({
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:GetObject'],
        resources: [this.runBucket.arnForObjects(runObjects), props.manifestBucket.arnForObjects(databaseManifests)],
      }),
    );
    zone.s3Endpoint.addToPolicy(
      new iam.PolicyStatement({
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:ListBucket'],
        resources: [this.runBucket.bucketArn, props.manifestBucket.bucketArn],
      }),
    );

    const start = restoreFunction(this, 'Start', {
      ...outside,
      handlerDir: 'restore-test/dr/start',
      timeBudget: START_BUDGET,
      wildcards: [WILDCARDS.databaseCopies, WILDCARDS.databaseSnapshots, WILDCARDS.defaultGroups, DR_WILDCARDS.listSnapshots],
      description: `${stage} DR restore test: restore the newest off-site database copy into the DR landing zone`,
      environment: {
        [START_ENV.instanceClass]: dr.instanceClass,
        [START_ENV.subnetGroupName]: zone.subnetGroup.subnetGroupName,
        [START_ENV.securityGroupId]: zone.copySecurityGroup.securityGroupId,
        [START_ENV.timeoutMinutes]: String(dr.timeoutMinutes),
      },
    });
    // An unfiltered listing of the region's manual snapshots names none; the copy is then chosen by its tags.
    start.addToRolePolicy(new iam.PolicyStatement({ actions: ['rds:DescribeDBSnapshots'], resources: [rdsArn(this, 'snapshot', '*')] }));
    start.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['rds:RestoreDBInstanceFromDBSnapshot', 'rds:AddTagsToResource'],
        resources: [databaseCopyArn(this, stage)],
        conditions: requestsRestoreTestTags(stage),
      }),
    );
    // The source: only this stage's off-site copies, by name and by the tags the backup job gave them.
    start.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['rds:RestoreDBInstanceFromDBSnapshot'],
        resources: [rdsArn(this, 'snapshot', `${dbSnapshotPrefix(stage)}*`)],
        conditions: {
          StringEquals: {
            [`rds:snapshot-tag/${BACKUP_TAG.stage}`]: stage,
            [`rds:snapshot-tag/${BACKUP_TAG.createdBy}`]: BACKUP_CREATED_BY,
          },
        },
      }),
    );
    start.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['rds:RestoreDBInstanceFromDBSnapshot'],
        resources: [rdsArn(this, 'subgrp', zone.subnetGroup.subnetGroupName), rdsArn(this, 'og', '*'), rdsArn(this, 'pg', '*')],
      }),
    );
    // The copies are encrypted under the DR key; RDS creates a grant on it for the restored instance.
    allowKeyUseThrough('rds', start, props.drKey.keyArn, { sid: 'DrKey', decrypt: true });

    const status = databaseStatusFunction(
      this,
      { ...outside, description: `${stage} DR restore test: status of the restored copy` },
      dr.timeoutMinutes,
    );

    const credentials = restoreFunction(this, 'Credentials', {
      ...outside,
      handlerDir: 'restore-test/dr/credentials',
      timeBudget: CREDENTIALS_BUDGET,
      wildcards: [WILDCARDS.databaseCopies, DR_WILDCARDS.runObjects],
      description: `${stage} DR restore test: give the restored copy a fresh master password (kept in the run bucket)`,
      environment: { [CREDENTIALS_ENV.runBucket]: this.runBucket.bucketName },
    });
    // Only the put and the data key it needs (SSE-KMS with an S3 Bucket Key): no multipart, no ACLs, no other key use.
    credentials.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [this.runBucket.arnForObjects(runObjects)] }),
    );
    credentials.addToRolePolicy(new iam.PolicyStatement({ actions: ['kms:GenerateDataKey'], resources: [props.drKey.keyArn] }));
    credentials.addToRolePolicy(taggedDatabaseCopies(this, stage, 'rds:ModifyDBInstance'));

    const verify = restoreFunction(this, 'Verify', {
      ...common,
      handlerDir: 'restore-test/dr/verify',
      timeBudget: VERIFY_BUDGET,
      wildcards: [WILDCARDS.s3Grant, DR_WILDCARDS.runObjects, DR_WILDCARDS.manifestObjects],
      description: `${stage} DR restore test: check the restored copy against the manifest copy, from inside the landing zone`,
      vpc: zone.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      securityGroups: [zone.verifySecurityGroup],
      environment: {
        [VERIFY_ENV.runBucket]: this.runBucket.bucketName,
        [VERIFY_ENV.manifestBucket]: props.manifestBucket.bucketName,
        ...verifyCheckEnvironment(config),
      },
    });
    // S3 decrypts SSE-KMS objects with the caller's kms:Decrypt (which the grants include): the function never calls KMS itself.
    this.runBucket.grantRead(verify, runObjects);
    props.manifestBucket.grantRead(verify, databaseManifests);

    const cleanup = restoreFunction(this, 'Cleanup', {
      ...outside,
      handlerDir: 'restore-test/dr/cleanup',
      timeBudget: CLEANUP_BUDGET,
      wildcards: [WILDCARDS.databaseCopies, DR_WILDCARDS.runObjects],
      description: `${stage} DR restore test: delete the restored copy (only if tagged as this run's) and its password object`,
      environment: { [CLEANUP_ENV.runBucket]: this.runBucket.bucketName },
    });
    cleanup.addToRolePolicy(describeDatabaseCopies(this, stage));
    cleanup.addToRolePolicy(taggedDatabaseCopies(this, stage, 'rds:DeleteDBInstance'));
    cleanup.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['s3:DeleteObject'], resources: [this.runBucket.arnForObjects(runObjects)] }),
    );

    const report = restoreFunction(this, 'Report', {
      ...outside,
      handlerDir: 'restore-test/dr/report',
      timeBudget: REPORT_BUDGET,
      wildcards: [DR_WILDCARDS.reportObjects(props.backupBucket, stage), DR_WILDCARDS.putMetricData],
      description: `${stage} DR restore test: metrics, the day's report and the summary, in ${props.primaryRegion}`,
      environment: {
        [REPORT_ENV.primaryRegion]: props.primaryRegion,
        [REPORT_ENV.reportBucket]: props.backupBucket.bucketName,
        [REPORT_ENV.topicArn]: props.alarmTopic.topicArn,
        [REPORT_ENV.rtoTargetMinutes]: String(dr.rtoTargetMinutes),
        [REPORT_ENV.rpoTargetHours]: String(dr.rpoTargetHours),
      },
    });
    allowReportingHome(report, props.backupBucket, props.alarmTopic, props.alarmTopicKey, stage);
    report.addToRolePolicy(putMetricData());

    this.workflow = new RestoreWorkflow(this, 'Workflow', {
      stage,
      kind: 'database',
      description: `${stage} DR restore test in ${Stack.of(this).region}: restore the newest off-site database copy into the landing zone, verify it, delete it, report to ${props.primaryRegion}`,
      steps: { start, status, prepare: credentials, verify, cleanup, report },
      timeoutMinutes: dr.timeoutMinutes,
      logRetention: props.logRetention,
      logGroupName: drRestoreWorkflowLogGroupName(stage),
    });
    this.schedule = new scheduler.Schedule(this, 'Schedule', {
      description: `${stage} DR restore test (monthly)`,
      schedule: scheduler.ScheduleExpression.expression(dr.schedule),
      target: new targets.StepFunctionsStartExecution(this.workflow.stateMachine, { input: scheduler.ScheduleTargetInput.fromObject({}) }),
      enabled: dr.enabled,
    });

    const sweeper = restoreFunction(this, 'Sweeper', {
      ...outside,
      handlerDir: 'restore-test/dr/sweeper',
      timeBudget: SWEEPER_BUDGET,
      wildcards: [WILDCARDS.listAll, WILDCARDS.databaseCopies, DR_WILDCARDS.putMetricData],
      description: `${stage} DR restore test: delete DR restore copies older than ${dr.sweeperMaxAgeHours} h; publish hours since the last pass`,
      environment: {
        [SWEEPER_ENV.maxAgeHours]: String(dr.sweeperMaxAgeHours),
        [SWEEPER_ENV.primaryRegion]: props.primaryRegion,
        [SWEEPER_ENV.stateMachineArn]: this.workflow.stateMachine.stateMachineArn,
      },
    });
    sweeper.addToRolePolicy(new iam.PolicyStatement({ actions: ['rds:DescribeDBInstances'], resources: [rdsArn(this, 'db', '*')] }));
    sweeper.addToRolePolicy(taggedDatabaseCopies(this, stage, 'rds:DeleteDBInstance'));
    sweeper.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['states:ListExecutions', 'states:DescribeStateMachine'],
        resources: [this.workflow.stateMachine.stateMachineArn],
      }),
    );
    sweeper.addToRolePolicy(putMetricData());
    new scheduler.Schedule(this, 'SweeperSchedule', {
      description: `${stage} DR restore test: sweep leftover copies, publish freshness`,
      schedule: scheduler.ScheduleExpression.rate(Duration.hours(1)),
      target: new targets.LambdaInvoke(sweeper, { retryAttempts: 2, role: scheduleRole(this, 'SweeperScheduleRole') }),
    });

    this.functions = { start, status, credentials, verify, cleanup, report, sweeper };
  }
}

/**
 * The report step writes into the stage's own region. Grants would name this role in the key and
 * topic policies there, a cross-region reference CDK refuses; IAM statements alone suffice, as those
 * keys' policies trust the account's IAM. Reads the day's report (ListBucket: a report not yet
 * written reads as missing, not denied) and writes it back; publishes the summary.
 */
function allowReportingHome(
  fn: PlatformFunction,
  bucket: s3.IBucket,
  topic: sns.ITopic,
  topicKey: kms.IKey | undefined,
  stage: string,
): void {
  fn.addToRolePolicy(
    new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject'], resources: [bucket.arnForObjects(restoreReportKey(stage, '*'))] }),
  );
  fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }));
  fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['sns:Publish'], resources: [topic.topicArn] }));
  const keys = [bucket.encryptionKey, topicKey].filter((key): key is kms.IKey => key !== undefined);
  if (keys.length)
    fn.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: keys.map((key) => key.keyArn) }),
    );
}

/** PutMetricData has no resource: the namespace condition keeps it to the platform's own metrics. */
function putMetricData(): iam.PolicyStatement {
  return new iam.PolicyStatement({
    actions: ['cloudwatch:PutMetricData'],
    resources: ['*'],
    conditions: { StringEquals: { 'cloudwatch:namespace': METRICS_NAMESPACE } },
  });
}

const DR_WILDCARDS = {
  listSnapshots: {
    finding: /^Resource::arn:.+:rds:.+:snapshot:\*$/,
    reason:
      "Finding the newest off-site copy means listing the DR region's manual snapshots (read-only); the restore itself is limited to this stage's snapshot names and backup tags",
  },
  runObjects: {
    finding: (finding: string) => /^Resource::<[A-Za-z0-9]+\.Arn>\/restore-runs\/\*$/.test(finding),
    reason: 'Run password objects restore-runs/<copy>/credentials.json; only the copy id (the run time) is unknown',
  },
  manifestObjects: {
    finding: /^Resource::.+\/manifests\/.+\/database\/\*\.json$/,
    reason: 'Manifest copies of this stage, one per snapshot copy',
  },
  putMetricData: {
    finding: /^Resource::\*$/,
    reason: 'cloudwatch:PutMetricData has no resource type; the statement is limited to the platform namespace by cloudwatch:namespace',
  },
  reportObjects: (bucket: s3.IBucket, stage: string) => ({
    finding: wildcardResources(bucket.arnForObjects(restoreReportKey(stage, '*'))),
    reason: 'Daily restore-test reports of this stage, one per day',
  }),
};

/**
 * The DR workflow's execution log group, named so the alarms in the stage's own region can link to it
 * (a generated name would need a cross-region reference). Execution logs show each failed state and its cause.
 */
export function drRestoreWorkflowLogGroupName(stage: string): string {
  return `/aws/vendedlogs/states/${stage}-dr-restore-test`;
}
