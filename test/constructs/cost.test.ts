import { CfnElement, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';
import { COST_DEFAULTS, CostConfig } from '../../lib/config/cost';
import { CostManagement } from '../../lib/constructs/cost/cost-management';
import { nagFindings, testApp, testStack } from '../support/fixtures';

const FINANCE_READER = 'arn:aws:iam::222222222222:role/finance/cost-reader';
const CONFIG: CostConfig = {
  ...COST_DEFAULTS.prod,
  budgetAlertEmails: ['ops@example.com', 'finance@example.com'],
  reportEmails: ['finance@example.com', 'controller@example.com'],
  reportHttpsEndpoints: ['https://hooks.example.com/cost'],
  reportReaders: [FINANCE_READER, 'arn:aws:iam::111111111111:root'],
  anomalyThresholdUsd: 125,
};

// The reports bucket and its key live in another stack (as the data stack's would); the cost topic and its key in this one.
const app = testApp();
const shared = testStack(app, 'Shared');
const stack = testStack(app, 'Ops');
const bucketKey = new kms.Key(shared, 'ReportsKey', { enableKeyRotation: true });
const bucket = new s3.Bucket(shared, 'Reports', {
  enforceSSL: true,
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  encryptionKey: bucketKey,
  bucketKeyEnabled: true,
});
Validations.of(bucket).acknowledge({ id: 'AwsSolutions-S1', reason: 'Test fixture standing in for the platform reports bucket.' });
const cost = new CostManagement(stack, 'Cost', {
  project: 'webapp',
  stage: 'prod',
  config: CONFIG,
  reportsBucket: bucket,
  reportRetentionDays: 35,
  logRetention: logs.RetentionDays.ONE_MONTH,
});
const template = Template.fromStack(stack);
const logicalId = (construct: IConstruct) =>
  stack.getLogicalId((construct instanceof CfnElement ? construct : construct.node.defaultChild) as CfnElement);
const topic = cost.topic.topic;
const topicRef = { Ref: logicalId(topic) };

describe('cost topic', () => {
  it('is the only topic here, encrypted with its own rotating key and TLS only', () => {
    template.resourceCountIs('AWS::SNS::Topic', 1);
    template.hasResourceProperties('AWS::SNS::Topic', {
      DisplayName: 'prod cost reports',
      KmsMasterKeyId: { 'Fn::GetAtt': [logicalId(cost.topic.key), 'Arn'] },
    });
    template.hasResourceProperties('AWS::KMS::Key', { Description: 'Encrypts the prod cost topic', EnableKeyRotation: true });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('has exactly the configured subscribers: each report email and the HTTPS endpoint', () => {
    const subscriptions = Object.values(template.findResources('AWS::SNS::Subscription')).map((r) => [
      r.Properties.Protocol,
      r.Properties.Endpoint,
      r.Properties.TopicArn,
    ]);
    expect(subscriptions).toEqual([
      ['email', 'finance@example.com', topicRef],
      ['email', 'controller@example.com', topicRef],
      ['https', 'https://hooks.example.com/cost', topicRef],
    ]);
  });

  it('lets AWS Budgets use its key (the topic policy limits publishing to this account)', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      Description: 'Encrypts the prod cost topic',
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'AllowBudgetsToEncrypt',
            Principal: { Service: 'budgets.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            Resource: '*',
          }),
        ]),
      },
    });
  });
});

describe('cost report reader role', () => {
  const roleId = logicalId(cost.reader.role);
  const readerStatements = () => {
    const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } });
    return Object.values(policies).flatMap((p) => p.Properties.PolicyDocument.Statement as Record<string, unknown>[]);
  };

  it('is named <project>-<stage>-cost-report-reader and trusts exactly the configured principals', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'webapp-prod-cost-report-reader',
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { AWS: Match.arrayEquals(['arn:aws:iam::111111111111:root', FINANCE_READER]) },
          },
        ],
      },
    });
  });

  it('may read the reports prefix, list only that prefix and decrypt only through S3: nothing else', () => {
    const statements = readerStatements();
    expect(statements).toHaveLength(3);
    const read = statements.find((s) => s.Sid === 'ReadCostReports')!;
    expect(read.Action).toBe('s3:GetObject');
    expect(JSON.stringify(read.Resource)).toMatch(/\/reports\/prod\/cost\/\*"\]\]\}$/);
    const list = statements.find((s) => s.Sid === 'ListCostReports')!;
    expect(list.Action).toBe('s3:ListBucket');
    expect(list.Condition).toEqual({ StringLike: { 's3:prefix': ['reports/prod/cost/*'] } });
    expect(JSON.stringify(list.Resource)).not.toContain('*');
    const decrypt = statements.find((s) => s.Sid === 'DecryptCostReportsThroughS3')!;
    expect(decrypt.Action).toBe('kms:Decrypt');
    expect(decrypt.Condition).toEqual({ StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } });
    expect(JSON.stringify(decrypt.Resource)).toContain('ReportsKey');
  });

  it('trusts the whole stage account when no readers are configured', () => {
    const alone = testStack(testApp(), 'Alone');
    const readerOnly = new CostManagement(alone, 'Cost', {
      project: 'webapp',
      stage: 'dev',
      config: COST_DEFAULTS.dev,
      reportsBucket: s3.Bucket.fromBucketName(alone, 'Imported', 'reports'),
      reportRetentionDays: 7,
      logRetention: logs.RetentionDays.ONE_MONTH,
    });
    const role = Template.fromStack(alone).toJSON().Resources[alone.getLogicalId(readerOnly.reader.role.node.defaultChild as CfnElement)];
    expect(role.Properties.RoleName).toBe('webapp-dev-cost-report-reader');
    expect(role.Properties.AssumeRolePolicyDocument.Statement[0].Principal).toEqual({ AWS: 'arn:aws:iam::111111111111:root' });
    Template.fromStack(alone).resourceCountIs('AWS::SNS::Subscription', 0);
  });
});

describe('budget', () => {
  it('is a monthly COST budget of the config amount, filtered on the Stage cost allocation tag', () => {
    template.resourceCountIs('AWS::Budgets::Budget', 1);
    template.hasResourceProperties('AWS::Budgets::Budget', {
      Budget: {
        BudgetType: 'COST',
        TimeUnit: 'MONTHLY',
        BudgetLimit: { Amount: 3000, Unit: 'USD' },
        CostFilters: { TagKeyValue: ['user:Stage$prod'] },
        BudgetName: Match.absent(),
      },
    });
  });

  it('notifies the emails and the cost topic at 80 % actual and 100 % forecasted', () => {
    const subscribers = [
      { SubscriptionType: 'EMAIL', Address: 'ops@example.com' },
      { SubscriptionType: 'EMAIL', Address: 'finance@example.com' },
      { SubscriptionType: 'SNS', Address: topicRef },
    ];
    template.hasResourceProperties('AWS::Budgets::Budget', {
      NotificationsWithSubscribers: [
        {
          Notification: { NotificationType: 'ACTUAL', ComparisonOperator: 'GREATER_THAN', Threshold: 80, ThresholdType: 'PERCENTAGE' },
          Subscribers: subscribers,
        },
        {
          Notification: { NotificationType: 'FORECASTED', ComparisonOperator: 'GREATER_THAN', Threshold: 100, ThresholdType: 'PERCENTAGE' },
          Subscribers: subscribers,
        },
      ],
    });
  });

  it('lets AWS Budgets and Cost Anomaly Detection publish to the topic from this account only, before the budget exists', () => {
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'budgets.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: {
              StringEquals: { 'aws:SourceAccount': '111111111111' },
              ArnLike: { 'aws:SourceArn': 'arn:aws:budgets::111111111111:*' },
            },
          }),
          Match.objectLike({
            Principal: { Service: 'costalerts.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } },
          }),
        ]),
      },
    });
    const policyId = Object.keys(template.findResources('AWS::SNS::TopicPolicy'))[0];
    const budget = Object.values(template.findResources('AWS::Budgets::Budget'))[0];
    expect(budget.DependsOn).toContain(policyId);
  });
});

describe('anomaly detection', () => {
  it('monitors the Stage tag of this stage with a custom monitor', () => {
    template.hasResourceProperties('AWS::CE::AnomalyMonitor', {
      MonitorType: 'CUSTOM',
      MonitorSpecification: JSON.stringify({ Tags: { Key: 'Stage', Values: ['prod'], MatchOptions: ['EQUALS'] } }),
    });
  });

  it('alerts the cost topic immediately on anomalies of at least the configured USD impact', () => {
    template.hasResourceProperties('AWS::CE::AnomalySubscription', {
      Frequency: 'IMMEDIATE',
      MonitorArnList: [{ 'Fn::GetAtt': [logicalId(cost.anomalies.monitor), 'MonitorArn'] }],
      Subscribers: [{ Type: 'SNS', Address: topicRef }],
      ThresholdExpression: JSON.stringify({
        Dimensions: { Key: 'ANOMALY_TOTAL_IMPACT_ABSOLUTE', Values: ['125'], MatchOptions: ['GREATER_THAN_OR_EQUAL'] },
      }),
    });
  });

  it('lets Cost Anomaly Detection use the topic key', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'costalerts.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } },
          }),
        ]),
      },
    });
  });
});

describe('cost report function', () => {
  const functionId = logicalId(cost.reports.function);

  it('runs on ARM64 with the bucket, the cost topic, the budget, the reader role and the retention in its environment', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Architectures: ['arm64'],
      Environment: {
        Variables: Match.objectLike({
          STAGE: 'prod',
          REPORTS_BUCKET: Match.anyValue(),
          TOPIC_ARN: topicRef,
          MONTHLY_BUDGET_USD: '3000',
          READER_ROLE_ARN: { 'Fn::GetAtt': [logicalId(cost.reader.role), 'Arn'] },
          REPORT_RETENTION_DAYS: '35',
        }),
      },
    });
  });

  it('runs daily, weekly and monthly on the configured schedules, each sending its period', () => {
    template.resourceCountIs('AWS::Scheduler::Schedule', 3);
    for (const period of ['daily', 'weekly', 'monthly'] as const) {
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: CONFIG.reportSchedules[period],
        State: 'ENABLED',
        Target: {
          Arn: { 'Fn::GetAtt': [functionId, 'Arn'] },
          Input: JSON.stringify({ period }),
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 },
        },
      });
    }
  });

  it('may read Cost Explorer (Resource "*", the only form it accepts), write only under reports/prod/cost/ and publish to the topic', () => {
    const policies = template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: Match.stringLikeRegexp('CostReportsFunctionServiceRole') }] },
    });
    const statements = Object.values(policies).flatMap((p) => p.Properties.PolicyDocument.Statement as Record<string, unknown>[]);
    expect(statements).toContainEqual(
      expect.objectContaining({ Sid: 'ReadCostExplorer', Action: ['ce:GetCostAndUsage', 'ce:GetCostForecast'], Resource: '*' }),
    );
    const write = statements.find((s) => s.Sid === 'WriteCostReports')!;
    expect(write.Action).toBe('s3:PutObject');
    expect(JSON.stringify(write.Resource)).toMatch(/\/reports\/prod\/cost\/\*"/);
    expect(statements).toContainEqual(expect.objectContaining({ Action: 'sns:Publish', Resource: topicRef }));
    expect(JSON.stringify(statements)).not.toMatch(/s3:Abort|s3:\*|ce:\*/);
  });

  it('is invoked by a scheduler role trusted only for this account', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: 'scheduler.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } },
          },
        ],
      },
    });
  });

  it('does not retry a failed run on its own', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { FunctionName: { Ref: functionId }, MaximumRetryAttempts: 0 });
  });

  it('exposes MonthToDateCost and ForecastCost for the dashboard', () => {
    for (const [metric, name] of [
      [cost.monthToDateCost, 'MonthToDateCost'],
      [cost.forecastCost, 'ForecastCost'],
    ] as const) {
      expect(metric.namespace).toBe('StagePlatform');
      expect(metric.metricName).toBe(name);
      expect(metric.dimensions).toEqual({ Stage: 'prod', service: 'cost-report' });
      expect(metric.statistic).toBe('Maximum');
    }
  });
});

describe('cdk-nag', () => {
  it('finds nothing left in either stack; every wildcard is acknowledged one by one', () => {
    Template.fromStack(shared);
    expect(nagFindings(stack)).toEqual([]);
    expect(nagFindings(shared)).toEqual([]);
  });

  it('acknowledges IAM5 only for the Cost Explorer "*", the report prefix (writer and reader) and the function versions, never the whole rule', () => {
    const acknowledged = stack.node
      .findAll()
      .flatMap((c) =>
        c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).flatMap((m) => Object.keys(m.data as object)),
      )
      .map((id) => id.replace(/^Annotation::/, ''))
      .filter((id) => id.startsWith('AwsSolutions-IAM5'));
    expect(acknowledged).not.toContain('AwsSolutions-IAM5');
    expect(acknowledged).toEqual(
      expect.arrayContaining([
        'AwsSolutions-IAM5[Resource::*]',
        expect.stringMatching(/^AwsSolutions-IAM5\[Resource::.*\/reports\/prod\/cost\/\*\]$/),
        expect.stringMatching(/^AwsSolutions-IAM5\[Resource::<CostReportsFunction\w+\.Arn>:\*\]$/),
      ]),
    );
    const readerPolicy = cost.reader.role.node.findChild('DefaultPolicy').node.defaultChild!;
    const readerAcks = readerPolicy.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) => Object.keys(m.data as object))
      .map((id) => id.replace(/^Annotation::/, ''))
      .filter((id) => id.startsWith('AwsSolutions-IAM5'));
    expect(readerAcks).toEqual([expect.stringMatching(/^AwsSolutions-IAM5\[Resource::.*\/reports\/prod\/cost\/\*\]$/)]);
  });
});
