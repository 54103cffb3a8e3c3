import { ArnFormat, IResolveContext, Lazy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { IConstruct } from 'constructs';
import { acknowledgeWildcards } from '../constructs/common/nag';
import { PlatformStack } from '../stacks/platform-stack';
import { StageAspect } from './stage-aspect';

/** The id CDK gives the one LogRetention function of a stack. */
const PROVIDER_ID = 'LogRetentionaae0aa3c5b4d4f87b02d85b201efdd8a';
const RETENTION_ACTIONS = new Set(['logs:PutRetentionPolicy', 'logs:DeleteRetentionPolicy']);

interface StatementJson {
  Action?: string | string[];
  Resource?: unknown;
}

/**
 * CDK's LogRetention provider (behind `cloudwatchLogsRetention` on RDS) grants itself
 * PutRetentionPolicy and DeleteRetentionPolicy on `"*"`, even with a role of our own. CloudWatch
 * Logs authorizes both on the log group, so this narrows that statement to the groups the stack's
 * LogRetention resources name (RDS's `/aws/rds/instance/<id>/<log>`) and the function's own
 * `/aws/lambda/<stack>-…` group, which the handler sets to one day when it first runs.
 *
 * The groups are read when the policy is rendered, so LogRetention resources added later count too.
 * The names refer to the instances, so the policy, and with it the function, is created after
 * them; each LogRetention resource already waits for its instance.
 */
export class ScopeLogRetentionProvider extends StageAspect {
  protected visitInStage(node: IConstruct, stack: PlatformStack): void {
    if (node.node.id !== PROVIDER_ID || node.node.scope !== stack) return;
    const role = (node as IConstruct & { role?: iam.IRole }).role;
    const policy = role instanceof iam.Role ? (role.node.tryFindChild('DefaultPolicy') as iam.Policy | undefined) : undefined;
    if (!policy) return;
    const cfnPolicy = policy.node.defaultChild as iam.CfnPolicy;
    const document = cfnPolicy.policyDocument;
    cfnPolicy.policyDocument = Lazy.uncachedAny({
      produce: (context: IResolveContext) => {
        const resolved = context.resolve(document) as { Statement?: StatementJson[] };
        const scoped = context.resolve(retentionResources(stack));
        return {
          ...resolved,
          Statement: (resolved.Statement ?? []).map((s) =>
            s.Resource === '*' && actionsOf(s).every((a) => RETENTION_ACTIONS.has(a)) ? { ...s, Resource: scoped } : s,
          ),
        };
      },
    });
    acknowledgeWildcards(policy, [
      {
        finding: /^Resource::arn:(<AWS::Partition>|aws[a-z-]*):logs:[^:]+:[^:]+:log-group:\/aws\/(rds\/instance\/.+:\*|lambda\/.+-\*)$/,
        reason:
          "CDK LogRetention provider: retention only on the log groups RDS creates for this stack's instances (any of their streams) and on the provider function's own group, whose generated name only its stack prefix predicts.",
      },
    ]);
  }
}

/** The groups the stack's LogRetention resources name (and their streams), and the provider's own group. */
function retentionResources(stack: Stack): string[] {
  const groups = stack.node
    .findAll()
    .filter((c): c is logs.LogRetention => c instanceof logs.LogRetention)
    .map((retention) => {
      // CfnResource keeps its properties protected; the LogRetention resource is the only place the group name is given.
      const properties = (retention.node.defaultChild as unknown as { _cfnProperties: Record<string, unknown> })._cfnProperties;
      return logGroupArn(stack, properties.LogGroupName as string, properties.LogGroupRegion as string | undefined);
    });
  // CloudFormation names the function <stack name>-<logical id prefix>-<suffix>.
  const ownGroup = logGroupArn(stack, `/aws/lambda/${stack.stackName}-*`);
  return [...groups.flatMap((arn) => [arn, `${arn}:*`]), ownGroup];
}

function logGroupArn(stack: Stack, name: string, region?: string): string {
  return stack.formatArn({ service: 'logs', region, resource: 'log-group', resourceName: name, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
}

function actionsOf(statement: StatementJson): string[] {
  return statement.Action === undefined ? [] : Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}
