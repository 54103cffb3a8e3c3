import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { StageConfig } from '../config/types';
import { partitionOf } from '../constructs/common/aws-partition';
import { DrManifestBucket } from '../constructs/backup/dr-manifest-bucket';
import { retainedKey } from '../constructs/common/retained-key';
import { PlatformStack } from './platform-stack';

/** Alias of the DR key: fixed, so the primary region can name it without a cross-region reference. */
export function drKeyAlias(config: StageConfig): string {
  return `alias/${config.project}-${config.stage}-backup-dr`;
}

/**
 * The alias ARN CopyDBSnapshot is given as its KmsKeyId in the DR region. It is used from the
 * primary region's stacks, so the partition comes from the DR region's name, not `Aws.PARTITION`.
 */
export function drKeyAliasArn(config: StageConfig): string {
  return `arn:${partitionOf(config.backup.drRegion)}:kms:${config.backup.drRegion}:${config.env.account}:${drKeyAlias(config)}`;
}

/**
 * Stateful, in the DR region: the KMS key that encrypts the off-site snapshot copies, and the bucket
 * of their manifest copies. Kept on deletion: losing the key would make every DR copy unreadable.
 */
export class DrStack extends PlatformStack {
  readonly key: kms.Key;
  /**
   * The manifest of each off-site copy (`manifests/<stage>/database/<snapshot>.json`), copied by the
   * DR-copy job beside the snapshot copy: a restore in this region can check its copy with nothing
   * from the primary region, which a region loss takes away (and which the isolated landing zone
   * could not reach anyway: an S3 gateway endpoint serves its own region's buckets only).
   */
  readonly manifestBucket: s3.Bucket;

  constructor(scope: Construct, config: StageConfig) {
    super(scope, 'dr', {
      config,
      stateful: true,
      env: { account: config.env.account, region: config.backup.drRegion },
      description: `${config.stage}: KMS key for the off-site (DR region) database snapshot copies`,
    });
    this.key = retainedKey(this, 'SnapshotCopyKey', `${config.stage} database snapshot copies (DR region)`, { alias: drKeyAlias(config) });
    this.manifestBucket = new DrManifestBucket(this, 'ManifestCopies', { key: this.key }).bucket;
  }

  /** The DR landing zone's AZs (restoreTest.dr.availabilityZones, validated against backup.drRegion). */
  override get availabilityZones(): string[] {
    return [...this.config.restoreTest.dr.availabilityZones];
  }
}
