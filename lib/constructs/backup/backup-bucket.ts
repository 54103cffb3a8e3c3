import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { BackupStorageConfig } from '../../config/backup-storage';
import { HOUSEKEEPING_RULE, hardenedBucketProps, retentionRule } from './private/hardened-bucket';

export interface BackupBucketProps {
  readonly config: BackupStorageConfig;
  /** Encrypts objects with this key (SSE-KMS, with an S3 Bucket Key). @default S3-managed encryption (SSE-S3) */
  readonly kmsKey?: kms.IKey;
  /** Data is precious: RETAIN in every stage that matters. */
  readonly removalPolicy: RemovalPolicy;
  /** Bucket that receives this bucket's server access logs; must use SSE-S3 (LogArchiveBucket does). */
  readonly serverAccessLogsBucket: s3.IBucket;
}

/** Prefix of this bucket's server access logs in the access-logs bucket. */
export const BACKUP_ACCESS_LOGS_PREFIX = 'access-logs/backup/';

/**
 * The stage's backup bucket: `dumps/` (logical database dumps), `config/` (configuration backups),
 * `reports/` (restore-test and cost reports) and `manifests/` (what each backup recorded).
 * Dumps go cold after `dumpColdAfterDays` and expire after `dumpRetentionDays`; reports and
 * manifests are kept as long as the dumps they describe; `config/` keeps its newest versions.
 */
export class BackupBucket extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: BackupBucketProps) {
    super(scope, id);
    const { config } = props;
    const configRule: s3.LifecycleRule = {
      id: 'ConfigVersions',
      prefix: 'config/',
      // Each version is a change (the writer skips identical content), so the newest N are the last N changes.
      noncurrentVersionExpiration: Duration.days(1),
      noncurrentVersionsToRetain: config.configVersionsKept > 1 ? config.configVersionsKept - 1 : undefined,
    };
    this.bucket = new s3.Bucket(this, 'Bucket', {
      ...hardenedBucketProps(props.removalPolicy),
      ...(props.kmsKey
        ? { encryption: s3.BucketEncryption.KMS, encryptionKey: props.kmsKey, bucketKeyEnabled: true }
        : { encryption: s3.BucketEncryption.S3_MANAGED }),
      serverAccessLogsBucket: props.serverAccessLogsBucket,
      serverAccessLogsPrefix: BACKUP_ACCESS_LOGS_PREFIX,
      lifecycleRules: [
        retentionRule('Dumps', 'dumps/', config.dumpRetentionDays, config.dumpColdAfterDays),
        retentionRule('Reports', 'reports/', config.dumpRetentionDays),
        retentionRule('Manifests', 'manifests/', config.dumpRetentionDays),
        configRule,
        HOUSEKEEPING_RULE,
      ],
    });
    Validations.of(this.bucket).acknowledge({
      id: 'NIST.800.53.R5-S3BucketReplicationEnabled',
      reason:
        "The database's cross-region copy is its snapshot, copied to the DR region by the backup stack; the dumps and reports here are a second, logical backup in this region, versioned and retained by lifecycle.",
    });
  }
}
