import { App, CfnResource, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { resolveStageConfigs } from '../../lib/config/resolve';
import { StageConfig } from '../../lib/config/types';
import { PlatformStack } from '../../lib/stacks/platform-stack';
import { createStageStacks } from '../../lib/stage';
import { cdkJsonContext } from '../../scripts/support/cdk-context';

/** A stack a newcomer adds to a stage after the stage is built: it calls nothing "once it is built". */
class LateStack extends PlatformStack {
  readonly group: logs.LogGroup;
  readonly role: iam.Role;

  constructor(scope: Construct, config: StageConfig, part: string, region?: string) {
    super(scope, part, { config, stateful: false, ...(region ? { env: { account: config.env.account, region } } : {}) });
    this.group = new logs.LogGroup(this, 'Group', { retention: logs.RetentionDays.ONE_WEEK });
    // CDK's LogRetention brings its own provider function: a raw AWS::Lambda::Function with a DefaultPolicy on "*".
    new logs.LogRetention(this, 'RdsLogRetention', {
      logGroupName: '/aws/rds/instance/late-db/postgresql',
      retention: logs.RetentionDays.ONE_MONTH,
    });
    this.role = new iam.Role(this, 'Worker', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    const bucket = new s3.Bucket(this, 'Bucket');
    bucket.grantRead(this.role);
  }
}

const [dev, staging] = resolveStageConfigs({ allowPlaceholderImages: 'true' }).filter((c) => c.stage === 'dev' || c.stage === 'staging');
const app = new App({ context: cdkJsonContext() });
const stacks = createStageStacks(app, dev);
// Added after the stage added its aspects: one in the stage's region, one in another, and one of a stage never built here.
const late = new LateStack(app, dev, 'late');
const lateElsewhere = new LateStack(app, dev, 'late-elsewhere', 'us-west-2');
const otherStage = new LateStack(app, staging, 'late');
const assembly = app.synth();
const templateOf = (stack: Stack) => Template.fromJSON(assembly.getStackByName(stack.stackName).template);
const logsKeyLogicalId = stacks.alerting.getLogicalId(stacks.alerting.logsKey.node.defaultChild as CfnResource);
const stageStacks = [...(Object.values(stacks) as Stack[]), late, lateElsewhere];

function acknowledged(construct: Construct, rule: string): boolean {
  return construct.node.metadata.some(
    (entry) =>
      entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY &&
      Object.keys((entry.data ?? {}) as object).some((key) => key.endsWith(rule)),
  );
}

describe('stage aspects, added once in the stage', () => {
  it('encrypt every log group of every stack in the stage region with the stage logs key, a stack added later included', () => {
    for (const stack of stageStacks.filter((s) => s.region === stacks.alerting.region)) {
      const groups = Object.entries(templateOf(stack).findResources('AWS::Logs::LogGroup'));
      for (const [id, group] of groups) {
        expect([stack.stackName, id, group.Properties.KmsKeyId]).toEqual([stack.stackName, id, expect.anything()]);
      }
    }
    templateOf(late).hasResourceProperties('AWS::Logs::LogGroup', {
      RetentionInDays: 7,
      KmsKeyId: { 'Fn::GetStackOutput': Match.objectLike({ StackName: 'dev-alerting' }) },
    });
    expect(logsKeyLogicalId).toMatch(/^LogsKey/);
  });

  it('leave the log groups of a stack in another region unencrypted: CloudWatch Logs uses a key of its own region only', () => {
    for (const group of Object.values(templateOf(lateElsewhere).findResources('AWS::Logs::LogGroup')))
      expect(group.Properties.KmsKeyId).toBeUndefined();
  });

  it("give CDK's provider functions a log group with the stage retention, which is encrypted too (an aspect's construct reaches the other aspects)", () => {
    const template = templateOf(late);
    const [providerId, provider] = Object.entries(template.findResources('AWS::Lambda::Function')).find(([id]) =>
      id.startsWith('LogRetention'),
    )!;
    const groupRef = (provider.Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
    expect(groupRef).toMatch(new RegExp(`^${providerId.slice(0, 20)}`));
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: { RetentionInDays: dev.logRetentionDays, KmsKeyId: Match.anyValue() },
      DeletionPolicy: 'Delete',
    });
    expect(Object.keys(template.findResources('AWS::Logs::LogGroup'))).toContain(groupRef);
  });

  it('give every raw provider function of every stack in the stage a LoggingConfig', () => {
    let seen = 0;
    for (const stack of stageStacks) {
      const functions = templateOf(stack).findResources('AWS::Lambda::Function');
      const raw = stack.node
        .findAll()
        .filter(
          (c): c is CfnResource =>
            CfnResource.isCfnResource(c) && c.cfnResourceType === 'AWS::Lambda::Function' && c.constructor === CfnResource,
        );
      for (const fn of raw) {
        const id = stack.getLogicalId(fn);
        expect([stack.stackName, id, functions[id].Properties.LoggingConfig]).toEqual([
          stack.stackName,
          id,
          { LogGroup: { Ref: expect.any(String) } },
        ]);
        seen++;
      }
    }
    // The network stack's default-security-group restrictor, the data stack's LogRetention, and the two late stacks'.
    expect(seen).toBeGreaterThanOrEqual(4);
  });

  it("narrow the LogRetention provider's retention rights to the groups its stack names and its own group, in a stack added later", () => {
    const template = templateOf(late);
    const [policy] = Object.values(
      template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^LogRetention') }] } }),
    );
    const statements = (policy.Properties.PolicyDocument as { Statement: Array<{ Action: unknown; Resource: unknown }> }).Statement;
    const retention = statements.find((s) => JSON.stringify(s.Action).includes('logs:PutRetentionPolicy'))!;
    expect(JSON.stringify(retention.Resource)).not.toBe('"*"');
    expect(JSON.stringify(retention.Resource)).toContain('log-group:/aws/rds/instance/late-db/postgresql');
    expect(JSON.stringify(retention.Resource)).toContain('log-group:/aws/lambda/dev-late-*');
  });

  it('acknowledge IAMNoInlinePolicy on the default policy of every role in the stage, a role of a stack added later included', () => {
    for (const stack of stageStacks) {
      const policies = stack.node
        .findAll()
        .filter((c): c is iam.Policy => c instanceof iam.Policy && c.node.id === 'DefaultPolicy' && c.node.scope instanceof iam.Role);
      for (const policy of policies)
        expect([policy.node.path, acknowledged(policy, 'NIST.800.53.R5-IAMNoInlinePolicy')]).toEqual([policy.node.path, true]);
    }
    expect(acknowledged(late.role.node.findChild('DefaultPolicy'), 'NIST.800.53.R5-IAMNoInlinePolicy')).toBe(true);
  });

  it('tag every resource of the stage with Project and Stage, those of a stack added later included, but not the stacks themselves', () => {
    const tagsOf = (stack: Stack, type: string) => Object.values(templateOf(stack).findResources(type)).map((r) => r.Properties?.Tags);
    const stageTags = expect.arrayContaining([
      { Key: 'Project', Value: dev.project },
      { Key: 'Stage', Value: 'dev' },
    ]);
    const lateGroups = tagsOf(late, 'AWS::Logs::LogGroup');
    expect(lateGroups.length).toBeGreaterThanOrEqual(2);
    expect(lateGroups).toEqual(lateGroups.map(() => stageTags));
    expect(tagsOf(late, 'AWS::S3::Bucket')).toEqual([stageTags]);
    expect(
      tagsOf(stacks.data, 'AWS::RDS::DBInstance').every((tags) =>
        tags.some((t: { Key: string; Value: string }) => t.Key === 'Stage' && t.Value === 'dev'),
      ),
    ).toBe(true);
    // Stack tags would be a deploy-wide change of their own; cdk.json's explicitStackTags keeps them off.
    expect(late.tags.tagValues()).toEqual({});
  });

  it('leave the stacks of a stage that added no aspects alone', () => {
    const template = templateOf(otherStage);
    for (const group of Object.values(template.findResources('AWS::Logs::LogGroup'))) expect(group.Properties.KmsKeyId).toBeUndefined();
    const provider = Object.entries(template.findResources('AWS::Lambda::Function')).find(([id]) => id.startsWith('LogRetention'))!;
    expect(provider[1].Properties.LoggingConfig).toBeUndefined();
    expect(acknowledged(otherStage.role.node.findChild('DefaultPolicy'), 'NIST.800.53.R5-IAMNoInlinePolicy')).toBe(false);
    for (const bucket of Object.values(template.findResources('AWS::S3::Bucket'))) expect(bucket.Properties?.Tags).toBeUndefined();
  });
});
