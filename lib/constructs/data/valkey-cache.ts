import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { CacheConfig } from '../../config/types';
import { acknowledgeSecretChecks } from '../common/nag';
import { removalPolicyOf, secretRemovalPolicyOf } from './private/removal';

export interface ValkeyCacheProps {
  readonly vpc: ec2.IVpc;
  readonly cache: CacheConfig;
  /** Days to keep the slow log. */
  readonly logRetention: logs.RetentionDays;
  /** Customer-managed key of the nodes' disks and of every snapshot of the group (automatic, manual, final). */
  readonly encryptionKey: kms.IKey;
}

/**
 * An ElastiCache (Valkey or Redis OSS) replication group: encrypted at rest (customer-managed key) and in transit,
 * AUTH token from Secrets Manager, `allkeys-lru` eviction, daily automatic snapshots, and with
 * more than one node automatic failover across AZs.
 */
export class ValkeyCache extends Construct {
  readonly replicationGroup: elasticache.CfnReplicationGroup;
  readonly authSecret: secretsmanager.Secret;
  readonly securityGroup: ec2.SecurityGroup;
  /** Encrypts the group and its snapshots: whoever snapshots or restores one needs it. */
  readonly encryptionKey: kms.IKey;
  readonly port = 6379;

  constructor(scope: Construct, id: string, props: ValkeyCacheProps) {
    super(scope, id);
    const cache = props.cache;
    const [major] = cache.engineVersion.split('.');
    this.encryptionKey = props.encryptionKey;

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'Cache: reachable only from the services and operations functions granted below',
      allowAllOutbound: false,
    });

    // ElastiCache AUTH tokens allow only printable characters other than @, " and /.
    this.authSecret = new secretsmanager.Secret(this, 'AuthToken', {
      description: 'AUTH token of the cache replication group',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: secretRemovalPolicyOf(cache.removal),
    });

    const subnetGroup = new elasticache.CfnSubnetGroup(this, 'Subnets', {
      description: 'Isolated subnets of the cache',
      subnetIds: props.vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_ISOLATED }).subnetIds,
    });

    const parameterGroup = new elasticache.CfnParameterGroup(this, 'Parameters', {
      description: 'Evicts least recently used keys when memory is full',
      cacheParameterGroupFamily: `${cache.engine}${major}`,
      properties: { 'maxmemory-policy': 'allkeys-lru' },
    });

    const slowLog = new logs.LogGroup(this, 'SlowLog', { retention: props.logRetention, removalPolicy: RemovalPolicy.DESTROY });
    const highlyAvailable = cache.nodes > 1;

    this.replicationGroup = new elasticache.CfnReplicationGroup(this, 'ReplicationGroup', {
      replicationGroupDescription: 'Application cache',
      engine: cache.engine,
      engineVersion: cache.engineVersion,
      cacheNodeType: cache.nodeType,
      numCacheClusters: cache.nodes,
      automaticFailoverEnabled: highlyAvailable,
      multiAzEnabled: highlyAvailable,
      atRestEncryptionEnabled: true,
      kmsKeyId: props.encryptionKey.keyArn,
      transitEncryptionEnabled: true,
      authToken: this.authSecret.secretValue.unsafeUnwrap(),
      port: this.port,
      cacheSubnetGroupName: subnetGroup.ref,
      cacheParameterGroupName: parameterGroup.ref,
      securityGroupIds: [this.securityGroup.securityGroupId],
      snapshotRetentionLimit: cache.snapshotRetentionDays,
      snapshotWindow: cache.snapshotWindow,
      preferredMaintenanceWindow: cache.maintenanceWindow,
      autoMinorVersionUpgrade: true,
      logDeliveryConfigurations: [
        {
          destinationType: 'cloudwatch-logs',
          logFormat: 'json',
          logType: 'slow-log',
          destinationDetails: { cloudWatchLogsDetails: { logGroup: slowLog.logGroupName } },
        },
      ],
    });
    this.replicationGroup.applyRemovalPolicy(removalPolicyOf(cache.removal));
    Validations.of(this.authSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'ElastiCache has no managed AUTH rotation: a new token must be set with ModifyReplicationGroup (ROTATE) and the tasks replaced; done by a deploy (see docs/security.md).',
    });
    acknowledgeSecretChecks(
      this.authSecret,
      'ElastiCache has no managed AUTH rotation: a new token must be set with ModifyReplicationGroup (ROTATE) and the tasks replaced; done by a deploy (see docs/security.md).',
    );
    if (cache.snapshotRetentionDays < 15) {
      Validations.of(this.replicationGroup).acknowledge({
        id: 'NIST.800.53.R5-ElastiCacheRedisClusterAutomaticBackup',
        reason: `The stage keeps automatic cache snapshots ${cache.snapshotRetentionDays} days in its config: the cache holds data the application can rebuild, and the backup stack takes its own daily snapshot`,
      });
    }
    if (!highlyAvailable) {
      Validations.of(this.replicationGroup).acknowledge({
        id: 'AwsSolutions-AEC4',
        reason: 'This stage runs a one-node cache in its config to save cost; the cache holds no data that cannot be rebuilt.',
      });
    }
  }

  get replicationGroupId(): string {
    return this.replicationGroup.ref;
  }

  get primaryEndpointAddress(): string {
    return this.replicationGroup.attrPrimaryEndPointAddress;
  }

  /** Reader endpoint: spreads reads over the replicas (same as primary with one node). */
  get readerEndpointAddress(): string {
    return this.replicationGroup.attrReaderEndPointAddress;
  }

  /** ElastiCache names member nodes `<replicationGroupId>-001`, `-002`, …; metrics are per node. */
  nodeIds(): string[] {
    return Array.from(
      { length: this.replicationGroup.numCacheClusters ?? 1 },
      (_, i) => `${this.replicationGroupId}-${String(i + 1).padStart(3, '0')}`,
    );
  }
}
