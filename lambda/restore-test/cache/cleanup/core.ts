import type { ReplicationGroup, Tag } from '@aws-sdk/client-elasticache';
import { cleanUpCopy } from '../../common/cleanup';
import { cacheCopyId, cacheCopyPrefix } from '../../common/naming';
import type { CacheCleanupEvent, CacheCleanupResult } from './contract';

export interface CacheCleanupPorts {
  /** The replication group, or undefined when it does not exist. */
  describeGroup(id: string): Promise<ReplicationGroup | undefined>;
  /** Tags of a resource by ARN (DescribeReplicationGroups does not return them). */
  listTags(arn: string): Promise<Tag[]>;
  deleteGroup(id: string): Promise<void>;
}

export function cleanupCacheCopy(state: CacheCleanupEvent, stage: string, ports: CacheCleanupPorts): Promise<CacheCleanupResult> {
  return cleanUpCopy(
    state,
    stage,
    { prefix: cacheCopyPrefix(stage), idFor: (start) => cacheCopyId(stage, start) },
    {
      async find(id) {
        const group = await ports.describeGroup(id);
        if (!group) return undefined;
        return { status: group.Status, tags: group.ARN ? await ports.listTags(group.ARN) : [] };
      },
      remove: (id) => ports.deleteGroup(id),
    },
  );
}
