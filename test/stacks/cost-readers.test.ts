import { costReportKey, costReportPrefix } from '../../lambda/cost-report/contract';
import { objectConsoleUrl, switchRoleUrl } from '../../lambda/cost-report/links';
import { STAGES } from '../../lib/config/stages';
import { STAGE_NAMES, StageName } from '../../lib/config/stage-name';
import { synthStage } from '../support/stage-synth';

// Cost messages reach their own readers, not the pager list, and the link they carry opens the
// report for the reader role: checked on each stage's synthesized templates.

type Resource = { Type: string; Properties: Record<string, unknown> };
type Json = Record<string, unknown>;

describe.each(STAGE_NAMES)('%s cost readers', (stage: StageName) => {
  const config = STAGES[stage];
  const templates = () => synthStage(stage).templates;
  const cost = () => templates().cost.toJSON() as { Resources: Record<string, Resource> };
  const ofType = (type: string) => Object.entries(cost().Resources).filter(([, r]) => r.Type === type);
  const costTopicId = () => {
    const topics = ofType('AWS::SNS::Topic');
    expect(topics).toHaveLength(1);
    return topics[0][0];
  };
  const reportFunction = () => ofType('AWS::Lambda::Function').find(([id]) => id.startsWith('CostsReportsFunction'))!;
  const readerPolicy = () =>
    ofType('AWS::IAM::Policy').find(([, p]) => JSON.stringify(p.Properties.Roles).includes('CostsReaderRole'))![1].Properties
      .PolicyDocument as { Statement: Json[] };
  /** The data stack output a weak cross-stack reference (`Fn::GetStackOutput`) names, resolved in the data template. */
  const dataOutput = (reference: unknown) => {
    const { StackName, OutputName } = (reference as { 'Fn::GetStackOutput': { StackName: string; OutputName: string } })[
      'Fn::GetStackOutput'
    ];
    expect(StackName).toBe(`${stage}-data`);
    return (templates().data.toJSON() as { Outputs: Record<string, { Value: unknown }> }).Outputs[OutputName].Value;
  };
  const backupBucket = () => {
    const buckets = templates().data.findResources('AWS::S3::Bucket');
    const [id, bucket] = Object.entries(buckets).find(([key]) => key.startsWith('BackupsBucket'))!;
    return { id, properties: bucket.Properties };
  };

  it('the cost topic is its own, not an alarm topic: the summaries, the budget and the anomaly alerts go to it', () => {
    const topicRef = { Ref: costTopicId() };
    const [, fn] = reportFunction();
    expect((fn.Properties.Environment as { Variables: Json }).Variables.TOPIC_ARN).toEqual(topicRef);
    for (const [, budget] of ofType('AWS::Budgets::Budget')) {
      const notifications = budget.Properties.NotificationsWithSubscribers as { Subscribers: Json[] }[];
      for (const { Subscribers } of notifications) {
        expect(Subscribers.filter((s) => s.SubscriptionType === 'SNS')).toEqual([{ SubscriptionType: 'SNS', Address: topicRef }]);
      }
    }
    const [[, anomalies]] = ofType('AWS::CE::AnomalySubscription');
    expect(anomalies.Properties.Subscribers).toEqual([{ Type: 'SNS', Address: topicRef }]);
    const publish = ofType('AWS::IAM::Policy')
      .flatMap(([, p]) => (p.Properties.PolicyDocument as { Statement: Json[] }).Statement)
      .filter((s) => s.Action === 'sns:Publish');
    expect(publish).toEqual([expect.objectContaining({ Resource: topicRef })]);
  });

  it("only the report function's own failure alarms reach the alerting stack (and its log group the stage's logs key)", () => {
    const referencing = Object.entries(cost().Resources)
      .filter(([, r]) => JSON.stringify(r).includes(`"StackName":"${stage}-alerting"`))
      .map(([, r]) => r.Type);
    // Those alarms are warnings: under the daily digest they notify no topic themselves.
    const digested = config.monitoring.alerts.warningDelivery === 'daily-digest';
    expect(new Set(referencing)).toEqual(new Set(digested ? ['AWS::Logs::LogGroup'] : ['AWS::CloudWatch::Alarm', 'AWS::Logs::LogGroup']));
    for (const [, log] of ofType('AWS::Logs::LogGroup')) expect(JSON.stringify(log.Properties.KmsKeyId)).toContain('alerting');
  });

  it('the cost topic has exactly the configured subscribers', () => {
    const subscriptions = ofType('AWS::SNS::Subscription').map(([, s]) => s.Properties);
    expect(subscriptions.every((s) => JSON.stringify(s.TopicArn) === JSON.stringify({ Ref: costTopicId() }))).toBe(true);
    expect(subscriptions.map((s) => [s.Protocol, s.Endpoint])).toEqual([
      ...config.cost.reportEmails.map((address) => ['email', address]),
      ...config.cost.reportHttpsEndpoints.map((url) => ['https', url]),
    ]);
  });

  it('the reader role trusts the stage account and reads exactly the cost reports prefix, decrypting only through S3', () => {
    const [, role] = ofType('AWS::IAM::Role').find(([id]) => id.startsWith('CostsReaderRole'))!;
    expect(role.Properties.RoleName).toBe(`${config.project}-${stage}-cost-report-reader`);
    expect((role.Properties.AssumeRolePolicyDocument as { Statement: Json[] }).Statement).toEqual([
      { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${config.env.account}:root` } },
    ]);

    const statements = readerPolicy().Statement;
    expect(statements.map((s) => s.Action)).toEqual(['s3:GetObject', 's3:ListBucket', 'kms:Decrypt']);
    const [read, list, decrypt] = statements;
    const bucket = backupBucket();
    const [bucketArn, suffix] = (read.Resource as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
    expect(dataOutput(bucketArn)).toEqual({ 'Fn::GetAtt': [bucket.id, 'Arn'] });
    expect(suffix).toBe(`/${costReportPrefix(stage)}*`);
    expect(dataOutput(list.Resource)).toEqual({ 'Fn::GetAtt': [bucket.id, 'Arn'] });
    expect(list.Condition).toEqual({ StringLike: { 's3:prefix': [`reports/${stage}/cost/*`] } });
    // The key the reader may use is the one the bucket encrypts with, and only as S3 in the stage's region.
    const encryption = (bucket.properties.BucketEncryption as { ServerSideEncryptionConfiguration: Json[] })
      .ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault as Json;
    expect(dataOutput(decrypt.Resource)).toEqual(encryption.KMSMasterKeyID);
    expect(decrypt.Condition).toEqual({ StringEquals: { 'kms:ViaService': `s3.${config.env.region}.amazonaws.com` } });
  });

  it('the summary links a report the reader role may open, in the console of its region, with a switch-role link to that role', () => {
    const [, fn] = reportFunction();
    const env = (fn.Properties.Environment as { Variables: Json }).Variables;
    const [readerId] = ofType('AWS::IAM::Role').find(([id]) => id.startsWith('CostsReaderRole'))!;
    expect(env.READER_ROLE_ARN).toEqual({ 'Fn::GetAtt': [readerId, 'Arn'] });
    // Every key the function writes lies under the prefix the reader may read.
    const key = costReportKey(stage, 'monthly', '2026-12-03', 'html');
    expect(key.startsWith(costReportPrefix(stage))).toBe(true);
    const link = new URL(objectConsoleUrl(config.env.region, 'bucket', key)!);
    expect(link.origin).toBe(`https://${config.env.region}.console.aws.amazon.com`);
    expect(link.searchParams.get('prefix')).toBe(key);
    const roleArn = `arn:aws:iam::${config.env.account}:role/${config.project}-${stage}-cost-report-reader`;
    expect(new URL(switchRoleUrl(roleArn, 'reader')!).searchParams.get('roleName')).toBe(`${config.project}-${stage}-cost-report-reader`);
  });

  it('the summary states how long the report is kept: the backup bucket lifecycle of reports/', () => {
    const [, fn] = reportFunction();
    const env = (fn.Properties.Environment as { Variables: Json }).Variables;
    const rules = (backupBucket().properties.LifecycleConfiguration as { Rules: Json[] }).Rules;
    const reports = rules.find((r) => r.Id === 'Reports')!;
    expect(reports.Prefix).toBe('reports/');
    expect(env.REPORT_RETENTION_DAYS).toBe(String(reports.ExpirationInDays));
  });
});
