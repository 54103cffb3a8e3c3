import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { BackupStorageConfig } from '../../config/backup-storage';
import { HOUSEKEEPING_RULE, hardenedBucketProps, NONCURRENT_GRACE, retentionRule } from './private/hardened-bucket';
import { regionalServiceName } from '../common/aws-partition';

export interface LogArchiveBucketProps {
  readonly stage: string;
  readonly config: BackupStorageConfig;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * The stage's log archive: weekly CloudWatch Logs exports under `logs/<stage>/`, the server
 * access logs of the backup bucket under `access-logs/`, and the archive's progress under `state/`.
 * Encrypted with SSE-S3 because S3 server access logging can deliver only to SSE-S3 buckets.
 */
export class LogArchiveBucket extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: LogArchiveBucketProps) {
    super(scope, id);
    const { config } = props;
    this.bucket = new s3.Bucket(this, 'Bucket', {
      ...hardenedBucketProps(props.removalPolicy),
      encryption: s3.BucketEncryption.S3_MANAGED,
      lifecycleRules: [
        retentionRule('Logs', 'logs/', config.logArchiveRetentionDays, config.logArchiveColdAfterDays),
        retentionRule('AccessLogs', 'access-logs/', config.logArchiveRetentionDays, config.logArchiveColdAfterDays),
        // The progress object is rewritten every few minutes; its old versions are worthless.
        { id: 'ArchiveState', prefix: 'state/', noncurrentVersionExpiration: NONCURRENT_GRACE },
        HOUSEKEEPING_RULE,
      ],
    });
    this.allowLogsExport(props.stage);
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        "This bucket is the destination of the backup bucket's server access logs; logging its own access would only log those log writes.",
    });
    Validations.of(this.bucket).acknowledge(
      {
        id: 'NIST.800.53.R5-S3DefaultEncryptionKMS',
        reason: "S3 server access logging delivers only to SSE-S3 buckets, and this bucket receives the backup bucket's access logs.",
      },
      {
        id: 'NIST.800.53.R5-S3BucketReplicationEnabled',
        reason:
          'The archive is audit data, versioned and retained by lifecycle in this region; recovering the stage does not depend on it, and a cross-region replica would double its storage.',
      },
    );
  }

  /** CloudWatch Logs export tasks of this account write as the logs service; only under `logs/<stage>/`. */
  private allowLogsExport(stage: string): void {
    const { account, region } = Stack.of(this);
    const logsService = new iam.ServicePrincipal(regionalServiceName('logs', region));
    const fromThisAccount = {
      StringEquals: { 'aws:SourceAccount': account },
      ArnLike: { 'aws:SourceArn': `arn:${Stack.of(this).partition}:logs:${region}:${account}:log-group:*` },
    };
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'LogsExportAclCheck',
        principals: [logsService],
        actions: ['s3:GetBucketAcl'],
        resources: [this.bucket.bucketArn],
        conditions: fromThisAccount,
      }),
    );
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'LogsExportWrite',
        principals: [logsService],
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects(`logs/${stage}/*`)],
        conditions: { ...fromThisAccount, StringEquals: { ...fromThisAccount.StringEquals, 's3:x-amz-acl': 'bucket-owner-full-control' } },
      }),
    );
  }
}
