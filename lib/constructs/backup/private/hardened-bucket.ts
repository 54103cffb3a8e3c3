import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';

/** How long a deleted or overwritten backup object stays recoverable as a noncurrent version. */
export const NONCURRENT_GRACE = Duration.days(7);

/**
 * What both backup buckets share: versioned (object lock stays off: it can never be removed
 * later), no public access, TLS only, ACLs off, and unfinished multipart uploads (a dump stream
 * that broke off) and orphaned delete markers cleaned up.
 */
export function hardenedBucketProps(removalPolicy: RemovalPolicy): s3.BucketProps {
  return {
    versioned: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    removalPolicy,
  };
}

/** Bucket-wide housekeeping rule; it only aborts uploads and removes delete markers nothing is behind. */
export const HOUSEKEEPING_RULE: s3.LifecycleRule = {
  id: 'Housekeeping',
  abortIncompleteMultipartUploadAfter: Duration.days(1),
  expiredObjectDeleteMarker: true,
};

/** Keeps objects under `prefix` for `days`, optionally moving them to Glacier Instant Retrieval first. */
export function retentionRule(id: string, prefix: string, days: number, coldAfterDays?: number): s3.LifecycleRule {
  return {
    id,
    prefix,
    expiration: Duration.days(days),
    noncurrentVersionExpiration: NONCURRENT_GRACE,
    transitions:
      coldAfterDays === undefined
        ? undefined
        : [{ storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(coldAfterDays) }],
  };
}
