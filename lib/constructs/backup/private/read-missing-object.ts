import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';

/**
 * s3:ListBucket on `bucket`, with no condition, for a function that reads keys which may not exist
 * yet. S3 answers a GetObject/HeadObject of a missing key with 403 AccessDenied, not 404, unless the
 * caller may list the bucket (GetObject API reference). S3 checks that for the read itself, which
 * carries no s3:prefix, so a ListBucket conditioned on s3:prefix would still get 403. It lists key
 * names only, never contents.
 */
export function listBucketForMissingObjects(sid: string, bucket: s3.IBucket): iam.PolicyStatement {
  return new iam.PolicyStatement({ sid, actions: ['s3:ListBucket'], resources: [bucket.bucketArn] });
}
