import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { BACKUP_STORAGE_DEFAULTS } from '../../lib/config/backup-storage';
import { BackupBucket } from '../../lib/constructs/backup/backup-bucket';
import { ConfigBackup } from '../../lib/constructs/backup/config-backup';
import { DbDumpTask } from '../../lib/constructs/backup/db-dump-task';
import { LogArchive } from '../../lib/constructs/backup/log-archive';
import { LogArchiveBucket } from '../../lib/constructs/backup/log-archive-bucket';
import { nagFindings, testApp, testStack, testVpc } from '../support/fixtures';

const app = testApp();

// prod: everything, backup bucket under a customer key.
const stack = testStack(app, 'Backup');
const vpc = testVpc(stack);
const key = new kms.Key(stack, 'BackupKey', { enableKeyRotation: true });
const config = BACKUP_STORAGE_DEFAULTS.prod;
const archive = new LogArchiveBucket(stack, 'LogArchiveBucket', { stage: 'prod', config, removalPolicy: RemovalPolicy.RETAIN });
const backup = new BackupBucket(stack, 'BackupBucket', {
  config,
  kmsKey: key,
  removalPolicy: RemovalPolicy.RETAIN,
  serverAccessLogsBucket: archive.bucket,
});
const cluster = new ecs.Cluster(stack, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
const secret = new secretsmanager.Secret(stack, 'DatabaseSecret');
const topic = new sns.Topic(stack, 'Alerts', { enforceSSL: true, masterKey: key });
const common = { stage: 'prod', config, alarmTopic: topic, logRetention: logs.RetentionDays.ONE_MONTH };
const dump = new DbDumpTask(stack, 'DbDump', {
  ...common,
  vpc,
  cluster,
  databaseSecret: secret,
  databaseName: 'app',
  backupBucket: backup.bucket,
});
const configBackup = new ConfigBackup(stack, 'ConfigBackup', { ...common, project: 'shop', backupBucket: backup.bucket, cluster });
const logArchive = new LogArchive(stack, 'LogArchive', {
  ...common,
  archiveBucket: archive.bucket,
  logGroupPrefixes: ['/aws/rds/instance/'],
});
// The database side: what the data stack does with the exposed security group.
const databaseSecurityGroup = new ec2.SecurityGroup(stack, 'DatabaseSecurityGroup', { vpc, allowAllOutbound: false });
databaseSecurityGroup.addIngressRule(dump.securityGroup, ec2.Port.tcp(5432), 'pg_dump');
Validations.of(vpc).acknowledge({ id: 'AwsSolutions-VPC7', reason: 'Test fixture VPC; the stage VPC has flow logs.' });
Validations.of(secret).acknowledge({
  id: 'AwsSolutions-SMG4',
  reason: 'Test fixture standing in for the database secret, rotated by the data stack.',
});

// dev: buckets only, S3-managed encryption and no cold tier.
const devStack = testStack(app, 'DevBackup');
const devConfig = BACKUP_STORAGE_DEFAULTS.dev;
const devArchive = new LogArchiveBucket(devStack, 'LogArchiveBucket', {
  stage: 'dev',
  config: devConfig,
  removalPolicy: RemovalPolicy.DESTROY,
});
new BackupBucket(devStack, 'BackupBucket', {
  config: devConfig,
  removalPolicy: RemovalPolicy.DESTROY,
  serverAccessLogsBucket: devArchive.bucket,
});

const template = Template.fromStack(stack);
const devTemplate = Template.fromStack(devStack);
const ref = (construct: { node: { defaultChild?: unknown } }) => ({ Ref: stack.getLogicalId(construct.node.defaultChild as never) });
const arnOf = (construct: { node: { defaultChild?: unknown } }) => ({
  'Fn::GetAtt': [stack.getLogicalId(construct.node.defaultChild as never), 'Arn'],
});

/** Every statement of the role's inline policies, resolved. */
function statementsOf(role: { node: { defaultChild?: unknown } }): Record<string, unknown>[] {
  const roleId = stack.getLogicalId(role.node.defaultChild as never);
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((policy) => (policy.Properties.Roles as unknown[]).some((r) => JSON.stringify(r) === JSON.stringify({ Ref: roleId })))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Record<string, unknown>[]);
}
const statementWith = (statements: Record<string, unknown>[], action: string) =>
  statements.filter((s) => [s.Action].flat().includes(action));

describe('backup bucket', () => {
  const props = () =>
    template.findResources('AWS::S3::Bucket', {
      Properties: {
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }] },
      },
    });

  it('is versioned, KMS-encrypted with the given key and a bucket key, private, without object lock, and retained', () => {
    const buckets = props();
    expect(Object.keys(buckets)).toEqual([stack.getLogicalId(backup.bucket.node.defaultChild as never)]);
    const [bucket] = Object.values(buckets);
    expect(bucket.DeletionPolicy).toBe('Retain');
    expect(bucket.Properties).toMatchObject({
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ BucketKeyEnabled: true, ServerSideEncryptionByDefault: { KMSMasterKeyID: arnOf(key) } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      LoggingConfiguration: { DestinationBucketName: ref(archive.bucket), LogFilePrefix: 'access-logs/backup/' },
    });
    expect(bucket.Properties.ObjectLockEnabled).toBeUndefined();
  });

  it('moves dumps to Glacier IR after 7 days and expires them after 30; reports and manifests live as long', () => {
    const rules = Object.values(props())[0].Properties.LifecycleConfiguration.Rules;
    expect(rules).toEqual(
      expect.arrayContaining([
        {
          Id: 'Dumps',
          Prefix: 'dumps/',
          Status: 'Enabled',
          ExpirationInDays: 30,
          NoncurrentVersionExpiration: { NoncurrentDays: 7 },
          Transitions: [{ StorageClass: 'GLACIER_IR', TransitionInDays: 7 }],
        },
        { Id: 'Reports', Prefix: 'reports/', Status: 'Enabled', ExpirationInDays: 30, NoncurrentVersionExpiration: { NoncurrentDays: 7 } },
        {
          Id: 'Manifests',
          Prefix: 'manifests/',
          Status: 'Enabled',
          ExpirationInDays: 30,
          NoncurrentVersionExpiration: { NoncurrentDays: 7 },
        },
        {
          Id: 'Housekeeping',
          Status: 'Enabled',
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
          ExpiredObjectDeleteMarker: true,
        },
      ]),
    );
  });

  it('keeps the last 10 versions of config/ (the current one and 9 noncurrent)', () => {
    const rules = Object.values(props())[0].Properties.LifecycleConfiguration.Rules;
    expect(rules).toContainEqual({
      Id: 'ConfigVersions',
      Prefix: 'config/',
      Status: 'Enabled',
      NoncurrentVersionExpiration: { NoncurrentDays: 1, NewerNoncurrentVersions: 9 },
    });
  });

  it('refuses plain HTTP and TLS older than 1.2', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: ref(backup.bucket),
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Principal: { AWS: '*' },
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
        ]),
      },
    });
  });

  it('in dev uses S3-managed encryption, keeps dumps 7 days without a cold tier, and can be destroyed', () => {
    const [bucket] = Object.entries(devTemplate.findResources('AWS::S3::Bucket'))
      .filter(([, b]) => b.Properties.LoggingConfiguration)
      .map(([, b]) => b);
    expect(bucket.DeletionPolicy).toBe('Delete');
    expect(bucket.Properties.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
    });
    const dumps = bucket.Properties.LifecycleConfiguration.Rules.find((r: { Id: string }) => r.Id === 'Dumps');
    expect(dumps).toEqual({
      Id: 'Dumps',
      Prefix: 'dumps/',
      Status: 'Enabled',
      ExpirationInDays: 7,
      NoncurrentVersionExpiration: { NoncurrentDays: 7 },
    });
  });
});

describe('log archive bucket', () => {
  const bucket = () => template.findResources('AWS::S3::Bucket')[stack.getLogicalId(archive.bucket.node.defaultChild as never)];

  it('is versioned, SSE-S3 (access logs can only be delivered there), private, and keeps logs 365 days, cold after 30', () => {
    expect(bucket().Properties).toMatchObject({
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
    expect(bucket().Properties.LifecycleConfiguration.Rules).toContainEqual({
      Id: 'Logs',
      Prefix: 'logs/',
      Status: 'Enabled',
      ExpirationInDays: 365,
      NoncurrentVersionExpiration: { NoncurrentDays: 7 },
      Transitions: [{ StorageClass: 'GLACIER_IR', TransitionInDays: 30 }],
    });
  });

  it('lets CloudWatch Logs of this account write exports under logs/prod/ only', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: ref(archive.bucket),
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 's3:GetBucketAcl',
            Principal: { Service: 'logs.eu-west-1.amazonaws.com' },
            Condition: Match.objectLike({ StringEquals: { 'aws:SourceAccount': '111111111111' } }),
          }),
          Match.objectLike({
            Action: 's3:PutObject',
            Principal: { Service: 'logs.eu-west-1.amazonaws.com' },
            Resource: { 'Fn::Join': ['', [arnOf(archive.bucket), '/logs/prod/*']] },
            Condition: {
              StringEquals: { 'aws:SourceAccount': '111111111111', 's3:x-amz-acl': 'bucket-owner-full-control' },
              ArnLike: { 'aws:SourceArn': 'arn:aws:logs:eu-west-1:111111111111:log-group:*' },
            },
          }),
        ]),
      },
    });
  });
});

describe('dump task', () => {
  const taskDefinition = () => Object.values(template.findResources('AWS::ECS::TaskDefinition'))[0].Properties;

  it('is an ARM64 Fargate task of the configured size running the pg-dump image asset', () => {
    expect(taskDefinition()).toMatchObject({
      RequiresCompatibilities: ['FARGATE'],
      RuntimePlatform: { CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX' },
      Cpu: '1024',
      Memory: '2048',
    });
    const [container] = taskDefinition().ContainerDefinitions;
    expect(container).toMatchObject({ Name: 'pg-dump', Essential: true });
    expect(JSON.stringify(container.Image)).toContain('container-assets');
  });

  it('takes the connection and password from the database secret as ECS secrets, never as environment', () => {
    const [container] = taskDefinition().ContainerDefinitions;
    const secretFields = Object.fromEntries(
      (container.Secrets as { Name: string; ValueFrom: { 'Fn::Join': [string, unknown[]] } }[]).map((s) => [
        s.Name,
        s.ValueFrom['Fn::Join'][1].at(-1),
      ]),
    );
    expect(secretFields).toEqual({ PGHOST: ':host::', PGPORT: ':port::', PGUSER: ':username::', PGPASSWORD: ':password::' });
    const environment = Object.fromEntries((container.Environment as { Name: string; Value: unknown }[]).map((e) => [e.Name, e.Value]));
    expect(Object.keys(environment).sort()).toEqual(['AWS_REGION', 'BACKUP_BUCKET', 'DUMP_KMS_KEY_ID', 'PGDATABASE', 'PGSSLMODE']);
    expect(environment).toMatchObject({
      PGDATABASE: 'app',
      PGSSLMODE: 'require',
      BACKUP_BUCKET: ref(backup.bucket),
      DUMP_KMS_KEY_ID: arnOf(key),
    });
  });

  it('logs to its own log group with a retention', () => {
    const [container] = taskDefinition().ContainerDefinitions;
    expect(container.LogConfiguration).toMatchObject({ LogDriver: 'awslogs', Options: { 'awslogs-stream-prefix': 'pg-dump' } });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  it('may only write objects under dumps/prod/ (and use the bucket key for that)', () => {
    const statements = statementsOf(dump.taskDefinition.taskRole);
    const s3Statements = statements.filter((s) => [s.Action].flat().some((a) => String(a).startsWith('s3:')));
    expect(s3Statements).toEqual([
      expect.objectContaining({
        Action: ['s3:AbortMultipartUpload', 's3:PutObject'],
        Resource: { 'Fn::Join': ['', [arnOf(backup.bucket), '/dumps/prod/*']] },
      }),
    ]);
    expect(statementWith(statements, 'kms:GenerateDataKey')[0]).toMatchObject({
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Resource: arnOf(key),
    });
  });

  it('has a security group the database can allow 5432 from', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      IpProtocol: 'tcp',
      FromPort: 5432,
      ToPort: 5432,
      SourceSecurityGroupId: { 'Fn::GetAtt': [stack.getLogicalId(dump.securityGroup.node.defaultChild as never), 'GroupId'] },
    });
  });
});

describe('dump launcher', () => {
  const statements = () => statementsOf(dump.launcher.role!);
  const onCluster = { ArnEquals: { 'ecs:cluster': arnOf(cluster) } };

  it('runs only the dump task definition, on this cluster, and passes only its two roles to ECS', () => {
    expect(statementWith(statements(), 'ecs:RunTask')).toEqual([
      expect.objectContaining({ Resource: ref(dump.taskDefinition), Condition: onCluster }),
    ]);
    const passRole = statementWith(statements(), 'iam:PassRole');
    expect(passRole).toEqual([
      expect.objectContaining({
        Resource: [arnOf(dump.taskDefinition.executionRole!), arnOf(dump.taskDefinition.taskRole)],
        Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
      }),
    ]);
  });

  it('lists tasks of this cluster only and keys under dumps/prod/ only', () => {
    expect(statementWith(statements(), 'ecs:ListTasks')).toEqual([expect.objectContaining({ Resource: '*', Condition: onCluster })]);
    expect(statementWith(statements(), 's3:ListBucket')).toEqual([
      expect.objectContaining({ Resource: arnOf(backup.bucket), Condition: { StringLike: { 's3:prefix': ['dumps/prod/*'] } } }),
    ]);
  });

  it('gets the task definition, private subnets and the task security group from the construct', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Architectures: ['arm64'],
      Environment: {
        Variables: Match.objectLike({
          STAGE: 'prod',
          TASK_DEFINITION_ARN: ref(dump.taskDefinition),
          CLUSTER_ARN: arnOf(cluster),
          DATABASE_NAME: 'app',
          SECURITY_GROUP_IDS: { 'Fn::GetAtt': [stack.getLogicalId(dump.securityGroup.node.defaultChild as never), 'GroupId'] },
          SUBNET_IDS: { 'Fn::Join': ['', [ref(vpc.privateSubnets[0]), ',', ref(vpc.privateSubnets[1])]] },
        }),
      },
    });
  });

  it('runs daily on the configured schedule and hears when a dump task of the family stops', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 3 * * ? *)',
      Target: Match.objectLike({ Arn: arnOf(dump.launcher) }),
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.ecs'],
        'detail-type': ['ECS Task State Change'],
        detail: { clusterArn: [arnOf(cluster)], lastStatus: ['STOPPED'], group: [`family:${dump.taskDefinition.family}`] },
      },
      Targets: [Match.objectLike({ Arn: arnOf(dump.launcher) })],
    });
  });
});

describe('configuration backup', () => {
  const statements = () => statementsOf(configBackup.function.role!);

  it("reads only this stage's parameters, stacks and services, and writes only config/prod/latest.json", () => {
    expect(statementWith(statements(), 'ssm:GetParametersByPath')[0].Resource).toEqual([
      'arn:aws:ssm:eu-west-1:111111111111:parameter/shop/prod',
      'arn:aws:ssm:eu-west-1:111111111111:parameter/shop/prod/*',
    ]);
    expect(statementWith(statements(), 'cloudformation:DescribeStacks')[0].Resource).toBe(
      'arn:aws:cloudformation:eu-west-1:111111111111:stack/prod-*/*',
    );
    expect(statementWith(statements(), 'ecs:ListServices')[0].Condition).toEqual({ ArnEquals: { 'ecs:cluster': arnOf(cluster) } });
    expect(statementWith(statements(), 's3:PutObject')).toEqual([
      expect.objectContaining({
        Action: ['s3:GetObject', 's3:PutObject'],
        Resource: { 'Fn::Join': ['', [arnOf(backup.bucket), '/config/prod/latest.json']] },
      }),
    ]);
  });

  it('runs daily and after every successful create or update of a prod- stack', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(30 3 * * ? *)',
      Target: Match.objectLike({ Arn: arnOf(configBackup.function) }),
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.cloudformation'],
        'detail-type': ['CloudFormation Stack Status Change'],
        detail: {
          'stack-id': [{ prefix: 'arn:aws:cloudformation:eu-west-1:111111111111:stack/prod-' }],
          'status-details': { status: ['CREATE_COMPLETE', 'UPDATE_COMPLETE'] },
        },
      },
      Targets: [Match.objectLike({ Arn: arnOf(configBackup.function) })],
    });
  });
});

describe('log archive', () => {
  it('queues weekly on the configured schedule and moves the queue on every 10 minutes', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 4 ? * MON *)',
      Target: Match.objectLike({ Arn: arnOf(logArchive.function), Input: '{"action":"start"}' }),
    });
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(10 minutes)',
      Target: Match.objectLike({ Arn: arnOf(logArchive.function), Input: '{"action":"continue"}' }),
    });
  });

  it('may export only log groups matching the stage pattern or the given prefixes, and touch only its progress object', () => {
    const statements = statementsOf(logArchive.function.role!);
    expect(statementWith(statements, 'logs:CreateExportTask')[0].Resource).toEqual([
      'arn:aws:logs:eu-west-1:111111111111:log-group:*prod-*',
      'arn:aws:logs:eu-west-1:111111111111:log-group:/aws/rds/instance/*',
    ]);
    expect(statementWith(statements, 's3:PutObject')[0].Resource).toEqual({
      'Fn::Join': ['', [arnOf(archive.bucket), '/state/log-archive/prod.json']],
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          LOG_GROUP_PATTERN: 'prod-',
          LOG_GROUP_PREFIXES: '/aws/rds/instance/',
          ARCHIVE_BUCKET: ref(archive.bucket),
        }),
      },
    });
  });
});

describe('alarms', () => {
  it.each([
    ['db-dump', dump],
    ['config-backup', configBackup],
    ['log-archive', logArchive],
  ])('%s: BackupSucceeded below 1 (or missing) in a day notifies the topic on ALARM and OK', (service, construct) => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'StagePlatform',
      MetricName: 'BackupSucceeded',
      Dimensions: Match.arrayWith([
        { Name: 'Stage', Value: 'prod' },
        { Name: 'service', Value: service },
      ]),
      Statistic: 'Minimum',
      Period: 86400,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
      AlarmActions: [ref(topic)],
      OKActions: [ref(topic)],
    });
    expect(construct.functions).toHaveLength(1);
    expect(construct.alarm).toBeDefined();
  });
});

it('leaves no cdk-nag AwsSolutions findings', () => {
  expect(nagFindings(stack)).toEqual([]);
  expect(nagFindings(devStack)).toEqual([]);
  expect(Stack.of(dump).stackName).toBe('Backup');
});
