import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { TimeBudget } from '../../../lambda/shared/time-budget';
import { handlerCode } from './lambda-bundle';

export interface PlatformFunctionProps {
  /** Stage the function serves; set as STAGE and used as the metrics dimension. */
  readonly stage: string;
  /**
   * Folder under `lambda/` holding `index.ts` with an exported `handler`, nested by workflow
   * (`restore-test/db/start`). The function's name, with '-' for '/' (`restore-test-db-start`), is its
   * POWERTOOLS_SERVICE_NAME (scripts/lambda-functions.ts).
   */
  readonly handlerDir: string;
  /** What the function does, shown in the console. */
  readonly description: string;
  /** Environment beyond STAGE and the Powertools settings. @default {} */
  readonly environment?: Record<string, string>;
  /**
   * The handler's time budget (its contract.ts), or one per action for a handler with several: the
   * function's timeout is the budget's, so the two cannot drift apart. The time-budget test checks
   * its worst case fits.
   */
  readonly timeBudget: TimeBudget | readonly TimeBudget[];
  /** @default 256 */
  readonly memorySize?: number;
  /** Days to keep the function's logs. */
  readonly logRetention: logs.RetentionDays;
  /** Place the function in this VPC (private subnets with egress) when it must reach the database or cache. @default not in a VPC */
  readonly vpc?: ec2.IVpc;
  /** @default private subnets with egress */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /** Security groups when in a VPC. @default one created by Lambda */
  readonly securityGroups?: ec2.ISecurityGroup[];
  /**
   * Concurrent executions reserved (and capped) for the function. An automation runs once per
   * schedule or workflow step; two lets a retry overlap a slow run, and the cap keeps a runaway
   * trigger from taking the account's concurrency from the services.
   * @default 2
   */
  readonly reservedConcurrency?: number;
  /**
   * Why the function is not in a VPC, recorded against NIST.800.53.R5-LambdaInsideVPC when `vpc` is not given.
   * @default it calls only AWS service APIs
   */
  readonly outsideVpcReason?: string;
}

/**
 * A Node.js Lambda function as every automation of this platform runs it: ARM64, the newest
 * Node.js runtime, bundled by esbuild from `lambda/<handlerDir>/index.ts` (the AWS SDK left to the
 * runtime), with its own log group (so retention is set and nothing is kept forever) and Powertools configured.
 */
export class PlatformFunction extends NodejsFunction {
  /** Where asynchronous invocations (schedules, EventBridge) land once Lambda's retries are spent. */
  readonly deadLetters: sqs.Queue;

  constructor(scope: Construct, id: string, props: PlatformFunctionProps) {
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const deadLetters = new sqs.Queue(scope, `${id}DeadLetters`, {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(deadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is the dead-letter queue of a Lambda function; nothing consumes it but an operator',
    });
    super(scope, id, {
      // Bundled once per synth and shared by every stage's function of this handler (lambda-bundle.ts).
      code: handlerCode(props.handlerDir),
      handler: 'index.handler',
      description: props.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 256,
      timeout: Duration.seconds(budgetTimeoutSeconds(props.handlerDir, props.timeBudget)),
      logGroup,
      deadLetterQueue: deadLetters,
      reservedConcurrentExecutions: props.reservedConcurrency ?? 2,
      loggingFormat: lambda.LoggingFormat.JSON,
      vpc: props.vpc,
      vpcSubnets: props.vpc ? (props.vpcSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }) : undefined,
      securityGroups: props.securityGroups,
      environment: {
        STAGE: props.stage,
        POWERTOOLS_SERVICE_NAME: props.handlerDir.split('/').join('-'),
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
    });
    this.deadLetters = deadLetters;
    if (!props.vpc) {
      Validations.of(this).acknowledge({
        id: 'NIST.800.53.R5-LambdaInsideVPC',
        reason:
          props.outsideVpcReason ??
          `${props.handlerDir} calls only AWS service APIs and reaches nothing in the VPC; in the VPC it would need the NAT or endpoints for the same calls`,
      });
    }
  }
}

/** The one timeout a function's budgets name; budgets of one function that disagree are a mistake in its contract. */
function budgetTimeoutSeconds(handlerDir: string, budget: TimeBudget | readonly TimeBudget[]): number {
  const timeouts = [...new Set((Array.isArray(budget) ? budget : [budget]).map((b: TimeBudget) => b.timeoutSeconds))];
  if (timeouts.length !== 1)
    throw new Error(
      `${handlerDir}: its time budgets name different timeouts (${timeouts.join(', ')} s); one function has one timeout, give every action's budget the same`,
    );
  return timeouts[0];
}
