import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';

const MANAGED = 'arn:<AWS::Partition>:iam::aws:policy/service-role/';

/** PlatformFunction's role carries the AWS-managed basic (and, in a VPC, VPC access) execution policy. */
export function acknowledgeBasicExecutionRole(fn: IConstruct): void {
  for (const policy of ['AWSLambdaBasicExecutionRole', 'AWSLambdaVPCAccessExecutionRole']) {
    Validations.of(fn).acknowledge({
      id: `AwsSolutions-IAM4[Policy::${MANAGED}${policy}]`,
      reason: `${policy} only lets this function write its own logs (and attach its network interfaces); AWS maintains it`,
    });
  }
}

/** A wildcard this construct needs, matched against cdk-nag's rendering of the finding, and why. */
export interface WildcardAllowance {
  /** e.g. /^Resource::\*$/ or /^Action::s3:Abort\*$/ */
  readonly finding: RegExp;
  readonly reason: string;
}

/**
 * Acknowledges AwsSolutions-IAM5 on the IAM policies under `scope`, one finding at a time and only
 * for findings an allowance names. cdk-nag identifies a wildcard by the rendered resource, which for
 * another stack's resource is only known once references are resolved; a construct validation runs
 * after that and before validation plugins, so the findings are computed there.
 */
export function acknowledgeWildcards(scope: IConstruct, allowances: readonly WildcardAllowance[]): void {
  scope.node.addValidation({
    validate: () => {
      for (const policy of scope.node.findAll().filter((c): c is iam.CfnPolicy => c instanceof iam.CfnPolicy)) {
        for (const finding of wildcardFindings(Stack.of(policy).resolve(policy.policyDocument))) {
          const allowance = allowances.find((a) => a.finding.test(finding));
          if (allowance) Validations.of(policy).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason: allowance.reason });
        }
      }
      return [];
    },
  });
}

interface PolicyDocumentJson {
  readonly Statement?: readonly { Effect?: string; Action?: unknown; Resource?: unknown }[];
}

/** The IAM5 findings of a resolved policy document, rendered as cdk-nag renders them. */
export function wildcardFindings(document: PolicyDocumentJson): string[] {
  const findings = new Set<string>();
  for (const statement of document.Statement ?? []) {
    if (statement.Effect !== 'Allow') continue;
    for (const action of asArray(statement.Action)) if (typeof action === 'string' && action.includes('*')) findings.add(`Action::${action}`);
    for (const resource of asArray(statement.Resource).map(flatten)) if (resource.includes('*')) findings.add(`Resource::${resource}`);
  }
  return [...findings];
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

/** `{"Fn::GetAtt": ["Fn", "Arn"]}` → `<Fn.Arn>`, `{"Ref": "AWS::Region"}` → `<AWS::Region>`, joins concatenated. */
function flatten(node: unknown): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return node.replace(/\${/g, '<').replace(/}/g, '>');
  const n = node as Record<string, unknown>;
  if (n['Fn::Join']) {
    const [delimiter, items] = n['Fn::Join'] as [string, unknown[]];
    return items.map(flatten).join(delimiter);
  }
  if (n['Fn::Sub']) return flatten(n['Fn::Sub']);
  if (n['Fn::GetAtt']) {
    const [resource, attribute] = n['Fn::GetAtt'] as [unknown, unknown];
    return `<${flatten(resource)}.${flatten(attribute)}>`;
  }
  if (n['Fn::ImportValue']) return flatten(n['Fn::ImportValue']);
  if (n.Ref) return `<${flatten(n.Ref)}>`;
  return JSON.stringify(node);
}

/**
 * EventBridge Scheduler's role for one schedule, created here rather than the target's stack-wide
 * default so it sits under (and is reviewed with) the construct that owns the schedule.
 */
export function scheduleRole(scope: Construct, id: string): iam.Role {
  const role = new iam.Role(scope, id, {
    assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(scope).account } } }),
  });
  acknowledgeWildcards(role, [{ finding: /^Resource::<[A-Za-z0-9]+\.Arn>:\*$/, reason: 'Versions and aliases of the one function this schedule invokes, as grantInvoke grants them' }]);
  return role;
}
