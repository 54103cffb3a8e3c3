import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';

/**
 * s3:ListBucket on `bucket`, only for requests whose prefix is exactly `key`. S3 answers a
 * GetObject/HeadObject of a key that does not exist with 403 AccessDenied, not 404, unless the
 * caller may list the bucket (GetObject API reference); a function whose first run finds no
 * object yet needs this, and the prefix condition keeps it to that one key.
 */
export function listOneKey(sid: string, bucket: s3.IBucket, key: string): iam.PolicyStatement {
  return new iam.PolicyStatement({ sid, actions: ['s3:ListBucket'], resources: [bucket.bucketArn], conditions: { StringEquals: { 's3:prefix': key } } });
}
