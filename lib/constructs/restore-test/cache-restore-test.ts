import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { manifestKey } from '../../../lambda/shared/manifest/backup-manifest';
import { cacheSnapshotPrefix } from '../../../lambda/shared/backup/names';
import { TIME_BUDGET as CLEANUP_BUDGET } from '../../../lambda/restore-test/cache/cleanup/contract';
import {
  ENV as START_ENV,
  OPTIONAL_ENV as START_OPTIONAL_ENV,
  TIME_BUDGET as START_BUDGET,
} from '../../../lambda/restore-test/cache/start/contract';
import { ENV as STATUS_ENV, TIME_BUDGET as STATUS_BUDGET } from '../../../lambda/restore-test/cache/status/contract';
import {
  ENV as VERIFY_ENV,
  OPTIONAL_ENV as VERIFY_OPTIONAL_ENV,
  TIME_BUDGET as VERIFY_BUDGET,
} from '../../../lambda/restore-test/cache/verify/contract';
import { RestoreTestConfig } from '../../config/restore-test';
import { allowKeyUseThrough } from '../common/key-use';
import { PlatformFunction } from '../common/platform-function';
import { cacheArn, cacheCopyArns, deleteCacheCopies, describeCacheCopies, requestsRestoreTestTags } from './private/copy-permissions';
import { restoreFunction } from './private/restore-function';
import { manifestObjects, WILDCARDS } from './private/wildcards';
import { RestoreWorkflow } from './restore-workflow';

/** The port every ElastiCache copy listens on (the engine default; a restore does not carry the source's port over). */
const CACHE_PORT = 6379;

export interface CacheRestoreTestProps {
  readonly stage: string;
  readonly vpc: ec2.IVpc;
  /** The stage's replication group; its newest backup-job snapshot is restored. */
  readonly replicationGroupId: string;
  /** The source's AUTH token; the copy gets the same token. */
  readonly authSecret: secretsmanager.ISecret;
  /** Field of a JSON AUTH secret holding the token. @default the secret string is the token */
  readonly authSecretJsonKey?: string;
  /** Holds the backup manifests the copy is checked against. */
  readonly backupBucket: s3.IBucket;
  readonly config: RestoreTestConfig;
  /** The shared report step. */
  readonly report: lambda.IFunction;
  readonly logRetention: logs.RetentionDays;
  /**
   * Customer-managed key of the source's snapshots; the copy is encrypted under it too, so a restore
   * test never leaves the data under a weaker key. @default the ElastiCache-managed key
   */
  readonly kmsKey?: kms.IKey;
}

/**
 * The cache restore test: a Step Functions workflow that restores the newest backup-job snapshot into
 * a one-node replication group `<stage>-rt-<MMddHHmm>` in the isolated subnets (TLS, the source's AUTH
 * token), checks its key count and sentinel from inside the VPC, and always deletes it.
 */
export class CacheRestoreTest extends Construct {
  readonly workflow: RestoreWorkflow;
  readonly functions: {
    readonly start: PlatformFunction;
    readonly status: PlatformFunction;
    readonly verify: PlatformFunction;
    readonly cleanup: PlatformFunction;
  };
  /** Attached to every restored group: reachable only from the verify function. */
  readonly copySecurityGroup: ec2.SecurityGroup;
  readonly subnetGroup: elasticache.CfnSubnetGroup;

  constructor(scope: Construct, id: string, props: CacheRestoreTestProps) {
    super(scope, id);
    const { stage, config } = props;
    const common = { stage, logRetention: props.logRetention };

    this.copySecurityGroup = new ec2.SecurityGroup(this, 'CopySecurityGroup', {
      vpc: props.vpc,
      description: `${stage} cache restore-test copies: reachable from the verify function only`,
      allowAllOutbound: false,
    });
    this.subnetGroup = new elasticache.CfnSubnetGroup(this, 'SubnetGroup', {
      description: `${stage} cache restore-test copies (isolated subnets)`,
      subnetIds: props.vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_ISOLATED }).subnetIds,
    });

    const start = restoreFunction(this, 'Start', {
      ...common,
      handlerDir: 'restore-test/cache/start',
      timeBudget: START_BUDGET,
      wildcards: [WILDCARDS.cacheCopies, WILDCARDS.cacheSnapshots, WILDCARDS.listCacheSnapshots, WILDCARDS.defaultGroups],
      description: `${stage} restore test: restore the newest cache snapshot into a temporary replication group`,
      environment: {
        [START_ENV.sourceReplicationGroupId]: props.replicationGroupId,
        [START_ENV.cacheNodeType]: config.cacheNodeType,
        [START_ENV.subnetGroupName]: this.subnetGroup.ref,
        [START_ENV.securityGroupId]: this.copySecurityGroup.securityGroupId,
        [START_ENV.authSecretArn]: props.authSecret.secretArn,
        [START_ENV.timeoutMinutes]: String(config.timeoutMinutes),
        ...(props.kmsKey ? { [START_OPTIONAL_ENV.kmsKeyId]: props.kmsKey.keyArn } : {}),
        ...(props.authSecretJsonKey ? { [START_OPTIONAL_ENV.authSecretJsonKey]: props.authSecretJsonKey } : {}),
      },
    });
    const snapshots = cacheArn(this, 'snapshot', `${cacheSnapshotPrefix(stage)}*`);
    // DescribeSnapshots is authorized on snapshot, its only resource type: a list filtered by the
    // source group names no snapshot, so it needs every snapshot of the account and region.
    start.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['elasticache:DescribeSnapshots'], resources: [cacheArn(this, 'snapshot', '*')] }),
    );
    // The new group and its node: only a restore-test name, only with the restore-test tags.
    start.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['elasticache:CreateReplicationGroup', 'elasticache:AddTagsToResource'],
        resources: cacheCopyArns(this, stage),
        conditions: requestsRestoreTestTags(stage),
      }),
    );
    start.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['elasticache:CreateReplicationGroup'],
        resources: [
          snapshots,
          cacheArn(this, 'subnetgroup', this.subnetGroup.ref),
          // The copy uses the engine's default parameter group, whose name depends on the snapshot's engine version.
          cacheArn(this, 'parametergroup', 'default.*'),
        ],
      }),
    );
    props.authSecret.grantRead(start);
    if (props.kmsKey) allowKeyUseThrough('elasticache', start, props.kmsKey.keyArn, { sid: 'CacheKey', decrypt: true });

    const status = restoreFunction(this, 'Status', {
      ...common,
      handlerDir: 'restore-test/cache/status',
      timeBudget: STATUS_BUDGET,
      wildcards: [WILDCARDS.cacheCopies],
      description: `${stage} restore test: status of the temporary replication group`,
      environment: { [STATUS_ENV.maxPolls]: String(RestoreWorkflow.maxPolls(config.timeoutMinutes)) },
    });
    status.addToRolePolicy(describeCacheCopies(this, stage));

    const verify = restoreFunction(this, 'Verify', {
      ...common,
      handlerDir: 'restore-test/cache/verify',
      timeBudget: VERIFY_BUDGET,
      wildcards: [WILDCARDS.s3Grant, manifestObjects(props.backupBucket, stage, 'cache')],
      description: `${stage} restore test: check the temporary cache's key count and sentinel against the backup manifest`,
      vpc: props.vpc,
      environment: {
        [VERIFY_ENV.authSecretArn]: props.authSecret.secretArn,
        [VERIFY_ENV.backupBucket]: props.backupBucket.bucketName,
        [VERIFY_ENV.keyCountTolerancePercent]: String(config.keyCountTolerancePercent),
        ...(props.authSecretJsonKey ? { [VERIFY_OPTIONAL_ENV.authSecretJsonKey]: props.authSecretJsonKey } : {}),
      },
    });
    props.authSecret.grantRead(verify);
    props.backupBucket.grantRead(verify, manifestKey(stage, 'cache', '*'));
    this.copySecurityGroup.connections.allowFrom(verify, ec2.Port.tcp(CACHE_PORT), 'restore-test verification');

    const cleanup = restoreFunction(this, 'Cleanup', {
      ...common,
      handlerDir: 'restore-test/cache/cleanup',
      timeBudget: CLEANUP_BUDGET,
      wildcards: [WILDCARDS.cacheCopies],
      description: `${stage} restore test: delete the temporary replication group (only if tagged as this run's copy)`,
      environment: {},
    });
    cleanup.addToRolePolicy(describeCacheCopies(this, stage));
    for (const statement of deleteCacheCopies(this, stage)) cleanup.addToRolePolicy(statement);

    this.functions = { start, status, verify, cleanup };
    this.workflow = new RestoreWorkflow(this, 'Workflow', {
      stage,
      kind: 'cache',
      steps: { start, status, verify, cleanup, report: props.report },
      timeoutMinutes: config.timeoutMinutes,
      logRetention: props.logRetention,
    });
  }
}
