import { DeleteDBInstanceCommand, DescribeDBInstancesCommand, type DBInstance, type RDSClient } from '@aws-sdk/client-rds';
import {
  DeleteReplicationGroupCommand,
  DescribeReplicationGroupsCommand,
  ListTagsForResourceCommand,
  type ElastiCacheClient,
  type ReplicationGroup,
  type Tag,
} from '@aws-sdk/client-elasticache';

/** The temporary copies a restore test makes, in RDS and in ElastiCache: found, tagged, deleted. */

/** The instance, or undefined when RDS says it does not exist; any other error propagates (uncertain is not "absent"). */
export async function findDbInstance(rds: RDSClient, id: string): Promise<DBInstance | undefined> {
  try {
    const out = await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }));
    return out.DBInstances?.[0];
  } catch (error) {
    if ((error as { name?: string }).name === 'DBInstanceNotFoundFault') return undefined;
    throw error;
  }
}

/** Deletes a restore-test copy: no final snapshot, and its automated backups go with it. */
export async function deleteDbCopy(rds: RDSClient, id: string): Promise<void> {
  await rds.send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: id, SkipFinalSnapshot: true, DeleteAutomatedBackups: true }));
}

/** The replication group, or undefined when ElastiCache says it does not exist; any other error propagates. */
export async function findReplicationGroup(elasticache: ElastiCacheClient, id: string): Promise<ReplicationGroup | undefined> {
  try {
    const out = await elasticache.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: id }));
    return out.ReplicationGroups?.[0];
  } catch (error) {
    if ((error as { name?: string }).name === 'ReplicationGroupNotFoundFault') return undefined;
    throw error;
  }
}

/** Tags of an ElastiCache resource (DescribeReplicationGroups does not return them). */
export async function listCacheTags(elasticache: ElastiCacheClient, arn: string): Promise<Tag[]> {
  const out = await elasticache.send(new ListTagsForResourceCommand({ ResourceName: arn }));
  return out.TagList ?? [];
}

/** Deletes a restore-test copy with all its nodes, without a final snapshot. */
export async function deleteCacheCopy(elasticache: ElastiCacheClient, id: string): Promise<void> {
  await elasticache.send(new DeleteReplicationGroupCommand({ ReplicationGroupId: id, RetainPrimaryCluster: false }));
}
