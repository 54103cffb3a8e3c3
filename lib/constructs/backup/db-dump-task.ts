import * as path from 'node:path';
import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { DB_DUMP_SERVICE, DUMP_CONTAINER_NAME, ENV, TIME_BUDGET } from '../../../lambda/db-dump/contract';
import { BackupStorageConfig } from '../../config/backup-storage';
import { acknowledgeWildcards, wildcardResources } from '../common/nag';
import { AlertTarget } from '../common/alarm-routing';
import { PlatformFunction } from '../common/platform-function';
import { backupSucceededAlarm } from './private/backup-alarm';
import { scheduleFunction } from '../common/scheduled-invoke';

const DUMP_IMAGE_DIR = path.resolve(__dirname, '..', '..', '..', 'docker', 'pg-dump');
/** The `postgres` user of the official PostgreSQL image the dump image is built on. */
const DUMP_USER = 'postgres';

export interface DbDumpTaskProps {
  readonly stage: string;
  readonly config: BackupStorageConfig;
  readonly vpc: ec2.IVpc;
  /** Cluster the one-off dump task runs on. */
  readonly cluster: ecs.ICluster;
  /** The database's generated secret (fields host, port, username, password). */
  readonly databaseSecret: secretsmanager.ISecret;
  /** Database to dump. */
  readonly databaseName: string;
  /** Dumps go under `dumps/<stage>/` of this bucket. */
  readonly backupBucket: s3.IBucket;
  /** The stage's alert routing (or one topic for every severity). */
  readonly alarmTopic: AlertTarget;
  readonly logRetention: logs.RetentionDays;
  /** Subnets the task runs in; they need a route to S3, ECR and Secrets Manager. @default private subnets with egress */
  readonly vpcSubnets?: ec2.SubnetSelection;
}

/**
 * The daily logical dump: a Fargate task (ARM64, `docker/pg-dump`, non-root with a read-only root
 * filesystem) that streams `pg_dump` to the backup bucket, and the function that starts it once a day and records how each run ended.
 * The data stack allows 5432 from `securityGroup`.
 */
export class DbDumpTask extends Construct {
  readonly taskDefinition: ecs.FargateTaskDefinition;
  /** The task's security group: the database must allow 5432 from it. */
  readonly securityGroup: ec2.SecurityGroup;
  readonly launcher: PlatformFunction;
  readonly functions: readonly PlatformFunction[];
  readonly schedule: scheduler.Schedule;
  /** BackupSucceeded < 1 in a day: a dump failed to start or to finish, or none ran. */
  readonly alarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: DbDumpTaskProps) {
    super(scope, id);
    const stage = props.stage;
    const dumpPrefix = `dumps/${stage}/`;

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `${stage} database dump task: PostgreSQL out, HTTPS to S3, ECR and Secrets Manager`,
      allowAllOutbound: true,
    });
    this.taskDefinition = this.createTaskDefinition(props);
    this.grantDumpWrites(props.backupBucket, dumpPrefix);

    const subnets = props.vpc.selectSubnets(props.vpcSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS });
    this.launcher = new PlatformFunction(this, 'Launcher', {
      stage,
      handlerDir: DB_DUMP_SERVICE,
      timeBudget: TIME_BUDGET,
      description: `Starts the daily pg_dump task of ${stage} and records how it ended`,
      logRetention: props.logRetention,
      environment: {
        [ENV.bucket]: props.backupBucket.bucketName,
        [ENV.cluster]: props.cluster.clusterArn,
        [ENV.taskDefinition]: this.taskDefinition.taskDefinitionArn,
        [ENV.subnets]: subnets.subnetIds.join(','),
        [ENV.securityGroups]: this.securityGroup.securityGroupId,
        [ENV.databaseName]: props.databaseName,
      },
    });
    this.functions = [this.launcher];
    this.grantLaunch(props, dumpPrefix);

    [this.schedule] = scheduleFunction(this, this.launcher, [
      { id: 'Schedule', description: `Daily logical dump of the ${stage} database`, expression: props.config.dumpSchedule },
    ]);

    // The task's own end is reported by ECS; the launcher turns it into BackupSucceeded 1 or 0.
    new events.Rule(this, 'TaskStopped', {
      description: `A ${stage} dump task stopped`,
      eventPattern: {
        source: ['aws.ecs'],
        detailType: ['ECS Task State Change'],
        detail: { clusterArn: [props.cluster.clusterArn], lastStatus: ['STOPPED'], group: [`family:${this.taskDefinition.family}`] },
      },
      targets: [new eventTargets.LambdaFunction(this.launcher, { retryAttempts: 2 })],
    });

    this.alarm = backupSucceededAlarm(this, 'BackupAlarm', {
      stage,
      service: DB_DUMP_SERVICE,
      what: `The ${stage} database dump`,
      topic: props.alarmTopic,
      logGroups: [this.launcher.logGroup],
    });
  }

  private createTaskDefinition(props: DbDumpTaskProps): ecs.FargateTaskDefinition {
    const { config, databaseSecret, backupBucket } = props;
    const taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDefinition', {
      cpu: config.dumpImageCpu,
      memoryLimitMiB: config.dumpImageMemoryMiB,
      runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.ARM64, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
    });
    const logGroup = new logs.LogGroup(this, 'TaskLogs', { retention: props.logRetention, removalPolicy: RemovalPolicy.DESTROY });
    // dump.sh streams the dump to S3 and keeps only a FIFO and a byte count, under /tmp.
    taskDefinition.addVolume({ name: 'tmp' });
    const container = taskDefinition.addContainer(DUMP_CONTAINER_NAME, {
      image: ecs.ContainerImage.fromAsset(DUMP_IMAGE_DIR, { platform: Platform.LINUX_ARM64 }),
      // The image's own unprivileged user (docker/pg-dump/Dockerfile); stated here too so the task never runs as root.
      user: DUMP_USER,
      readonlyRootFilesystem: true,
      essential: true,
      logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: 'pg-dump' }),
      environment: {
        PGDATABASE: props.databaseName,
        PGSSLMODE: 'require',
        BACKUP_BUCKET: backupBucket.bucketName,
        AWS_REGION: Stack.of(this).region,
        ...(backupBucket.encryptionKey ? { DUMP_KMS_KEY_ID: backupBucket.encryptionKey.keyArn } : {}),
      },
      secrets: {
        PGHOST: ecs.Secret.fromSecretsManager(databaseSecret, 'host'),
        PGPORT: ecs.Secret.fromSecretsManager(databaseSecret, 'port'),
        PGUSER: ecs.Secret.fromSecretsManager(databaseSecret, 'username'),
        PGPASSWORD: ecs.Secret.fromSecretsManager(databaseSecret, 'password'),
      },
    });
    container.addMountPoints({ containerPath: '/tmp', sourceVolume: 'tmp', readOnly: false });
    Validations.of(taskDefinition).acknowledge({
      id: 'AwsSolutions-ECS2',
      reason:
        'Environment holds only the database name, bucket, region, KMS key ARN and TLS mode; host, port, user and password come from Secrets Manager as ECS secrets.',
    });
    return taskDefinition;
  }

  /** PutObject (multipart included) under this stage's dump prefix only; no read, no delete. */
  private grantDumpWrites(bucket: s3.IBucket, dumpPrefix: string): void {
    const dumps = bucket.arnForObjects(`${dumpPrefix}*`);
    const taskRole = this.taskDefinition.taskRole;
    taskRole.addToPrincipalPolicy(
      new iam.PolicyStatement({ sid: 'WriteDumps', actions: ['s3:PutObject', 's3:AbortMultipartUpload'], resources: [dumps] }),
    );
    // A multipart upload under SSE-KMS needs Decrypt as well as GenerateDataKey.
    bucket.encryptionKey?.grant(taskRole, 'kms:GenerateDataKey', 'kms:Decrypt');
    acknowledgeWildcards(defaultPolicy(taskRole), [
      {
        finding: wildcardResources(dumps),
        reason: `Dump keys carry the date and time of each run, so the task may write only under ${dumpPrefix} of the backup bucket.`,
      },
    ]);
    acknowledgeWildcards(defaultPolicy(this.taskDefinition.obtainExecutionRole()), [
      {
        finding: wildcardResources('*'),
        reason: 'ecr:GetAuthorizationToken, which pulling the dump image needs, supports no resource-level permission.',
      },
    ]);
  }

  private grantLaunch(props: DbDumpTaskProps, dumpPrefix: string): void {
    const onThisCluster = { ArnEquals: { 'ecs:cluster': props.cluster.clusterArn } };
    this.launcher.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'ListTodaysDumps',
        actions: ['s3:ListBucket'],
        resources: [props.backupBucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${dumpPrefix}*`] } },
      }),
    );
    this.launcher.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'RunDumpTask',
        actions: ['ecs:RunTask'],
        resources: [this.taskDefinition.taskDefinitionArn],
        conditions: onThisCluster,
      }),
    );
    this.launcher.addToRolePolicy(
      // Fargate tasks have no container instance to scope ListTasks to; the ECS guide grants it on "*" with the ecs:cluster condition.
      new iam.PolicyStatement({ sid: 'ListDumpTasks', actions: ['ecs:ListTasks'], resources: ['*'], conditions: onThisCluster }),
    );
    const roles = [this.taskDefinition.taskRole, this.taskDefinition.obtainExecutionRole()];
    this.launcher.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'PassDumpTaskRoles',
        actions: ['iam:PassRole'],
        resources: roles.map((role) => role.roleArn),
        conditions: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
      }),
    );
    acknowledgeWildcards(defaultPolicy(this.launcher.role!), [
      {
        finding: wildcardResources('*'),
        reason:
          "ecs:ListTasks can name only a container instance, which Fargate tasks have none of; the ecs:cluster condition limits it to this stage's cluster.",
      },
    ]);
  }
}

function defaultPolicy(role: iam.IRole): iam.Policy {
  return role.node.findChild('DefaultPolicy') as iam.Policy;
}
