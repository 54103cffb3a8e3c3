import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { cacheSnapshotPrefix, dbSnapshotPrefix } from '../../../../lambda/shared/backup/names';
import { BACKUP_CREATED_BY, BACKUP_TAG } from '../../../../lambda/shared/backup/tags';
import { STAGE_TAG_KEY } from '../../../../lambda/shared/stage-tags';
import { allowKeyUseThrough } from '../../common/key-use';
import { listBucketForMissingObjects } from './read-missing-object';
import { acknowledgeLambdaVpcAccess, acknowledgeWildcards, wildcardResources } from '../../common/nag';

/**
 * The IAM statements of the snapshot jobs. Everything that changes or deletes is scoped to this
 * stage's snapshot names; listing is scoped to the snapshots of this account in the regions a job reads.
 */

/** ARNs of this stage's snapshots in one region. */
export function snapshotArns(scope: lambda.IFunction, stage: string, region: string) {
  const { account, partition } = Stack.of(scope);
  return {
    db: `arn:${partition}:rds:${region}:${account}:snapshot:${dbSnapshotPrefix(stage)}*`,
    cache: `arn:${partition}:elasticache:${region}:${account}:snapshot:${cacheSnapshotPrefix(stage)}*`,
  };
}

function defaultPolicy(fn: lambda.IFunction): iam.Policy {
  return fn.role!.node.findChild('DefaultPolicy') as iam.Policy;
}

/**
 * DescribeDBSnapshots (RDS) and DescribeSnapshots (ElastiCache) without a filter, which the monitor
 * and retention jobs call to list the account's manual snapshots. A list that names no snapshot and
 * no instance is authorized on every snapshot it may return, so it is limited to those of this
 * account in the regions the job reads; the stage's name prefix cannot narrow it. Returns the ARNs.
 */
export function allowSnapshotListing(
  fn: lambda.IFunction,
  regions: { readonly rds?: readonly string[]; readonly elasticache?: readonly string[] },
): string[] {
  const { account, partition } = Stack.of(fn);
  const rds = (regions.rds ?? []).map((region) => `arn:${partition}:rds:${region}:${account}:snapshot:*`);
  const elasticache = (regions.elasticache ?? []).map((region) => `arn:${partition}:elasticache:${region}:${account}:snapshot:*`);
  const actions = [...(rds.length ? ['rds:DescribeDBSnapshots'] : []), ...(elasticache.length ? ['elasticache:DescribeSnapshots'] : [])];
  fn.addToRolePolicy(new iam.PolicyStatement({ sid: 'ListSnapshots', actions, resources: [...rds, ...elasticache] }));
  return [...rds, ...elasticache];
}

/** ElastiCache snapshots carry their tags apart from the listing; read them only for this stage's names. */
export function allowCacheTagReads(fn: lambda.IFunction, stage: string): void {
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      sid: 'ReadCacheSnapshotTags',
      actions: ['elasticache:ListTagsForResource'],
      resources: [snapshotArns(fn, stage, Stack.of(fn).region).cache],
    }),
  );
}

/** PutObject of manifests under `manifests/<stage>/<kind>/` only, encrypted with the bucket's key if it has one. */
export function allowManifestWrites(fn: lambda.IFunction, bucket: s3.IBucket, stage: string, kind: 'database' | 'cache'): void {
  const prefix = `manifests/${stage}/${kind}/`;
  const manifests = bucket.arnForObjects(`${prefix}*`);
  fn.addToRolePolicy(new iam.PolicyStatement({ sid: 'WriteManifests', actions: ['s3:PutObject'], resources: [manifests] }));
  bucket.encryptionKey?.grant(fn, 'kms:GenerateDataKey');
  acknowledgeWildcards(defaultPolicy(fn), [
    {
      finding: wildcardResources(manifests),
      reason: `One manifest per backup, named after it: the function may write only under ${prefix} of the backup bucket.`,
    },
  ]);
}

/**
 * The DR-copy job copies each copied snapshot's manifest from the backup bucket to the DR region's
 * manifest bucket: read (ListBucket too, so a manifest that was never written reads as missing, not
 * as denied) and write, each under this stage's database manifests only, with the data keys of both buckets.
 */
export function allowManifestCopies(fn: lambda.IFunction, backupBucket: s3.IBucket, drBucket: s3.IBucket, stage: string): void {
  const prefix = `manifests/${stage}/database/`;
  const source = backupBucket.arnForObjects(`${prefix}*`);
  const target = drBucket.arnForObjects(`${prefix}*`);
  fn.addToRolePolicy(new iam.PolicyStatement({ sid: 'ReadManifestsToCopy', actions: ['s3:GetObject'], resources: [source] }));
  fn.addToRolePolicy(
    new iam.PolicyStatement({ sid: 'SeeMissingManifests', actions: ['s3:ListBucket'], resources: [backupBucket.bucketArn] }),
  );
  backupBucket.encryptionKey?.grant(fn, 'kms:Decrypt');
  fn.addToRolePolicy(new iam.PolicyStatement({ sid: 'WriteDrManifestCopies', actions: ['s3:PutObject'], resources: [target] }));
  // The key is in the DR region: a grant would name this role in its key policy (a cross-region reference CDK refuses); IAM alone suffices, the key policy trusts the account.
  const drKey = drBucket.encryptionKey;
  if (drKey)
    fn.addToRolePolicy(
      new iam.PolicyStatement({ sid: 'EncryptDrManifestCopies', actions: ['kms:GenerateDataKey'], resources: [drKey.keyArn] }),
    );
  acknowledgeWildcards(defaultPolicy(fn), [
    {
      finding: wildcardResources(source, target),
      reason: `One manifest per snapshot, named after it: read from ${prefix} of the backup bucket and written under the same key of the DR region's manifest bucket only.`,
    },
  ]);
}

export function allowDbSnapshotJob(
  fn: lambda.IFunction,
  props: { stage: string; dbInstanceArn: string; drRegion: string; drKmsKeyArn: string; databaseKey?: kms.IKey },
): void {
  const here = snapshotArns(fn, props.stage, Stack.of(fn).region);
  const dr = snapshotArns(fn, props.stage, props.drRegion);
  // The job lists the source instance's snapshots (authorized on the instance) and looks its own
  // snapshots up by name, here and in the DR region (authorized on those snapshots).
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      sid: 'FindSnapshots',
      actions: ['rds:DescribeDBSnapshots'],
      resources: [props.dbInstanceArn, here.db, dr.db],
    }),
  );
  fn.addToRolePolicy(
    new iam.PolicyStatement({ sid: 'CreateDailySnapshot', actions: ['rds:CreateDBSnapshot'], resources: [props.dbInstanceArn, here.db] }),
  );
  // Tags on create and CopyTags on copy are separate authorizations on the new snapshot.
  fn.addToRolePolicy(new iam.PolicyStatement({ sid: 'TagOwnSnapshots', actions: ['rds:AddTagsToResource'], resources: [here.db, dr.db] }));
  // A cross-region copy is authorized in the DR region and, through the presigned request, on the source.
  fn.addToRolePolicy(new iam.PolicyStatement({ sid: 'CopyToDrRegion', actions: ['rds:CopyDBSnapshot'], resources: [dr.db, here.db] }));
  // RDS encrypts the DR copy under the DR key, and reads the source snapshot under the database's key.
  allowKeyUseThrough('rds', fn, props.drKmsKeyArn, { sid: 'DrKey' });
  if (props.databaseKey) allowKeyUseThrough('rds', fn, props.databaseKey.keyArn, { sid: 'SourceKey', decrypt: true });
  acknowledgeWildcards(defaultPolicy(fn), [
    {
      finding: wildcardResources(here.db, dr.db),
      reason: `Describe, create, tag and copy are limited to snapshots named ${dbSnapshotPrefix(props.stage)}* (this stage's daily snapshots, whose names carry the date) in the primary and DR regions; the listing names the source instance.`,
    },
  ]);
  acknowledgeLambdaVpcAccess(
    fn.role!,
    'The AWS managed VPC access policy only manages the network interfaces the function needs to reach the database in the VPC.',
  );
}

export function allowCacheSnapshotJob(
  fn: lambda.IFunction,
  props: { stage: string; replicationGroupId: string; cacheKey?: kms.IKey },
): void {
  const { account, partition, region } = Stack.of(fn);
  const elasticache = `arn:${partition}:elasticache:${region}:${account}`;
  const snapshots = snapshotArns(fn, props.stage, region).cache;
  const nodes = `${elasticache}:cluster:${props.replicationGroupId}-*`;
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      sid: 'CreateCacheSnapshot',
      actions: ['elasticache:CreateSnapshot'],
      // The group's nodes are named <group>-001, -002 ...; a snapshot of the group is authorized on them too.
      resources: [`${elasticache}:replicationgroup:${props.replicationGroupId}`, nodes, snapshots],
    }),
  );
  fn.addToRolePolicy(
    new iam.PolicyStatement({ sid: 'TagCacheSnapshots', actions: ['elasticache:AddTagsToResource'], resources: [snapshots] }),
  );
  // ElastiCache encrypts the snapshot under the group's key, with a grant made for the caller.
  if (props.cacheKey) allowKeyUseThrough('elasticache', fn, props.cacheKey.keyArn, { sid: 'CacheKey' });
  acknowledgeWildcards(defaultPolicy(fn), [
    {
      finding: wildcardResources(nodes, snapshots),
      reason: `Snapshot names carry the time of each run, so they are matched by this stage's prefix ${cacheSnapshotPrefix(props.stage)}; the node ARNs are those of the one replication group.`,
    },
  ]);
  acknowledgeLambdaVpcAccess(
    fn.role!,
    'The AWS managed VPC access policy only manages the network interfaces the function needs to reach the cache in the VPC.',
  );
}

export function allowRetentionJob(fn: lambda.IFunction, props: { stage: string; drRegion: string }): void {
  const here = snapshotArns(fn, props.stage, Stack.of(fn).region);
  const dr = snapshotArns(fn, props.stage, props.drRegion);
  const listing = allowSnapshotListing(fn, { rds: [Stack.of(fn).region, props.drRegion], elasticache: [Stack.of(fn).region] });
  allowCacheTagReads(fn, props.stage);
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      sid: 'DeleteOwnDbSnapshots',
      actions: ['rds:DeleteDBSnapshot'],
      resources: [here.db, dr.db],
      // Even a bug in the plan cannot delete a snapshot that is not tagged as this stage's backup.
      conditions: {
        StringEquals: {
          [`rds:snapshot-tag/${STAGE_TAG_KEY}`]: props.stage,
          [`rds:snapshot-tag/${BACKUP_TAG.createdBy}`]: BACKUP_CREATED_BY,
        },
      },
    }),
  );
  fn.addToRolePolicy(
    new iam.PolicyStatement({ sid: 'DeleteOwnCacheSnapshots', actions: ['elasticache:DeleteSnapshot'], resources: [here.cache] }),
  );
  acknowledgeWildcards(defaultPolicy(fn), [
    {
      finding: wildcardResources(...listing, here.db, dr.db, here.cache),
      reason: `Listing covers the snapshots of this account in the regions the job reads (a list names no snapshot). Deletes are limited to this stage's snapshot names (${dbSnapshotPrefix(props.stage)}*, ${cacheSnapshotPrefix(props.stage)}*), and DB snapshot deletes also require the Stage and CreatedBy tags.`,
    },
  ]);
}

export function allowMonitorJob(fn: lambda.IFunction, props: { stage: string; drRegion: string; bucket: s3.IBucket }): void {
  const listing = allowSnapshotListing(fn, { rds: [Stack.of(fn).region, props.drRegion], elasticache: [Stack.of(fn).region] });
  allowCacheTagReads(fn, props.stage);
  // Lists the dumps and the config document, and reads dump sidecars that may be missing.
  fn.addToRolePolicy(listBucketForMissingObjects('ListBackupObjects', props.bucket));
  acknowledgeWildcards(defaultPolicy(fn), [
    {
      finding: wildcardResources(...listing, snapshotArns(fn, props.stage, Stack.of(fn).region).cache),
      reason: `Listing covers the snapshots of this account in the regions the job reads (a list names no snapshot); cache snapshot tags are read only for this stage's names (${cacheSnapshotPrefix(props.stage)}*). Read-only.`,
    },
  ]);
}
