import { Stack, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * cdk-nag 3 reports IAM4 and IAM5 once per offending policy or resource and only honours an
 * acknowledgement that names that exact finding, e.g. `AwsSolutions-IAM5[Resource::<Fn.Arn>:*]`.
 * These helpers build those names the way cdk-nag flattens CloudFormation references.
 */

/** The AWS-managed policy every Lambda role gets for writing its own logs, as cdk-nag names it. */
export const LAMBDA_BASIC_EXECUTION_FINDING =
  'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]';

/** `value` as cdk-nag prints it: Ref → `<Id>`, GetAtt → `<Id.Attr>`, Join concatenated. */
export function nagFlatten(scope: IConstruct, value: string): string {
  return flatten(Stack.of(scope).resolve(value));
}

function flatten(node: unknown): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/}/g, '>');
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

/** Acknowledges the Lambda basic execution managed policy on `construct` and below. */
export function acknowledgeLambdaBasicExecution(construct: IConstruct, reason = 'AWSLambdaBasicExecutionRole only lets the function write its own logs'): void {
  Validations.of(construct).acknowledge({ id: LAMBDA_BASIC_EXECUTION_FINDING, reason });
}
