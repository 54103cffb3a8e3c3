import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { TimeBudget } from '../../../../lambda/shared/time-budget';
import {
  acknowledgeLambdaBasicExecution,
  acknowledgeLambdaVpcAccess,
  acknowledgeWildcards,
  type WildcardAllowance,
} from '../../common/nag';
import { PlatformFunction } from '../../common/platform-function';

export interface RestoreFunctionOptions {
  readonly stage: string;
  readonly handlerDir: string;
  readonly description: string;
  readonly environment: Record<string, string>;
  readonly logRetention: logs.RetentionDays;
  /** The handler's time budget (its contract.ts); the function's timeout is the budget's. */
  readonly timeBudget: TimeBudget;
  /** Given for the functions that connect to a copy. @default not in a VPC */
  readonly vpc?: ec2.IVpc;
  /** @default private subnets with egress */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /** @default one created by Lambda */
  readonly securityGroups?: ec2.ISecurityGroup[];
  /** Why the function is not in a VPC. @default it calls only AWS service APIs */
  readonly outsideVpcReason?: string;
  /** IAM wildcards this function's policy needs (see wildcards.ts). @default none */
  readonly wildcards?: readonly WildcardAllowance[];
}

/** One step of the restore tests as a PlatformFunction. */
export function restoreFunction(scope: Construct, id: string, options: RestoreFunctionOptions): PlatformFunction {
  const { wildcards: _wildcards, ...functionProps } = options;
  const fn = new PlatformFunction(scope, id, { ...functionProps, memorySize: 256 });
  acknowledgeLambdaBasicExecution(fn);
  if (options.vpc) acknowledgeLambdaVpcAccess(fn);
  if (options.wildcards) acknowledgeWildcards(fn, options.wildcards);
  return fn;
}
