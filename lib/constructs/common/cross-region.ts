import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/**
 * Handles, in `scope`'s stack, for a bucket, key or topic of a stack in another region. CDK refuses
 * an L2 resource's name or ARN across environments unless it has a physical name, which a stateful
 * resource cannot be given after the fact. Its CloudFormation attributes are references CDK resolves
 * as `Fn::GetStackOutput` with the producer's Region (the app's references are weak), so the handles
 * are built from those: nothing is renamed, and no name is fixed by hand.
 */

function cfnOf<T>(construct: Construct, what: string): T {
  const child = construct.node.defaultChild;
  if (!child)
    throw new Error(`${construct.node.path}: ${what} must be a resource of this app (not imported) to be referenced from another region`);
  return child as T;
}

/** The key, as a handle usable in `scope`'s region. */
export function keyFromOtherRegion(scope: Construct, id: string, key: kms.IKey): kms.IKey {
  return kms.Key.fromKeyArn(scope, id, cfnOf<kms.CfnKey>(key, 'the key').attrArn);
}

/** The bucket (and its key, if it has one), as a handle usable in `scope`'s region. */
export function bucketFromOtherRegion(scope: Construct, id: string, bucket: s3.IBucket): s3.IBucket {
  const cfn = cfnOf<s3.CfnBucket>(bucket, 'the bucket');
  return s3.Bucket.fromBucketAttributes(scope, id, {
    bucketName: cfn.ref,
    bucketArn: cfn.attrArn,
    region: bucket.env.region,
    encryptionKey: bucket.encryptionKey ? keyFromOtherRegion(scope, `${id}Key`, bucket.encryptionKey) : undefined,
  });
}

/** The topic's ARN and key, usable in `scope`'s region. */
export function topicFromOtherRegion(
  scope: Construct,
  id: string,
  topic: sns.ITopic,
): { readonly topic: sns.ITopic; readonly key?: kms.IKey } {
  const cfn = cfnOf<sns.CfnTopic>(topic, 'the topic');
  return {
    topic: sns.Topic.fromTopicArn(scope, id, cfn.ref),
    key: topic.masterKey ? keyFromOtherRegion(scope, `${id}Key`, topic.masterKey) : undefined,
  };
}
