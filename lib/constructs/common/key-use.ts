import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { acknowledgeWildcards, wildcardResources } from './nag';
import { regionalServiceName } from './aws-partition';

/** The AWS services that encrypt the stage's data stores, their snapshots and copies under a customer-managed key. */
export type KeyUsingService = 'rds' | 'elasticache';

export interface KeyUseOptions {
  /** Prefix of the statement ids: `<sid>Describe`, `<sid>Grant`, `<sid>Decrypt`. */
  readonly sid: string;
  /**
   * Also kms:Decrypt, only through `service` in this stack's region: for calls that read an encrypted
   * source (a snapshot restored or copied, an instance restored to a point in time). @default false
   */
  readonly decrypt?: boolean;
}

/**
 * Lets `service` use a customer-managed key for `fn`. RDS and ElastiCache do not use the key with
 * the caller's own credentials: they create a grant for the resource they make (a snapshot, its
 * copy, a restored instance or replication group), which the caller must be allowed to create.
 * So the function gets kms:DescribeKey, kms:CreateGrant only for a grant an AWS service makes for
 * an AWS resource, and with `decrypt` kms:Decrypt only through that service; never the key itself.
 *
 * `keyArn` may be an alias ARN (a key in another region, named without a cross-region reference):
 * IAM authorizes KMS on the key, never on an alias, so the key is then matched through the
 * kms:ResourceAliases condition on the keys of that account and region.
 */
export function allowKeyUseThrough(service: KeyUsingService, fn: lambda.IFunction, keyArn: string, options: KeyUseOptions): void {
  const alias = /^(arn:[^:]+:kms:[^:]+:[^:]+):(alias\/.+)$/.exec(keyArn);
  const resources = alias ? [`${alias[1]}:key/*`] : [keyArn];
  const aliasCondition = alias ? { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': alias[2] } } : {};
  const { sid } = options;
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      sid: `${sid}Describe`,
      actions: ['kms:DescribeKey'],
      resources,
      conditions: alias ? aliasCondition : undefined,
    }),
  );
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      sid: `${sid}Grant`,
      actions: ['kms:CreateGrant'],
      resources,
      conditions: { Bool: { 'kms:GrantIsForAWSResource': 'true' }, ...aliasCondition },
    }),
  );
  if (options.decrypt) {
    const viaService = regionalServiceName(service, Stack.of(fn).region);
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: `${sid}Decrypt`,
        actions: ['kms:Decrypt'],
        resources,
        conditions: { StringEquals: { 'kms:ViaService': viaService }, ...aliasCondition },
      }),
    );
  }
  if (alias) {
    acknowledgeWildcards(fn.role!.node.findChild('DefaultPolicy'), [
      {
        finding: wildcardResources(`${alias[1]}:key/*`),
        reason: `Only the key whose alias is ${alias[2]} (condition kms:ResourceAliases): that key lives in another region and is named by its alias.`,
      },
    ]);
  }
}
