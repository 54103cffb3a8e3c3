import type * as s3 from 'aws-cdk-lib/aws-s3';
import { manifestKey, type BackupManifest } from '../../../../lambda/shared/manifest/backup-manifest';
import { restoreReportKey } from '../../../../lambda/shared/restore-report';
import { wildcardResources, type WildcardAllowance } from '../../common/nag';

/**
 * The IAM wildcards the restore tests need, matched against cdk-nag's rendering of each finding,
 * with the reason it is as narrow as it can be. Each function acknowledges only the ones it uses.
 */
export const WILDCARDS = {
  databaseCopies: {
    finding: /^Resource::arn:.+:rds:.+:db:.+-restore-test-\*$/,
    reason:
      'Restore-test instances are named <stage>-restore-test-<yyyymmddHHMM>; only the run time is unknown, and changes and deletes also require the Purpose and Stage tags',
  },
  cacheCopies: {
    finding: /^Resource::arn:.+:elasticache:.+:(replicationgroup|cluster):.+-rt-\*$/,
    reason:
      'Restore-test caches are named <stage>-rt-<MMddHHmm> (nodes <name>-001); only the run time is unknown, and deletes also require the Purpose and Stage tags',
  },
  databaseSnapshots: {
    finding: /^Resource::arn:.+:rds:.+:snapshot:.+-\*$/,
    reason:
      'Snapshots of the source instance only: the backup job names them <stage>-<instance>-<date>, RDS names automated ones rds:<instance>-<time>',
  },
  cacheSnapshots: {
    finding: /^Resource::arn:.+:elasticache:.+:snapshot:.+-\*$/,
    reason: 'The backup job names cache snapshots <stage>-cache-<time>; only the time is unknown',
  },
  listCacheSnapshots: {
    finding: /^Resource::arn:.+:elasticache:.+:snapshot:\*$/,
    reason:
      'DescribeSnapshots is authorized on snapshot, its only resource type; a list filtered by the source group names no snapshot, so it covers the snapshots of this account and region (read-only)',
  },
  defaultGroups: {
    finding: /^Resource::arn:.+:(rds:.+:(og|pg):\*|elasticache:.+:parametergroup:default\.\*)$/,
    reason:
      "A restored copy takes the snapshot's option group and the engine's default parameter group, whose names depend on the engine version in the snapshot",
  },
  listAll: {
    finding: /^Resource::arn:.+:(rds:.+:db|elasticache:.+:replicationgroup):\*$/,
    reason: 'Finding leftovers means listing every instance and replication group; deletes are limited to restore-test names and tags',
  },
  s3Grant: {
    finding: /^Action::s3:(Abort|DeleteObject|GetBucket|GetObject|List)\*$/,
    reason: 'Action groups of the bucket grant, limited to the one key prefix below',
  },
  functionVersions: {
    finding: /^Resource::<.+\.Arn>:\*$/,
    reason: 'The workflow may invoke any version of its own step functions',
  },
  tracingAndLogs: {
    finding: /^Resource::\*$/,
    reason: 'X-Ray tracing and CloudWatch Logs delivery of the state machine have no resource-level permissions',
  },
} satisfies Record<string, WildcardAllowance>;

/** The backup manifests of this stage and kind in `bucket`, one per snapshot; `bucket` may live in another stack. */
export function manifestObjects(bucket: s3.IBucket, stage: string, kind: BackupManifest['kind']): WildcardAllowance {
  return {
    finding: wildcardResources(bucket.arnForObjects(manifestKey(stage, kind, '*'))),
    reason: 'Backup manifests of this stage and kind, one per snapshot',
  };
}

/** The daily restore-test reports of this stage in `bucket`, one per day; `bucket` may live in another stack. */
export function reportObjects(bucket: s3.IBucket, stage: string): WildcardAllowance {
  return {
    finding: wildcardResources(bucket.arnForObjects(restoreReportKey(stage, '*'))),
    reason: 'Daily restore-test reports of this stage, one per day',
  };
}
