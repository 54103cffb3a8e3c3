import { Aws, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { retainedKey } from '../common/retained-key';
import { regionalServiceName } from '../common/aws-partition';

/**
 * The stage's key for CloudWatch Logs: every log group of the stage in its region is encrypted
 * with it (see lib/aspects/log-encryption.ts). CloudWatch Logs may use it only for log groups of this account
 * and region, as AWS documents. Kept when its stack goes: logs written under it need it to be read.
 */
export class LogsKey extends Construct {
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: { readonly stage: string }) {
    super(scope, id);
    const { region, account } = Stack.of(this);
    this.key = retainedKey(this, 'Key', `Encrypts the ${props.stage} CloudWatch log groups`);
    // In a key policy "*" means this key only; the condition limits it to this account's log groups.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchLogsOfThisAccount',
        principals: [new iam.ServicePrincipal(regionalServiceName('logs', region))],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${Aws.PARTITION}:logs:${region}:${account}:log-group:*` } },
      }),
    );
  }
}
