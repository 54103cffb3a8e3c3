import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';

/**
 * cdk-nag 3 reports IAM4 once per managed policy and IAM5 once per wildcard, e.g.
 * `AwsSolutions-IAM5[Resource::<Fn.Arn>:*]`, and honours only an acknowledgement that names that
 * exact finding. These helpers name findings the way cdk-nag renders them, so a construct
 * acknowledges the one finding it means and a new wildcard still surfaces.
 */

const MANAGED_POLICY = 'arn:<AWS::Partition>:iam::aws:policy/service-role/';
const RESOURCE = 'Resource::';

/** Acknowledges AWSLambdaBasicExecutionRole, which every Lambda role gets, on `scope` and below. */
export function acknowledgeLambdaBasicExecution(
  scope: IConstruct,
  reason = 'AWSLambdaBasicExecutionRole only lets the function write its own logs; AWS maintains it',
): void {
  Validations.of(scope).acknowledge({ id: `AwsSolutions-IAM4[Policy::${MANAGED_POLICY}AWSLambdaBasicExecutionRole]`, reason });
}

/** Acknowledges AWSLambdaVPCAccessExecutionRole, which Lambda adds to the role of a function in a VPC, on `scope` and below. */
export function acknowledgeLambdaVpcAccess(
  scope: IConstruct,
  reason = 'AWSLambdaVPCAccessExecutionRole only manages the network interfaces the function needs in the VPC; AWS maintains it',
): void {
  Validations.of(scope).acknowledge({ id: `AwsSolutions-IAM4[Policy::${MANAGED_POLICY}AWSLambdaVPCAccessExecutionRole]`, reason });
}

/**
 * Which IAM5 findings an allowance covers: a pattern over the finding as cdk-nag renders it
 * (`Resource::<Fn.Arn>:*`, `Action::s3:Abort*`), or a test that also gets the policy, to render
 * tokens in that policy's stack (see `wildcardResources`).
 */
export type FindingMatcher = RegExp | ((finding: string, policy: IConstruct) => boolean);

/** A wildcard a construct needs, and why it is as narrow as it can be. */
export interface WildcardAllowance {
  readonly finding: FindingMatcher;
  readonly reason: string;
}

/**
 * Acknowledges AwsSolutions-IAM5 on the IAM policies under `scope`, one finding at a time and only
 * for findings an allowance accepts. cdk-nag names a wildcard by its rendered resource, which for
 * another stack's resource is only known once cross-stack references are resolved; a construct
 * validation runs after that and before validation plugins, so the findings are computed there,
 * over every policy under `scope` at that time (grants added after this call included).
 */
export function acknowledgeWildcards(scope: IConstruct, allowances: readonly WildcardAllowance[]): void {
  scope.node.addValidation({
    validate: () => {
      for (const policy of scope.node.findAll().filter(isPolicyResource)) {
        for (const finding of wildcardFindings(Stack.of(policy).resolve(policy.policyDocument))) {
          const allowance = allowances.find((a) =>
            typeof a.finding === 'function' ? a.finding(finding, policy) : a.finding.test(finding),
          );
          if (allowance) acknowledgeOnce(policy, `AwsSolutions-IAM5[${finding}]`, allowance.reason);
        }
      }
      return [];
    },
  });
}

/**
 * Exactly these wildcard resources, given as the policy states them (ARNs with tokens, such as
 * `bucket.arnForObjects('reports/*')` or `` `${fn.functionArn}:*` ``). They are rendered in the
 * policy's stack when the check runs, so another stack's resource matches in whatever form its
 * reference takes there (`Fn::ImportValue`, `Fn::GetStackOutput`).
 */
export function wildcardResources(...arns: readonly string[]): FindingMatcher {
  return (finding, policy) => arns.some((arn) => finding === `${RESOURCE}${nagFlatten(policy, arn)}`);
}

/** `value` (an ARN, say) as cdk-nag prints it in `scope`'s stack: Ref → `<Id>`, GetAtt → `<Id.Attr>`, Join concatenated. */
function nagFlatten(scope: IConstruct, value: string): string {
  return flatten(Stack.of(scope).resolve(value));
}

function isPolicyResource(construct: IConstruct): construct is iam.CfnPolicy | iam.CfnManagedPolicy {
  return construct instanceof iam.CfnPolicy || construct instanceof iam.CfnManagedPolicy;
}

interface PolicyDocumentJson {
  readonly Statement?: readonly { Effect?: string; Action?: unknown; Resource?: unknown }[];
}

/** The IAM5 findings of a resolved policy document, rendered as cdk-nag renders them (Deny statements are not reported). */
function wildcardFindings(document: PolicyDocumentJson): string[] {
  const findings = new Set<string>();
  for (const statement of document.Statement ?? []) {
    if (statement.Effect !== 'Allow') continue;
    for (const action of asArray(statement.Action))
      if (typeof action === 'string' && action.includes('*')) findings.add(`Action::${action}`);
    for (const resource of asArray(statement.Resource).map(flatten)) if (resource.includes('*')) findings.add(`Resource::${resource}`);
  }
  return [...findings];
}

/** Validation runs on every synth; the acknowledgement is recorded once. Recorded ids carry an `Annotation::` prefix. */
function acknowledgeOnce(scope: IConstruct, id: string, reason: string): void {
  const recorded = scope.node.metadata.some(
    (entry) =>
      entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY &&
      entry.data &&
      Object.keys(entry.data as object).some((key) => key.replace(/^annotation::/i, '') === id),
  );
  if (!recorded) Validations.of(scope).acknowledge({ id, reason });
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

/** cdk-nag's flattenCfnReference, which the package does not export. */
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

/** The wildcard KMS actions `bucket.grantPut/grantReadWrite` add for a KMS-encrypted bucket (on that bucket's key only). */
export const KMS_BUCKET_KEY_ACTIONS = /^Action::kms:(GenerateDataKey|ReEncrypt)\*$/;

/**
 * Acknowledges the NIST secret checks on `secret`: automatic rotation, with `rotationReason` (why
 * this secret is rotated by a deploy instead), and a customer-managed key. The secret is encrypted
 * with the account's AWS-managed `aws/secretsmanager` key, which only Secrets Manager in this
 * account can use; who may read it is decided by the IAM grants on the secret itself.
 */
export function acknowledgeSecretChecks(secret: IConstruct, rotationReason: string): void {
  Validations.of(secret).acknowledge(
    { id: 'NIST.800.53.R5-SecretsManagerRotationEnabled', reason: rotationReason },
    {
      id: 'NIST.800.53.R5-SecretsManagerUsingKMSKey',
      reason:
        'Encrypted with the AWS-managed aws/secretsmanager key, usable only by Secrets Manager in this account; reading is limited by the grants on this secret (customer-managed keys for secrets are a listed hardening follow-up)',
    },
  );
}
