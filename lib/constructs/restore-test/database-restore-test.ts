import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { manifestKey } from '../../../lambda/shared/manifest/backup-manifest';
import { dbSnapshotPrefix } from '../../../lambda/shared/backup/names';
import { TIME_BUDGET as CLEANUP_BUDGET } from '../../../lambda/restore-test/db/cleanup/contract';
import { ENV as CREDENTIALS_ENV, TIME_BUDGET as CREDENTIALS_BUDGET } from '../../../lambda/restore-test/db/credentials/contract';
import { ENV as START_ENV, TIME_BUDGET as START_BUDGET } from '../../../lambda/restore-test/db/start/contract';
import { ENV as VERIFY_ENV, TIME_BUDGET as VERIFY_BUDGET } from '../../../lambda/restore-test/db/verify/contract';
import { RestoreTestConfig } from '../../config/restore-test';
import { allowKeyUseThrough } from '../common/key-use';
import { acknowledgeSecretChecks } from '../common/nag';
import { PlatformFunction } from '../common/platform-function';
import { databaseCopyArn, describeDatabaseCopies, rdsArn, requestsRestoreTestTags, taggedDatabaseCopies } from './private/copy-permissions';
import { restoreFunction } from './private/restore-function';
import { databaseStatusFunction } from './private/database-status';
import { manifestObjects, WILDCARDS } from './private/wildcards';
import { RestoreWorkflow } from './restore-workflow';
import { verifyCheckEnvironment } from './private/verify-environment';

export interface DatabaseRestoreTestProps {
  readonly stage: string;
  readonly vpc: ec2.IVpc;
  /** The stage's primary database; its snapshots (or its point-in-time log) are restored. */
  readonly database: rds.IDatabaseInstance;
  /** Holds the backup manifests the copy is checked against. */
  readonly backupBucket: s3.IBucket;
  readonly config: RestoreTestConfig;
  /** The shared report step. */
  readonly report: lambda.IFunction;
  readonly logRetention: logs.RetentionDays;
  /**
   * Customer-managed key of the source, its automated backups and snapshots. A restore keeps the
   * source's key (neither restore call takes another), so the start step needs to let RDS use it.
   * @default the source uses a key RDS may use on the caller's behalf (aws/rds)
   */
  readonly kmsKey?: kms.IKey;
}

/**
 * The database restore test: a Step Functions workflow that restores the newest snapshot (or a point
 * five minutes back) into `<stage>-restore-test-<yyyymmddHHMM>` in the isolated subnets, resets its
 * master password into a restore-test secret, checks it from inside the VPC, and always deletes it.
 */
export class DatabaseRestoreTest extends Construct {
  readonly workflow: RestoreWorkflow;
  readonly functions: {
    readonly start: PlatformFunction;
    readonly status: PlatformFunction;
    readonly credentials: PlatformFunction;
    readonly verify: PlatformFunction;
    readonly cleanup: PlatformFunction;
  };
  /** Attached to every restored instance: reachable only from the verify function. */
  readonly copySecurityGroup: ec2.SecurityGroup;
  readonly subnetGroup: rds.SubnetGroup;
  /** Connection details and the fresh master password of the current copy; rewritten by every run. */
  readonly secret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: DatabaseRestoreTestProps) {
    super(scope, id);
    const { stage, config, database } = props;
    const sourceId = database.instanceIdentifier;
    const common = { stage, logRetention: props.logRetention };

    this.copySecurityGroup = new ec2.SecurityGroup(this, 'CopySecurityGroup', {
      vpc: props.vpc,
      description: `${stage} database restore-test copies: reachable from the verify function only`,
      allowAllOutbound: false,
    });
    this.subnetGroup = new rds.SubnetGroup(this, 'SubnetGroup', {
      vpc: props.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      description: `${stage} database restore-test copies (isolated subnets)`,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.secret = new secretsmanager.Secret(this, 'Secret', {
      description: `${stage} restore-test copy: connection details and its master password, set by each run`,
    });
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Every restore-test run writes a new random password here for a copy that lives a few hours; there is nothing long-lived to rotate',
    });
    acknowledgeSecretChecks(
      this.secret,
      'Every restore-test run writes a new random password here for a copy that lives a few hours; there is nothing long-lived to rotate',
    );

    const start = restoreFunction(this, 'Start', {
      ...common,
      handlerDir: 'restore-test/db/start',
      timeBudget: START_BUDGET,
      wildcards: [WILDCARDS.databaseCopies, WILDCARDS.databaseSnapshots, WILDCARDS.defaultGroups],
      description: `${stage} restore test: restore the newest database snapshot into a temporary instance`,
      environment: {
        [START_ENV.sourceInstanceId]: sourceId,
        [START_ENV.mode]: config.mode,
        [START_ENV.snapshotSource]: config.snapshotSource,
        [START_ENV.instanceClass]: config.instanceClass,
        [START_ENV.subnetGroupName]: this.subnetGroup.subnetGroupName,
        [START_ENV.securityGroupId]: this.copySecurityGroup.securityGroupId,
        [START_ENV.timeoutMinutes]: String(config.timeoutMinutes),
      },
    });
    const restoreActions = ['rds:RestoreDBInstanceFromDBSnapshot', 'rds:RestoreDBInstanceToPointInTime'];
    // Both calls name the source instance (DescribeDBSnapshots filters by it), which is what they are
    // authorized on; a list names no snapshot, so snapshot names would not scope it.
    start.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['rds:DescribeDBSnapshots', 'rds:DescribeDBInstances'], resources: [database.instanceArn] }),
    );
    // The new instance: only a restore-test name, only with the restore-test tags.
    start.addToRolePolicy(
      new iam.PolicyStatement({
        actions: [...restoreActions, 'rds:AddTagsToResource'],
        resources: [databaseCopyArn(this, stage)],
        conditions: requestsRestoreTestTags(stage),
      }),
    );
    start.addToRolePolicy(
      new iam.PolicyStatement({
        actions: restoreActions,
        resources: [
          database.instanceArn, // the point-in-time source
          rdsArn(this, 'snapshot', `${dbSnapshotPrefix(stage)}${sourceId}-*`),
          rdsArn(this, 'snapshot', `rds:${sourceId}-*`),
          rdsArn(this, 'subgrp', this.subnetGroup.subnetGroupName),
          // The copy gets the snapshot's option group and the engine's default parameter group, whose names are not known here.
          rdsArn(this, 'og', '*'),
          rdsArn(this, 'pg', '*'),
        ],
      }),
    );
    if (props.kmsKey) allowKeyUseThrough('rds', start, props.kmsKey.keyArn, { sid: 'SourceKey', decrypt: true });

    const status = databaseStatusFunction(
      this,
      { ...common, description: `${stage} restore test: status of the temporary database instance` },
      config.timeoutMinutes,
    );

    const credentials = restoreFunction(this, 'Credentials', {
      ...common,
      handlerDir: 'restore-test/db/credentials',
      timeBudget: CREDENTIALS_BUDGET,
      wildcards: [WILDCARDS.databaseCopies],
      description: `${stage} restore test: give the temporary instance a fresh master password`,
      environment: { [CREDENTIALS_ENV.secretArn]: this.secret.secretArn },
    });
    this.secret.grantWrite(credentials);
    credentials.addToRolePolicy(taggedDatabaseCopies(this, stage, 'rds:ModifyDBInstance'));

    const verify = restoreFunction(this, 'Verify', {
      ...common,
      handlerDir: 'restore-test/db/verify',
      wildcards: [WILDCARDS.s3Grant, manifestObjects(props.backupBucket, stage, 'database')],
      description: `${stage} restore test: check the temporary database against the backup manifest and the configured checks`,
      vpc: props.vpc,
      // Its checks stop at a deadline derived from the budget's timeout.
      timeBudget: VERIFY_BUDGET,
      environment: {
        [VERIFY_ENV.secretArn]: this.secret.secretArn,
        [VERIFY_ENV.backupBucket]: props.backupBucket.bucketName,
        ...verifyCheckEnvironment(config),
      },
    });
    this.secret.grantRead(verify);
    props.backupBucket.grantRead(verify, manifestKey(stage, 'database', '*'));
    this.copySecurityGroup.connections.allowFrom(
      verify,
      database.connections.defaultPort ?? ec2.Port.tcp(5432),
      'restore-test verification',
    );
    // The rule's port is the source database's endpoint port, a deploy-time value cdk-nag cannot read.
    Validations.of(this.copySecurityGroup).acknowledge(
      {
        id: 'NIST.800.53.R5-EC2RestrictedSSH',
        reason:
          "The one ingress rule opens only the source database's PostgreSQL port (resolved at deploy time), from the verify function's security group",
      },
      {
        id: 'NIST.800.53.R5-EC2RestrictedCommonPorts',
        reason:
          "The one ingress rule opens only the source database's PostgreSQL port (resolved at deploy time), from the verify function's security group",
      },
    );

    const cleanup = restoreFunction(this, 'Cleanup', {
      ...common,
      handlerDir: 'restore-test/db/cleanup',
      timeBudget: CLEANUP_BUDGET,
      wildcards: [WILDCARDS.databaseCopies],
      description: `${stage} restore test: delete the temporary database instance (only if tagged as this run's copy)`,
      environment: {},
    });
    cleanup.addToRolePolicy(describeDatabaseCopies(this, stage));
    cleanup.addToRolePolicy(taggedDatabaseCopies(this, stage, 'rds:DeleteDBInstance'));

    this.functions = { start, status, credentials, verify, cleanup };
    this.workflow = new RestoreWorkflow(this, 'Workflow', {
      stage,
      kind: 'database',
      steps: { start, status, prepare: credentials, verify, cleanup, report: props.report },
      timeoutMinutes: config.timeoutMinutes,
      logRetention: props.logRetention,
    });
  }
}
