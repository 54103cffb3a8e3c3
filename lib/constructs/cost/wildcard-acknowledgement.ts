import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';

/**
 * cdk-nag 3 reports each wildcard of a policy as its own finding, e.g. `AwsSolutions-IAM5[Resource::<Fn.Arn>:*]`,
 * and honours only an acknowledgement that names that exact finding. These helpers name findings the way
 * cdk-nag flattens CloudFormation references, so a construct acknowledges the one wildcard it means.
 */

/** The AWS managed policy every Lambda role gets for writing its own logs, as cdk-nag names the finding. */
export const LAMBDA_BASIC_EXECUTION_FINDING = 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]';

export function acknowledgeLambdaBasicExecution(construct: IConstruct, reason = 'AWSLambdaBasicExecutionRole only lets the function write its own logs.'): void {
  Validations.of(construct).acknowledge({ id: LAMBDA_BASIC_EXECUTION_FINDING, reason });
}

/** A token (an ARN, say) as cdk-nag prints it: Ref → `<Id>`, GetAtt → `<Id.Attr>`, Join concatenated. */
export function flattenedReference(scope: IConstruct, token: string): string {
  return flatten(Stack.of(scope).resolve(token));
}

/**
 * Acknowledges IAM5 for the wildcard resources of `policy` that `isExpected` accepts, and nothing else.
 * It runs as a construct validation, that is after cross-stack references have taken their final form:
 * a bucket from another stack flattens to a `Fn::GetStackOutput`, unknown while the construct is built.
 */
export function acknowledgeWildcardResources(policy: iam.Policy, isExpected: (flattened: string) => boolean, reason: string): void {
  policy.node.addValidation({
    validate: () => {
      const document = Stack.of(policy).resolve((policy.node.defaultChild as iam.CfnPolicy).policyDocument) as { Statement?: { Resource?: unknown }[] };
      for (const resource of (document.Statement ?? []).flatMap((s) => [s.Resource].flat())) {
        const flattened = flatten(resource);
        if (flattened.includes('*') && isExpected(flattened)) acknowledgeOnce(policy, `AwsSolutions-IAM5[Resource::${flattened}]`, reason);
      }
      return [];
    },
  });
}

/** Validation runs on every synth; the acknowledgement is recorded once. Recorded ids carry an `Annotation::` prefix. */
function acknowledgeOnce(scope: IConstruct, id: string, reason: string): void {
  const recorded = scope.node.metadata.some(
    (entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY && Object.keys(entry.data as object).some((key) => key.replace(/^annotation::/i, '') === id),
  );
  if (!recorded) Validations.of(scope).acknowledge({ id, reason });
}

function flatten(node: unknown): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/\}/g, '>');
  const intrinsic = node as Record<string, unknown>;
  if (intrinsic['Fn::Join']) {
    const [delimiter, items] = intrinsic['Fn::Join'] as [string, unknown[]];
    return items.map(flatten).join(delimiter);
  }
  if (intrinsic['Fn::Sub']) return flatten(intrinsic['Fn::Sub']);
  if (intrinsic['Fn::GetAtt']) {
    const [resource, attribute] = intrinsic['Fn::GetAtt'] as [unknown, unknown];
    return `<${flatten(resource)}.${flatten(attribute)}>`;
  }
  if (intrinsic['Fn::ImportValue']) return flatten(intrinsic['Fn::ImportValue']);
  if (intrinsic.Ref) return `<${flatten(intrinsic.Ref)}>`;
  return JSON.stringify(node);
}
