import { RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/**
 * A customer-managed key that rotates yearly and is kept when its stack goes: what it encrypted
 * (snapshots, copies, logs, messages) can outlive the stack and cannot be read without it, and a
 * deleted key cannot be brought back once its waiting period ends.
 */
export function retainedKey(
  scope: Construct,
  id: string,
  description: string,
  props: Omit<kms.KeyProps, 'description' | 'enableKeyRotation' | 'removalPolicy'> = {},
): kms.Key {
  return new kms.Key(scope, id, { ...props, description, enableKeyRotation: true, removalPolicy: RemovalPolicy.RETAIN });
}
