import { createHash } from 'node:crypto';
import { Aws, CustomResource, Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { ENV, MigrationProperties, Phase, TIME_BUDGETS } from '../../../lambda/migration-runner/contract';
import { MigrationConfig } from '../../config/delivery';
import { acknowledgeLambdaBasicExecution, acknowledgeWildcards, wildcardResources } from '../common/nag';
import { PlatformFunction } from '../common/platform-function';

export interface DatabaseMigrationProps {
  readonly stage: string;
  /** Cluster the one-off task runs on; its VPC supplies the subnets. */
  readonly cluster: ecs.ICluster;
  /** The API's task definition: migrations run from the same image, environment and secrets. */
  readonly taskDefinition: ecs.TaskDefinition;
  /** Container whose command is overridden. @default the task definition's default container */
  readonly containerName?: string;
  /** Image URI of that container, a concrete string (a new image is what triggers a migration). @default the container's image name */
  readonly image?: string;
  readonly config: MigrationConfig;
  /** Security groups of the task; they must reach the database. */
  readonly securityGroups: ec2.ISecurityGroup[];
  /** @default private subnets with egress */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /** How long the task may wait for capacity before it is stopped and the deploy fails. @default Duration.minutes(10) */
  readonly startLimit?: Duration;
  /** Days to keep the runner's logs. */
  readonly logRetention: logs.RetentionDays;
}

/**
 * Runs the database migrations as a one-off Fargate task while CloudFormation deploys, and fails
 * the deploy with the task's exit code and log link when they fail. It runs only when the image
 * or the command changes. The running services are not touched: make them depend on `resource` so
 * new tasks start only after the migrations succeeded, and make `resource` depend on the
 * security-group rules the task needs (it waits for the task's roles and their policies itself). The task runs the API's own
 * task definition with only the command overridden, so it keeps that container's non-root user and
 * read-only root filesystem (a RunTask override cannot change either).
 */
export class DatabaseMigration extends Construct {
  /** The Custom::DatabaseMigration resource; add it as a dependency of the services that run the new image. */
  readonly resource: CustomResource;
  /** onEvent: starts the task (or decides none is needed). */
  readonly startFunction: PlatformFunction;
  /** isComplete: polls the task until it exits. */
  readonly waitFunction: PlatformFunction;
  readonly provider: cr.Provider;

  constructor(scope: Construct, id: string, props: DatabaseMigrationProps) {
    super(scope, id);
    const container = props.containerName ? props.taskDefinition.findContainer(props.containerName) : props.taskDefinition.defaultContainer;
    if (!container) throw new Error(`DatabaseMigration: task definition has no container named "${props.containerName ?? '(default)'}"`);
    const image = props.image ?? container.imageName;
    if (Token.isUnresolved(image)) {
      throw new Error(
        'DatabaseMigration: the image must be a concrete URI (pass `image`), because its hash decides whether migrations run',
      );
    }
    if (!props.config.enabled || props.config.command.length === 0) {
      throw new Error('DatabaseMigration: migrations are disabled or have no command; do not create this construct for the stage');
    }

    const timeout = Duration.minutes(props.config.timeoutMinutes);
    const startLimit = props.startLimit ?? Duration.minutes(10);
    this.startFunction = this.runner('Start', 'start', props);
    this.waitFunction = this.runner('Wait', 'wait', props);
    this.grantTaskControl(props);

    const providerLogs = new logs.LogGroup(this, 'ProviderLogs', { retention: props.logRetention });
    this.provider = new cr.Provider(this, 'Provider', {
      onEventHandler: this.startFunction,
      isCompleteHandler: this.waitFunction,
      queryInterval: Duration.seconds(15),
      // A margin past the task timeout, so the runner's own message (with the log link) is what fails the deploy.
      totalTimeout: Duration.minutes(props.config.timeoutMinutes + 5),
      logGroup: providerLogs,
      waiterStateMachineLogOptions: { destination: providerLogs, includeExecutionData: false },
    });
    this.acknowledgeProviderFindings();

    const logOptions = container.logDriverConfig?.options ?? {};
    const properties: MigrationProperties = {
      ClusterArn: props.cluster.clusterArn,
      TaskDefinitionArn: props.taskDefinition.taskDefinitionArn,
      ContainerName: container.containerName,
      Image: image,
      Command: props.config.command,
      TriggerHash: migrationTriggerHash(image, props.config.command),
      Subnets: props.cluster.vpc.selectSubnets(props.vpcSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }).subnetIds,
      SecurityGroups: props.securityGroups.map((sg) => sg.securityGroupId),
      LogGroupName: logOptions['awslogs-group'],
      LogStreamPrefix: logOptions['awslogs-stream-prefix'],
      TimeoutSeconds: String(timeout.toSeconds()),
      StartLimitSeconds: String(Math.min(startLimit.toSeconds(), timeout.toSeconds())),
    };
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: this.provider.serviceToken,
      resourceType: 'Custom::DatabaseMigration',
      properties: { ...properties },
    });
    // The task pulls its image and reads its secrets with the execution role and runs with the task role:
    // depending on the roles covers their policies, which a first deploy may otherwise create after the run.
    const roles = [props.taskDefinition.taskRole, props.taskDefinition.executionRole].filter(
      (role): role is iam.IRole => role !== undefined,
    );
    this.resource.node.addDependency(...roles);
  }

  private runner(id: string, phase: Phase, props: DatabaseMigrationProps): PlatformFunction {
    const fn = new PlatformFunction(this, id, {
      stage: props.stage,
      handlerDir: 'migration-runner',
      timeBudget: TIME_BUDGETS[phase],
      description: `Database migration at deploy (${phase} phase)`,
      environment: { [ENV.PHASE]: phase },
      logRetention: props.logRetention,
    });
    acknowledgeLambdaBasicExecution(fn);
    return fn;
  }

  private grantTaskControl(props: DatabaseMigrationProps): void {
    const stack = Stack.of(this);
    props.taskDefinition.grantRun(this.startFunction);
    this.startFunction.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['cloudformation:DescribeStacks'],
        resources: [stack.stackId],
      }),
    );
    // Task IDs are only known at run time, so the task ARNs end in a wildcard, limited to this cluster.
    const tasks = `arn:${Aws.PARTITION}:ecs:${stack.region}:${stack.account}:task/${props.cluster.clusterName}/*`;
    const onThisCluster = { ArnEquals: { 'ecs:cluster': props.cluster.clusterArn } };
    this.startFunction.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['ecs:TagResource'],
        resources: [tasks],
        conditions: { StringEquals: { 'ecs:CreateAction': 'RunTask' } },
      }),
    );
    this.waitFunction.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['ecs:DescribeTasks', 'ecs:StopTask'], resources: [tasks], conditions: onThisCluster }),
    );
    for (const fn of [this.startFunction, this.waitFunction]) {
      acknowledgeWildcards(defaultPolicy(fn), [
        {
          finding: wildcardResources(tasks),
          reason: "Migration task IDs are only known at run time; the task ARNs are limited to this stage's cluster",
        },
      ]);
    }
  }

  private acknowledgeProviderFindings(): void {
    const provider = this.provider;
    const frameworkFunctions = ['framework-isComplete', 'framework-onTimeout'].map((id) => provider.node.findChild(id) as lambda.IFunction);
    const invoked = [this.startFunction, this.waitFunction, ...frameworkFunctions];
    acknowledgeWildcards(provider, [
      {
        finding: wildcardResources(...invoked.map((fn) => `${fn.functionArn}:*`)),
        reason: 'The custom-resource framework invokes its functions by ARN with any version suffix (:*)',
      },
    ]);
    acknowledgeLambdaBasicExecution(
      provider,
      'The custom-resource framework functions use AWSLambdaBasicExecutionRole to write their own logs',
    );
    Validations.of(provider).acknowledge(
      { id: 'AwsSolutions-L1', reason: 'The custom-resource framework chooses its own runtime; CDK upgrades move it forward' },
      {
        id: 'AwsSolutions-SF1',
        reason: 'The framework waiter only polls the runner; the runner logs every step, so full execution logging would repeat them',
      },
      { id: 'AwsSolutions-SF2', reason: 'X-Ray tracing of the framework waiter adds cost without insight: it only polls the runner' },
      {
        id: 'NIST.800.53.R5-LambdaConcurrency',
        reason: 'The framework functions run only while CloudFormation deploys this stack, one migration at a time',
      },
      {
        id: 'NIST.800.53.R5-LambdaDLQ',
        reason:
          'CloudFormation invokes the framework synchronously and reports its failures in the stack events; nothing is invoked asynchronously',
      },
      {
        id: 'NIST.800.53.R5-LambdaInsideVPC',
        reason:
          'The framework functions only call Lambda, Step Functions and the CloudFormation response URL; they reach nothing in the VPC',
      },
    );
  }
}

function defaultPolicy(fn: lambda.Function): iam.Policy {
  return fn.role!.node.findChild('DefaultPolicy') as iam.Policy;
}

/** sha256 of the image and command: the resource property whose change makes migrations run. */
export function migrationTriggerHash(image: string, command: readonly string[]): string {
  return createHash('sha256').update(JSON.stringify({ image, command })).digest('hex');
}
