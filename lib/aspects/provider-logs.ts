import { CfnResource, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';

/**
 * CDK's own provider functions (the LogRetention setter, the VPC default-security-group
 * restrictor) are raw `AWS::Lambda::Function` resources that log to `/aws/lambda/<name>`, a group
 * Lambda creates on first run and keeps forever. This gives each of them a log group of the stack,
 * with the stage's retention, through the function's LoggingConfig. Functions built with
 * `lambda.Function` (a CfnFunction) are left alone: they get their groups where they are made.
 *
 * Call after the stack's constructs are built, since the providers are created on first use.
 */
export function giveProviderFunctionsLogGroups(stack: Stack, retention: logs.RetentionDays): void {
  const providers = stack.node
    .findAll()
    .filter((c): c is CfnResource => CfnResource.isCfnResource(c) && c.cfnResourceType === 'AWS::Lambda::Function' && c.constructor === CfnResource);
  for (const fn of providers) {
    const scope = fn.node.scope!;
    const group = new logs.LogGroup(scope, `${fn.node.id}Logs`, { retention, removalPolicy: RemovalPolicy.DESTROY });
    fn.addPropertyOverride('LoggingConfig', { LogGroup: group.logGroupName });
  }
}
