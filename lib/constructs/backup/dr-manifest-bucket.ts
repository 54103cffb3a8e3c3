import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { HOUSEKEEPING_RULE, hardenedBucketProps, NONCURRENT_GRACE } from './private/hardened-bucket';

/** Days a manifest copy is kept: past any snapshot retention (35 days at most), with room for "keep the newest N". */
export const DR_MANIFEST_RETENTION_DAYS = 90;

export interface DrManifestBucketProps {
  /** The DR region's key (the one of the snapshot copies). */
  readonly key: kms.IKey;
}

/**
 * In the DR region, the manifest of each off-site snapshot copy (`manifests/<stage>/database/<snapshot>.json`),
 * copied there by the DR-copy job beside the copy: a restore in the DR region checks its copy with
 * nothing from the primary region, which a region loss takes away (and which the isolated landing
 * zone could not reach anyway: an S3 gateway endpoint serves its own region's buckets only).
 * Versioned, KMS-encrypted with the DR key, kept on deletion, like the backup bucket.
 */
export class DrManifestBucket extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: DrManifestBucketProps) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      ...hardenedBucketProps(RemovalPolicy.RETAIN),
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: props.key,
      bucketKeyEnabled: true,
      lifecycleRules: [
        {
          id: 'Manifests',
          prefix: 'manifests/',
          expiration: Duration.days(DR_MANIFEST_RETENTION_DAYS),
          noncurrentVersionExpiration: NONCURRENT_GRACE,
        },
        HOUSEKEEPING_RULE,
      ],
    });
    const reason =
      'Holds small copies of manifests the backup bucket in the primary region also keeps; written only by the DR-copy job, versioned and kept on deletion';
    Validations.of(this.bucket).acknowledge(
      { id: 'AwsSolutions-S1', reason },
      { id: 'NIST.800.53.R5-S3BucketLoggingEnabled', reason },
      { id: 'NIST.800.53.R5-S3BucketReplicationEnabled', reason: 'It is itself the off-site copy of the manifests' },
    );
  }
}
