import { Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { DELIVERY_DEFAULTS } from '../../../lib/config/delivery';
import { DatabaseMigration, migrationTriggerHash } from '../../../lib/constructs/delivery/database-migration';
import { nagFindings, testStack, testVpc } from '../../support/fixtures';
import { missingPrerequisites, TemplateJson } from '../../support/template-dependencies';

const IMAGE = '111111111111.dkr.ecr.eu-west-1.amazonaws.com/api:2026-11-20';
const config = { ...DELIVERY_DEFAULTS.prod.migrations, timeoutMinutes: 20 };

const stack = testStack();
const vpc = testVpc(stack);
// The network stack owns flow logs; this fixture VPC only hosts the task.
Validations.of(vpc).acknowledge({ id: 'AwsSolutions-VPC7', reason: 'test fixture VPC' });
const cluster = new ecs.Cluster(stack, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
const taskDefinition = new ecs.FargateTaskDefinition(stack, 'ApiTask', { cpu: 256, memoryLimitMiB: 512 });
taskDefinition.addContainer('api', {
  containerName: 'api',
  image: ecs.ContainerImage.fromRegistry(IMAGE),
  logging: ecs.LogDrivers.awsLogs({
    streamPrefix: 'api',
    logGroup: new logs.LogGroup(stack, 'ApiLogs', { retention: logs.RetentionDays.ONE_MONTH }),
  }),
});
const taskSecurityGroup = new ec2.SecurityGroup(stack, 'ApiSg', { vpc });
const migration = new DatabaseMigration(stack, 'Migration', {
  stage: 'prod',
  cluster,
  taskDefinition,
  config,
  securityGroups: [taskSecurityGroup],
  logRetention: logs.RetentionDays.ONE_MONTH,
});
const template = Template.fromStack(stack);

describe('DatabaseMigration', () => {
  it('passes image, command and their hash to the custom resource, with the task definition, subnets and security groups', () => {
    template.hasResourceProperties('Custom::DatabaseMigration', {
      ServiceToken: { 'Fn::GetAtt': [Match.stringLikeRegexp('MigrationProviderframeworkonEvent'), 'Arn'] },
      Image: IMAGE,
      Command: ['npm', 'run', 'migrate'],
      TriggerHash: migrationTriggerHash(IMAGE, ['npm', 'run', 'migrate']),
      ContainerName: 'api',
      TaskDefinitionArn: { Ref: Match.stringLikeRegexp('ApiTask') },
      ClusterArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('Cluster'), 'Arn'] },
      Subnets: [{ Ref: Match.stringLikeRegexp('VpcprivateSubnet1') }, { Ref: Match.stringLikeRegexp('VpcprivateSubnet2') }],
      SecurityGroups: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('ApiSg'), 'GroupId'] }],
      LogGroupName: { Ref: Match.stringLikeRegexp('ApiLogs') },
      LogStreamPrefix: 'api',
      TimeoutSeconds: '1200',
      StartLimitSeconds: '600',
    });
  });

  it('changes the trigger hash when the image or the command changes, and only then', () => {
    const base = migrationTriggerHash(IMAGE, ['npm', 'run', 'migrate']);
    expect(migrationTriggerHash(IMAGE, ['npm', 'run', 'migrate'])).toBe(base);
    expect(migrationTriggerHash(`${IMAGE}-2`, ['npm', 'run', 'migrate'])).not.toBe(base);
    expect(migrationTriggerHash(IMAGE, ['npm', 'run', 'migrate:all'])).not.toBe(base);
    expect(migrationTriggerHash(IMAGE, ['npm run', 'migrate'])).not.toBe(migrationTriggerHash(IMAGE, ['npm', 'run migrate']));
  });

  it('is served by a provider with an isComplete poller whose timeout outlasts the task timeout', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ MIGRATION_PHASE: 'start', STAGE: 'prod' }) },
      Runtime: Match.stringLikeRegexp('nodejs'),
      Architectures: ['arm64'],
    });
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ MIGRATION_PHASE: 'wait' }) } });
    // 25 minutes (timeout + 5) polled every 15 s.
    const [waiter] = Object.values(template.findResources('AWS::StepFunctions::StateMachine'));
    expect(JSON.stringify(waiter.Properties.DefinitionString)).toMatch(/\\"IntervalSeconds\\":15,\\"MaxAttempts\\":100/);
    expect(migration.provider.isCompleteHandler).toBe(migration.waitFunction);
  });

  it('lets the start phase run only this task definition and read only this stack', () => {
    const startRole = stack.resolve((migration.startFunction.role!.node.defaultChild as iam.CfnRole).ref);
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [startRole],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: 'iam:PassRole', Condition: { StringLike: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } } }),
          Match.objectLike({ Action: 'ecs:RunTask', Resource: { Ref: Match.stringLikeRegexp('ApiTask') } }),
          Match.objectLike({ Action: 'cloudformation:DescribeStacks', Resource: { Ref: 'AWS::StackId' } }),
        ]),
      },
    });
  });

  it('lets the wait phase describe and stop tasks on this cluster only', () => {
    const waitRole = stack.resolve((migration.waitFunction.role!.node.defaultChild as iam.CfnRole).ref);
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [waitRole],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['ecs:DescribeTasks', 'ecs:StopTask'],
            Condition: { ArnEquals: { 'ecs:cluster': { 'Fn::GetAtt': [Match.stringLikeRegexp('Cluster'), 'Arn'] } } },
          }),
        ]),
      },
    });
  });

  it('starts the task only once the task and execution roles and their policies exist', () => {
    const json = template.toJSON() as TemplateJson;
    const [id] = Object.keys(template.findResources('Custom::DatabaseMigration'));
    const roleIds = [taskDefinition.taskRole, taskDefinition.executionRole!].map(
      (role) => stack.resolve((role.node.defaultChild as iam.CfnRole).ref).Ref,
    );
    const executionPolicy = stack.resolve(
      (taskDefinition.executionRole!.node.findChild('DefaultPolicy').node.defaultChild as iam.CfnPolicy).logicalId,
    );
    expect(template.findResources('Custom::DatabaseMigration')[id].DependsOn).toEqual(
      expect.arrayContaining([...roleIds, executionPolicy]),
    );
    expect(missingPrerequisites(json, id)).toEqual([]);
  });

  it('has no unacknowledged cdk-nag findings', () => {
    expect(nagFindings(stack)).toEqual([]);
  });
});

describe('DatabaseMigration refuses', () => {
  /** A fresh stack with a cluster and a one-container task definition. */
  function bare() {
    const s = testStack();
    const c = new ecs.Cluster(s, 'Cluster', { vpc: testVpc(s) });
    const td = new ecs.FargateTaskDefinition(s, 'Task');
    td.addContainer('api', { image: ecs.ContainerImage.fromRegistry(IMAGE) });
    return { stage: 'dev', cluster: c, taskDefinition: td, config, securityGroups: [], logRetention: logs.RetentionDays.ONE_WEEK };
  }

  it('an image that is not a concrete URI', () => {
    const props = bare();
    expect(() => new DatabaseMigration(props.cluster, 'M', { ...props, image: props.cluster.clusterArn })).toThrow(
      /image must be a concrete URI/,
    );
  });

  it('an empty command', () => {
    const props = bare();
    expect(() => new DatabaseMigration(props.cluster, 'M', { ...props, config: { ...config, command: [] } })).toThrow(/no command/);
  });
});
