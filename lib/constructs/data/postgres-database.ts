import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { DatabaseConfig } from '../../config/types';
import { acknowledgeLambdaBasicExecution, acknowledgeSecretChecks } from '../common/nag';
import { removalPolicyOf, secretRemovalPolicyOf } from './private/removal';

export interface PostgresDatabaseProps {
  readonly vpc: ec2.IVpc;
  readonly database: DatabaseConfig;
  /** AZs replicas are spread over (replica i goes to the AZ after the primary's, round robin). */
  readonly availabilityZones: readonly string[];
  /** Days to keep the PostgreSQL logs exported to CloudWatch. */
  readonly logRetention: logs.RetentionDays;
  /**
   * Customer-managed key of the primary's storage, and so of its automated backups, snapshots and
   * replicas (a same-region replica inherits its source's key), and of Performance Insights data.
   */
  readonly encryptionKey: kms.IKey;
  /**
   * With `database.restoreFromSnapshot`: the key the snapshot is encrypted with. A restored instance
   * keeps its snapshot's key (RDS cannot re-key a restore), and so do its replicas and snapshots:
   * this becomes `encryptionKey`, which the backup and restore-test roles are granted.
   * @default none; required when restoring
   */
  readonly snapshotKey?: kms.IKey;
}

/** The master user; application roles are created by migrations. */
const MASTER_USERNAME = 'platform_admin';

/**
 * PostgreSQL on RDS with its read replicas: isolated subnets, encrypted with a customer-managed key, TLS forced by the
 * parameter group, credentials generated in Secrets Manager, automated backups (point-in-time
 * recovery) for the configured days, storage autoscaling and Multi-AZ from config.
 */
export class PostgresDatabase extends Construct {
  /** A new database, or in a region rebuild (`database.restoreFromSnapshot`) one restored from the off-site copy. */
  readonly primary: rds.DatabaseInstance | rds.DatabaseInstanceFromSnapshot;
  readonly replicas: rds.DatabaseInstanceReadReplica[];
  readonly secret: secretsmanager.ISecret;
  readonly securityGroup: ec2.SecurityGroup;
  /** Encrypts the primary, its replicas, backups and snapshots (a restored primary: its snapshot's key): whoever restores or copies one needs it. */
  readonly encryptionKey: kms.IKey;
  readonly port = 5432;

  constructor(scope: Construct, id: string, props: PostgresDatabaseProps) {
    super(scope, id);
    const db = props.database;
    const [major] = db.engineVersion.split('.');
    const engine = rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.of(db.engineVersion, major) });
    if (db.restoreFromSnapshot && !props.snapshotKey)
      throw new Error(
        `PostgresDatabase: restoring from ${db.restoreFromSnapshot} needs snapshotKey, the key that snapshot is encrypted with`,
      );
    this.encryptionKey = db.restoreFromSnapshot ? props.snapshotKey! : props.encryptionKey;

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'PostgreSQL: reachable only from the services and operations functions granted below',
      allowAllOutbound: false,
    });

    const parameterGroup = new rds.ParameterGroup(this, 'Parameters', {
      engine,
      description: 'Forces TLS and logs slow statements',
      parameters: {
        'rds.force_ssl': '1',
        log_min_duration_statement: '1000',
        log_connections: '1',
        log_disconnections: '1',
      },
    });

    const removalPolicy = removalPolicyOf(db.removal);
    const subnets = { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };
    // One enhanced-monitoring role for the primary and every replica.
    const monitoringRole = new iam.Role(this, 'MonitoringRole', {
      assumedBy: new iam.ServicePrincipal('monitoring.rds.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonRDSEnhancedMonitoringRole')],
    });
    Validations.of(monitoringRole).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole]',
      reason:
        'AmazonRDSEnhancedMonitoringRole is the AWS-maintained policy RDS enhanced monitoring requires; it only writes the RDSOSMetrics log group.',
    });
    const monitoring = { monitoringInterval: Duration.seconds(60), monitoringRole };
    const performanceInsights = db.performanceInsights
      ? { enablePerformanceInsights: true, performanceInsightEncryptionKey: props.encryptionKey }
      : {};

    // In three parts around the credentials and encryption, so a new primary's props keep their order
    // (CDK's metadata lists them in that order; a reordering alone would update the stack).
    const placement = {
      engine,
      instanceType: instanceTypeOf(db.instanceClass),
      vpc: props.vpc,
      vpcSubnets: subnets,
      securityGroups: [this.securityGroup],
    } satisfies Partial<rds.DatabaseInstanceProps>;
    const storage = {
      parameterGroup,
      multiAz: db.multiAz,
      allocatedStorage: db.allocatedStorageGb,
      maxAllocatedStorage: db.maxAllocatedStorageGb,
      storageType: rds.StorageType.GP3,
    } satisfies Partial<rds.DatabaseInstanceProps>;
    const operations = {
      backupRetention: Duration.days(db.backupRetentionDays),
      preferredBackupWindow: db.backupWindow,
      preferredMaintenanceWindow: db.maintenanceWindow,
      copyTagsToSnapshot: true,
      deleteAutomatedBackups: false,
      deletionProtection: db.deletionProtection,
      autoMinorVersionUpgrade: true,
      iamAuthentication: true,
      caCertificate: rds.CaCertificate.RDS_CA_RSA2048_G1,
      cloudwatchLogsExports: ['postgresql', 'upgrade'],
      cloudwatchLogsRetention: props.logRetention,
      removalPolicy,
      ...monitoring,
      ...performanceInsights,
    } satisfies Partial<rds.DatabaseInstanceProps>;
    // The same construct id either way: a restored primary keeps the logical ids of a new one.
    this.primary = db.restoreFromSnapshot
      ? // A region rebuild: the snapshot's key and database name carry over (naming a key on a restore
        // is refused); a new master password is generated into a new secret and set on the copy.
        new rds.DatabaseInstanceFromSnapshot(this, 'Primary', {
          ...placement,
          snapshotIdentifier: db.restoreFromSnapshot,
          credentials: rds.SnapshotCredentials.fromGeneratedSecret(MASTER_USERNAME),
          ...storage,
          ...operations,
        })
      : new rds.DatabaseInstance(this, 'Primary', {
          ...placement,
          credentials: rds.Credentials.fromGeneratedSecret(MASTER_USERNAME),
          databaseName: db.databaseName,
          ...storage,
          storageEncrypted: true,
          storageEncryptionKey: props.encryptionKey,
          ...operations,
        });
    this.secret = this.primary.secret!;
    // The generated master secret, not the attachment `primary.secret` returns.
    (this.primary.node.findChild('Secret') as secretsmanager.Secret).applyRemovalPolicy(secretRemovalPolicyOf(db.removal));
    acknowledgeDatabaseChecks(this.primary, db.multiAz, db.deletionProtection);
    if (db.restoreFromSnapshot) acknowledgeRestoredStorage(this.primary);

    // A replica cannot keep a final snapshot; it holds no data the primary lacks. It is encrypted
    // under the primary's key: naming a key (or storageEncrypted) on a same-region replica fails
    // CloudFormation validation (F3020).
    const replicaRemoval = removalPolicy === RemovalPolicy.RETAIN ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    this.replicas = Array.from({ length: db.readReplicas }, (_, i) => {
      const az = props.availabilityZones[(i + 1) % props.availabilityZones.length];
      return new rds.DatabaseInstanceReadReplica(this, `Replica${i + 1}`, {
        sourceDatabaseInstance: this.primary,
        instanceType: instanceTypeOf(db.replicaInstanceClass ?? db.instanceClass),
        availabilityZone: az,
        vpc: props.vpc,
        vpcSubnets: subnets,
        securityGroups: [this.securityGroup],
        parameterGroup,
        deletionProtection: db.deletionProtection,
        autoMinorVersionUpgrade: true,
        caCertificate: rds.CaCertificate.RDS_CA_RSA2048_G1,
        cloudwatchLogsExports: ['postgresql'],
        cloudwatchLogsRetention: props.logRetention,
        removalPolicy: replicaRemoval,
        ...monitoring,
        ...performanceInsights,
      });
    });
    for (const replica of this.replicas) acknowledgeReplicaChecks(replica);
    acknowledgeLogRetentionProvider(this);
  }

  /** Endpoint the application reads from: the first replica, or the primary when there is none. */
  get readerEndpoint(): rds.Endpoint {
    return (this.replicas[0] ?? this.primary).instanceEndpoint;
  }
}

/** `db.r7g.large` → InstanceType `r7g.large`. */
function instanceTypeOf(instanceClass: string): ec2.InstanceType {
  return new ec2.InstanceType(instanceClass.replace(/^db\./, ''));
}

const BACKUP_REASON =
  "Backed up outside AWS Backup: RDS automated backups (point-in-time, backupRetentionDays from config) plus the backup stack's daily manual snapshot with its DR-region copy, both exercised by the restore tests.";

const DEFAULT_PORT_REASON =
  'The port is not a secret: only the security groups granted in the services and operations stacks can reach it, over TLS.';

function acknowledgeDatabaseChecks(primary: PostgresDatabase['primary'], multiAz: boolean, deletionProtection: boolean): void {
  Validations.of(primary).acknowledge({ id: 'AwsSolutions-RDS11', reason: DEFAULT_PORT_REASON });
  // `primary.secret` is the attachment; the finding is on the generated secret itself.
  Validations.of(primary.node.findChild('Secret')).acknowledge({
    id: 'AwsSolutions-SMG4',
    reason:
      'ECS injects this secret when a task starts; rotating it under running tasks would break their connections until they are replaced. Rotate by a deploy (see docs/security.md).',
  });
  acknowledgeSecretChecks(
    primary.node.findChild('Secret'),
    'ECS injects this secret when a task starts; rotating it under running tasks would break their connections until they are replaced. Rotate by a deploy (see docs/security.md).',
  );
  Validations.of(primary).acknowledge({ id: 'NIST.800.53.R5-RDSInBackupPlan', reason: BACKUP_REASON });
  if (!multiAz) {
    Validations.of(primary).acknowledge(
      {
        id: 'AwsSolutions-RDS3',
        reason: 'This stage chooses a single-AZ primary in its config to save cost; stages with replicas must be Multi-AZ (validated).',
      },
      {
        id: 'NIST.800.53.R5-RDSMultiAZSupport',
        reason: 'This stage chooses a single-AZ primary in its config to save cost; stages with replicas must be Multi-AZ (validated).',
      },
    );
  }
  if (!deletionProtection) {
    Validations.of(primary).acknowledge(
      {
        id: 'AwsSolutions-RDS10',
        reason: 'This stage turns deletion protection off in its config so it can be torn down; a final snapshot is still taken.',
      },
      {
        id: 'NIST.800.53.R5-RDSInstanceDeletionProtectionEnabled',
        reason: 'This stage turns deletion protection off in its config so it can be torn down; a final snapshot is still taken.',
      },
    );
  }
}

/** A restore takes its encryption from the snapshot, whose copies are encrypted (the DR key): nothing to set, and setting it is refused. */
function acknowledgeRestoredStorage(primary: PostgresDatabase['primary']): void {
  const reason =
    'Restored from an encrypted snapshot (the off-site copy, under the DR key): the instance inherits encryption and key from it; CloudFormation refuses a key on a restore.';
  Validations.of(primary).acknowledge({ id: 'AwsSolutions-RDS2', reason }, { id: 'NIST.800.53.R5-RDSStorageEncrypted', reason });
}

function acknowledgeReplicaChecks(replica: rds.DatabaseInstanceReadReplica): void {
  Validations.of(replica).acknowledge({ id: 'AwsSolutions-RDS11', reason: DEFAULT_PORT_REASON });
  Validations.of(replica).acknowledge({
    id: 'AwsSolutions-RDS2',
    reason:
      'A read replica inherits storage encryption, and the customer-managed key, from its encrypted source; setting it explicitly fails CloudFormation validation (F3020).',
  });
  Validations.of(replica).acknowledge({
    id: 'AwsSolutions-RDS3',
    reason:
      'A read replica is a single instance by design; availability comes from several replicas in different AZs and the Multi-AZ primary.',
  });
  Validations.of(replica).acknowledge(
    {
      id: 'NIST.800.53.R5-RDSStorageEncrypted',
      reason:
        'A read replica inherits storage encryption, and the customer-managed key, from its encrypted source; setting it explicitly fails CloudFormation validation (F3020).',
    },
    {
      id: 'NIST.800.53.R5-RDSMultiAZSupport',
      reason:
        'A read replica is a single instance by design; availability comes from several replicas in different AZs and the Multi-AZ primary.',
    },
    {
      id: 'NIST.800.53.R5-RDSInBackupPlan',
      reason:
        "A read replica holds only the primary's data, which its automated backups and the daily snapshots cover; backing up the replica would store it twice.",
    },
  );
}

/**
 * `cloudwatchLogsRetention` works through CDK's LogRetention provider (one per stack), because
 * RDS creates its log groups itself, under names known only once the instance exists.
 */
function acknowledgeLogRetentionProvider(scope: Construct): void {
  const provider = Stack.of(scope).node.children.find((child) => child.node.id.startsWith('LogRetention'));
  if (!provider) return;
  acknowledgeLambdaBasicExecution(provider, 'CDK LogRetention provider: the basic execution policy only lets it write its own logs.');
  Validations.of(provider).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'CDK LogRetention provider: it sets retention on the log groups RDS creates at runtime, whose names are not known at synth time.',
  });
}
