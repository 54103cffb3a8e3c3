import { Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { BACKUP_DEFAULTS } from '../../lib/config/backup';
import { BackupFunctions } from '../../lib/constructs/backup/backup-functions';
import { nagFindings, testApp, testStack, testVpc } from '../support/fixtures';

const ACCOUNT = '111111111111';
const DR_KEY = `arn:aws:kms:eu-central-1:${ACCOUNT}:key/dr-key`;
const DR_MANIFEST_KEY = `arn:aws:kms:eu-central-1:${ACCOUNT}:key/dr-key-by-arn`;
const DB_KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/database-key`;
const CACHE_KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/cache-key`;
const config = { ...BACKUP_DEFAULTS.prod, countTables: ['public.orders', 'public.users'] };

const app = testApp();
const stack = testStack(app, 'Backups');
const vpc = testVpc(stack);
Validations.of(vpc).acknowledge({ id: 'AwsSolutions-VPC7', reason: 'Test fixture VPC; the stage VPC has flow logs.' });
const bucketKey = kms.Key.fromKeyArn(stack, 'BucketKey', `arn:aws:kms:eu-west-1:${ACCOUNT}:key/bucket-key`);
const bucket = s3.Bucket.fromBucketAttributes(stack, 'Bucket', { bucketArn: 'arn:aws:s3:::prod-backups', encryptionKey: bucketKey });
const database = rds.DatabaseInstance.fromDatabaseInstanceAttributes(stack, 'Database', {
  instanceIdentifier: 'appdb',
  instanceEndpointAddress: 'appdb.example',
  port: 5432,
  securityGroups: [],
});
const databaseSecret = secretsmanager.Secret.fromSecretCompleteArn(
  stack,
  'DbSecret',
  `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:prod-db-AbCdEf`,
);
const cacheSecret = secretsmanager.Secret.fromSecretCompleteArn(
  stack,
  'CacheSecret',
  `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:prod-cache-auth-GhIjKl`,
);
const topic = sns.Topic.fromTopicArn(stack, 'Topic', `arn:aws:sns:eu-west-1:${ACCOUNT}:prod-alerts`);
const backups = new BackupFunctions(stack, 'Backups', {
  stage: 'prod',
  config,
  vpc,
  database,
  databaseSecret,
  databaseEncryptionKey: kms.Key.fromKeyArn(stack, 'DatabaseKey', DB_KEY),
  replicationGroupId: 'prod-cache',
  cacheEncryptionKey: kms.Key.fromKeyArn(stack, 'CacheKey', CACHE_KEY),
  cacheAuthSecret: cacheSecret,
  cacheEndpointAddress: 'master.prod-cache.example',
  cacheEndpointPort: 6379,
  backupBucket: bucket,
  drKmsKeyArn: DR_KEY,
  drManifestBucket: s3.Bucket.fromBucketAttributes(stack, 'DrManifests', {
    bucketName: 'prod-dr-manifest-copies',
    region: 'eu-central-1',
    encryptionKey: kms.Key.fromKeyArn(stack, 'DrManifestKey', DR_MANIFEST_KEY),
  }),
  alarmTopic: topic,
  logRetention: logs.RetentionDays.ONE_MONTH,
  freshnessThresholdHours: { configBackup: 30 },
});
// What the data stack does with the exposed security group.
const databaseSecurityGroup = new ec2.SecurityGroup(stack, 'DatabaseSecurityGroup', { vpc, allowAllOutbound: false });
databaseSecurityGroup.addIngressRule(backups.securityGroup, ec2.Port.tcp(5432), 'row counts');
const template = Template.fromStack(stack);

const logicalId = (construct: { node: { defaultChild?: unknown } }) => stack.getLogicalId(construct.node.defaultChild as never);
function functionProps(fn: { node: { defaultChild?: unknown } }) {
  return template.findResources('AWS::Lambda::Function')[logicalId(fn)].Properties;
}
/** A value in a synthesized template: a literal, or an intrinsic such as `{ 'Fn::Join': [...] }`. */
type TemplateValue = string | Record<string, unknown>;
/** An IAM policy statement as synthesized. */
interface PolicyStatement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: TemplateValue | TemplateValue[];
  Condition?: Record<string, Record<string, unknown>>;
}
/** Every statement of the function role's inline policies, resolved. */
function statementsOf(fn: { role?: { node: { defaultChild?: unknown } } }): PolicyStatement[] {
  const roleId = logicalId(fn.role!);
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((policy) => (policy.Properties.Roles as unknown[]).some((r) => JSON.stringify(r) === JSON.stringify({ Ref: roleId })))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as PolicyStatement[]);
}
const withAction = (statements: PolicyStatement[], action: string) => statements.filter((s) => [s.Action].flat().includes(action));
const flat = (value: unknown) => JSON.stringify(value);
/** The resources of each statement granting `action`, sorted (IAM policy minimization reorders them). */
const resourcesFor = (statements: PolicyStatement[], action: string) =>
  withAction(statements, action).map((s) => [s.Resource].flat().sort());

describe('the four backup functions', () => {
  it('are exposed for the shared Lambda alarms', () => {
    expect(backups.functions).toEqual([
      backups.dbSnapshotFunction,
      backups.cacheSnapshotFunction,
      backups.retentionFunction,
      backups.monitorFunction,
    ]);
    const ours = Object.values(template.findResources('AWS::Lambda::Function')).filter(
      (f) => f.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME,
    );
    expect(ours.map((f) => f.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME)).toEqual([
      'db-snapshot',
      'cache-snapshot',
      'backup-retention',
      'backup-monitor',
    ]);
  });

  it('run the db-snapshot handler in the VPC with the database, bucket, table list and DR settings', () => {
    const props = functionProps(backups.dbSnapshotFunction);
    expect(props.Environment.Variables).toMatchObject({
      STAGE: 'prod',
      POWERTOOLS_SERVICE_NAME: 'db-snapshot',
      DB_INSTANCE_ID: 'appdb',
      DB_SECRET_ARN: databaseSecret.secretArn,
      BACKUP_BUCKET: 'prod-backups',
      COUNT_TABLES: 'public.orders,public.users',
      DR_REGION: 'eu-central-1',
      DR_KMS_KEY_ARN: DR_KEY,
      NODE_EXTRA_CA_CERTS: '/var/runtime/ca-cert.pem',
    });
    expect(props.Architectures).toEqual(['arm64']);
    expect(props.VpcConfig.SecurityGroupIds).toEqual([{ 'Fn::GetAtt': [logicalId(backups.securityGroup), 'GroupId'] }]);
  });

  it('run the cache-snapshot handler in the VPC against the primary endpoint', () => {
    const props = functionProps(backups.cacheSnapshotFunction);
    expect(props.Environment.Variables).toMatchObject({
      REPLICATION_GROUP_ID: 'prod-cache',
      CACHE_HOST: 'master.prod-cache.example',
      CACHE_PORT: '6379',
      CACHE_AUTH_SECRET_ARN: cacheSecret.secretArn,
      BACKUP_BUCKET: 'prod-backups',
    });
    expect(props.VpcConfig.SecurityGroupIds).toEqual([{ 'Fn::GetAtt': [logicalId(backups.securityGroup), 'GroupId'] }]);
  });

  it('give retention its policy from the stage config, and keep retention and the monitor out of the VPC', () => {
    const retention = functionProps(backups.retentionFunction);
    expect(retention.Environment.Variables).toMatchObject({
      DR_REGION: 'eu-central-1',
      SNAPSHOT_RETENTION_DAYS: '30',
      KEEP_LATEST_SNAPSHOTS: '7',
      CACHE_SNAPSHOT_RETENTION_DAYS: '7',
      DRY_RUN: 'false',
    });
    expect(retention.VpcConfig).toBeUndefined();
    expect(functionProps(backups.monitorFunction).Environment.Variables).toMatchObject({
      DR_REGION: 'eu-central-1',
      BACKUP_BUCKET: 'prod-backups',
    });
    expect(functionProps(backups.monitorFunction).VpcConfig).toBeUndefined();
  });

  it('let the data stack open 5432 from the exposed security group', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      IpProtocol: 'tcp',
      FromPort: 5432,
      ToPort: 5432,
      SourceSecurityGroupId: { 'Fn::GetAtt': [logicalId(backups.securityGroup), 'GroupId'] },
    });
  });
});

describe('schedules', () => {
  const schedules = () => Object.values(template.findResources('AWS::Scheduler::Schedule')).map((s) => s.Properties);

  it('run each job on its configured EventBridge Scheduler expression with the right input', () => {
    const byFunction = schedules().map((s) => [s.ScheduleExpression, s.Target.Input, flat(s.Target.Arn)]);
    const arnOf = (fn: { node: { defaultChild?: unknown } }) => flat({ 'Fn::GetAtt': [logicalId(fn), 'Arn'] });
    expect(byFunction).toEqual(
      expect.arrayContaining([
        ['cron(0 3 * * ? *)', '{"action":"snapshot"}', arnOf(backups.dbSnapshotFunction)],
        ['rate(1 hour)', '{"action":"copy"}', arnOf(backups.dbSnapshotFunction)],
        ['cron(0 1/6 * * ? *)', '{}', arnOf(backups.cacheSnapshotFunction)],
        ['cron(30 4 * * ? *)', '{}', arnOf(backups.retentionFunction)],
        ['rate(1 hour)', '{}', arnOf(backups.monitorFunction)],
      ]),
    );
    expect(schedules()).toHaveLength(5);
    expect(backups.schedules).toHaveLength(5);
  });
});

describe('least-privilege IAM', () => {
  it("db-snapshot creates snapshots only of this instance and only under this stage's names", () => {
    const statements = statementsOf(backups.dbSnapshotFunction);
    const bothRegions = ['arn:aws:rds:eu-central-1:111111111111:snapshot:prod-*', 'arn:aws:rds:eu-west-1:111111111111:snapshot:prod-*'];
    expect(resourcesFor(statements, 'rds:CreateDBSnapshot')).toEqual([
      ['arn:aws:rds:eu-west-1:111111111111:db:appdb', 'arn:aws:rds:eu-west-1:111111111111:snapshot:prod-*'],
    ]);
    expect(resourcesFor(statements, 'rds:CopyDBSnapshot')).toEqual([bothRegions]);
    expect(resourcesFor(statements, 'rds:AddTagsToResource')).toEqual([bothRegions]);
    expect(statements.some((s) => [s.Action].flat().some((a: string) => a.includes('Delete')))).toBe(false);
  });

  it('db-snapshot may use the DR key and the database key only through RDS, and no other key', () => {
    const statements = statementsOf(backups.dbSnapshotFunction);
    const forAws = { Bool: { 'kms:GrantIsForAWSResource': 'true' } };
    expect(withAction(statements, 'kms:CreateGrant')).toEqual([
      { Sid: 'DrKeyGrant', Effect: 'Allow', Action: 'kms:CreateGrant', Resource: DR_KEY, Condition: forAws },
      { Sid: 'SourceKeyGrant', Effect: 'Allow', Action: 'kms:CreateGrant', Resource: DB_KEY, Condition: forAws },
    ]);
    expect(withAction(statements, 'kms:DescribeKey').map((s) => s.Resource)).toEqual([DR_KEY, DB_KEY]);
    // Reading the CMK-encrypted source of a cross-region copy: Decrypt on the database key, only through RDS here;
    // and reading a manifest to copy it to the DR region: Decrypt on the backup bucket's key.
    expect(withAction(statements, 'kms:Decrypt')).toEqual([
      { Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: bucketKey.keyArn },
      {
        Sid: 'SourceKeyDecrypt',
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: DB_KEY,
        Condition: { StringEquals: { 'kms:ViaService': 'rds.eu-west-1.amazonaws.com' } },
      },
    ]);
    const kmsResources = statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('kms:'))).flatMap((s) => [s.Resource].flat());
    expect([...new Set(kmsResources)].sort()).toEqual([DB_KEY, DR_KEY, bucketKey.keyArn, DR_MANIFEST_KEY].sort());
  });

  it('cache-snapshot may have ElastiCache encrypt the snapshot under the cache key (a grant for an AWS resource), nothing more', () => {
    const statements = statementsOf(backups.cacheSnapshotFunction);
    expect(withAction(statements, 'kms:CreateGrant')).toEqual([
      {
        Sid: 'CacheKeyGrant',
        Effect: 'Allow',
        Action: 'kms:CreateGrant',
        Resource: CACHE_KEY,
        Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
      },
    ]);
    expect(withAction(statements, 'kms:DescribeKey')).toEqual([
      { Sid: 'CacheKeyDescribe', Effect: 'Allow', Action: 'kms:DescribeKey', Resource: CACHE_KEY },
    ]);
    expect(withAction(statements, 'kms:Decrypt')).toEqual([]);
  });

  it("retention uses no key and the monitor only the bucket's: deleting or listing a snapshot needs none", () => {
    expect(statementsOf(backups.retentionFunction).filter((s) => [s.Action].flat().some((a) => a.startsWith('kms:')))).toEqual([]);
    const monitorKeys = statementsOf(backups.monitorFunction).filter((s) => [s.Action].flat().some((a) => a.startsWith('kms:')));
    expect(monitorKeys.map((s) => [s.Resource].flat())).toEqual([[`arn:aws:kms:eu-west-1:${ACCOUNT}:key/bucket-key`]]);
  });

  it('manifests are written only under manifests/<stage>/<kind>/, encrypted with the bucket key', () => {
    expect(withAction(statementsOf(backups.dbSnapshotFunction), 's3:PutObject')).toEqual([
      expect.objectContaining({ Resource: 'arn:aws:s3:::prod-backups/manifests/prod/database/*' }),
      // The manifest copy beside each DR snapshot copy, in the DR region's bucket, under the same key.
      {
        Sid: 'WriteDrManifestCopies',
        Effect: 'Allow',
        Action: 's3:PutObject',
        Resource: 'arn:aws:s3:::prod-dr-manifest-copies/manifests/prod/database/*',
      },
    ]);
    expect(withAction(statementsOf(backups.dbSnapshotFunction), 's3:GetObject')).toEqual([
      {
        Sid: 'ReadManifestsToCopy',
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::prod-backups/manifests/prod/database/*',
      },
    ]);
    expect(withAction(statementsOf(backups.dbSnapshotFunction), 'kms:GenerateDataKey')).toContainEqual({
      Sid: 'EncryptDrManifestCopies',
      Effect: 'Allow',
      Action: 'kms:GenerateDataKey',
      Resource: DR_MANIFEST_KEY,
    });
    expect(withAction(statementsOf(backups.cacheSnapshotFunction), 's3:PutObject')).toEqual([
      expect.objectContaining({ Resource: 'arn:aws:s3:::prod-backups/manifests/prod/cache/*' }),
    ]);
    expect(flat(withAction(statementsOf(backups.dbSnapshotFunction), 'kms:GenerateDataKey'))).toContain('key/bucket-key');
  });

  it('each snapshot function reads only its own secret', () => {
    expect(flat(withAction(statementsOf(backups.dbSnapshotFunction), 'secretsmanager:GetSecretValue'))).toContain('secret:prod-db-AbCdEf');
    expect(flat(withAction(statementsOf(backups.dbSnapshotFunction), 'secretsmanager:GetSecretValue'))).not.toContain('cache-auth');
    expect(flat(withAction(statementsOf(backups.cacheSnapshotFunction), 'secretsmanager:GetSecretValue'))).toContain(
      'secret:prod-cache-auth-GhIjKl',
    );
  });

  it("snapshot listing is granted on what each call is authorized on: the source instance and this stage's names for db-snapshot, every snapshot of the read regions for an unfiltered list, never every instance", () => {
    const rds = (region: string) => `arn:aws:rds:${region}:111111111111`;
    // db-snapshot filters by its instance and looks its own snapshots up by name.
    expect(resourcesFor(statementsOf(backups.dbSnapshotFunction), 'rds:DescribeDBSnapshots')).toEqual([
      [`${rds('eu-west-1')}:db:appdb`, `${rds('eu-west-1')}:snapshot:prod-*`, `${rds('eu-central-1')}:snapshot:prod-*`].sort(),
    ]);
    // The monitor and retention list every manual snapshot: a list that names none covers them all.
    for (const fn of [backups.monitorFunction, backups.retentionFunction]) {
      expect(resourcesFor(statementsOf(fn), 'rds:DescribeDBSnapshots')).toEqual([
        [
          `${rds('eu-west-1')}:snapshot:*`,
          `${rds('eu-central-1')}:snapshot:*`,
          'arn:aws:elasticache:eu-west-1:111111111111:snapshot:*',
        ].sort(),
      ]);
    }
  });

  it("cache-snapshot snapshots only its replication group under this stage's names", () => {
    const elasticache = 'arn:aws:elasticache:eu-west-1:111111111111';
    expect(resourcesFor(statementsOf(backups.cacheSnapshotFunction), 'elasticache:CreateSnapshot')).toEqual([
      [`${elasticache}:cluster:prod-cache-*`, `${elasticache}:replicationgroup:prod-cache`, `${elasticache}:snapshot:prod-cache-*`],
    ]);
    expect(withAction(statementsOf(backups.cacheSnapshotFunction), 'elasticache:AddTagsToResource')).toEqual([
      expect.objectContaining({ Resource: `${elasticache}:snapshot:prod-cache-*` }),
    ]);
  });

  it('retention deletes DB snapshots only when tagged Stage=prod and CreatedBy=stage-platform-backup, in both regions', () => {
    const [remove] = withAction(statementsOf(backups.retentionFunction), 'rds:DeleteDBSnapshot');
    expect(remove.Condition).toEqual({
      StringEquals: { 'rds:snapshot-tag/Stage': 'prod', 'rds:snapshot-tag/CreatedBy': 'stage-platform-backup' },
    });
    expect([remove.Resource].flat().sort()).toEqual([
      'arn:aws:rds:eu-central-1:111111111111:snapshot:prod-*',
      'arn:aws:rds:eu-west-1:111111111111:snapshot:prod-*',
    ]);
    expect(withAction(statementsOf(backups.retentionFunction), 'elasticache:DeleteSnapshot')).toEqual([
      expect.objectContaining({ Resource: 'arn:aws:elasticache:eu-west-1:111111111111:snapshot:prod-cache-*' }),
    ]);
  });

  it('no delete is ever allowed on "*"', () => {
    for (const fn of backups.functions) {
      for (const statement of statementsOf(fn)) {
        if ([statement.Action].flat().some((a: string) => /Delete/.test(a))) expect([statement.Resource].flat()).not.toContain('*');
      }
    }
  });

  it('the monitor may list the backup bucket without a prefix condition (so a missing dump sidecar is 404, not 403), and changes nothing but its own dead-letter queue', () => {
    const statements = statementsOf(backups.monitorFunction);
    expect(withAction(statements, 's3:ListBucket')).toEqual([
      { Sid: 'ListBackupObjects', Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::prod-backups' },
    ]);
    const changes = statements.filter((s) => [s.Action].flat().some((a: string) => !/:(Describe|List|GetObject$|Decrypt$)/.test(a)));
    expect(changes).toEqual([
      { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': [logicalId(backups.monitorFunction.deadLetters), 'Arn'] } },
    ]);
  });

  it("the monitor reads only this stage's dump sidecars (to check each dump's recorded size), decrypting with the bucket key", () => {
    const statements = statementsOf(backups.monitorFunction);
    expect(withAction(statements, 's3:GetObject')).toEqual([
      expect.objectContaining({ Resource: 'arn:aws:s3:::prod-backups/dumps/prod/*.dump.json' }),
    ]);
    expect(resourcesFor(statements, 'kms:Decrypt')).toEqual([[`arn:aws:kms:eu-west-1:${ACCOUNT}:key/bucket-key`]]);
  });
});

describe('alarms', () => {
  const alarms = () => Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties);
  const topicArn = `arn:aws:sns:eu-west-1:${ACCOUNT}:prod-alerts`;

  it('alarm on a failed or missing run of each function (BackupSucceeded < 1), notifying on ALARM and OK', () => {
    const failed = alarms().filter((a) => a.MetricName === 'BackupSucceeded');
    expect(failed.map((a) => a.Dimensions.find((d: { Name: string }) => d.Name === 'service').Value).sort()).toEqual([
      'backup-monitor',
      'backup-retention',
      'cache-snapshot',
      'db-snapshot',
    ]);
    for (const alarm of failed) {
      expect(alarm).toMatchObject({
        Namespace: 'StagePlatform',
        Threshold: 1,
        ComparisonOperator: 'LessThanThreshold',
        AlarmActions: [topicArn],
        OKActions: [topicArn],
      });
      expect(alarm.Dimensions).toContainEqual({ Name: 'Stage', Value: 'prod' });
    }
  });

  it('alarm when the newest backup of a kind is too old: 26 h, 7 h for the cache, or as overridden', () => {
    const freshness: Record<string, { MetricName: string; Threshold: number }> = Object.fromEntries(
      alarms()
        .filter((a) => /^Latest.*AgeHours$/.test(a.MetricName))
        .map((a) => [a.MetricName, a]),
    );
    expect(Object.fromEntries(Object.entries(freshness).map(([name, a]) => [name, a.Threshold]))).toEqual({
      LatestDbSnapshotAgeHours: 26,
      LatestDrSnapshotAgeHours: 26,
      LatestCacheSnapshotAgeHours: 7,
      LatestDbDumpAgeHours: 26,
      LatestConfigBackupAgeHours: 30,
    });
    for (const alarm of Object.values(freshness)) {
      expect(alarm).toMatchObject({
        Namespace: 'StagePlatform',
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'breaching',
        Statistic: 'Minimum',
        Dimensions: expect.arrayContaining([
          { Name: 'service', Value: 'backup-monitor' },
          { Name: 'Stage', Value: 'prod' },
        ]),
        AlarmActions: [topicArn],
        OKActions: [topicArn],
      });
    }
    expect(Object.keys(backups.freshnessAlarms).sort()).toEqual(['cacheSnapshot', 'configBackup', 'dbDump', 'dbSnapshot', 'drSnapshot']);
  });
});

it('has no cdk-nag findings left', () => {
  expect(nagFindings(stack)).toEqual([]);
});

it('names no functions, and its alarms as the catalog does: after the stage', () => {
  template.allResourcesProperties('AWS::Lambda::Function', { FunctionName: Match.absent() });
  template.allResourcesProperties('AWS::CloudWatch::Alarm', { AlarmName: Match.stringLikeRegexp('^prod-') });
  template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'prod-backup-db-snapshot-stale' });
  template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'prod-backup-db-snapshot-failed' });
});
