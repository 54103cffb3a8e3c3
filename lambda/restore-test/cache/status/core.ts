import type { ReplicationGroup } from '@aws-sdk/client-elasticache';
import { checkCopy } from '../../common/polling';
import type { CacheStatusEvent, CacheStatusResult } from './contract';

export interface CacheStatusPorts {
  /** The replication group, or undefined when it does not exist. */
  describeGroup(id: string): Promise<ReplicationGroup | undefined>;
}

/** States a replication group does not leave by waiting. */
const DEAD_ENDS = new Set(['create-failed', 'deleting']);

export function checkCacheCopy(state: CacheStatusEvent, maxPolls: number, ports: CacheStatusPorts, now: Date): Promise<CacheStatusResult> {
  return checkCopy(state, maxPolls, now, DEAD_ENDS, async (id) => {
    const group = await ports.describeGroup(id);
    if (!group) return undefined;
    const primary = group.NodeGroups?.[0]?.PrimaryEndpoint;
    return {
      status: group.Status ?? 'unknown',
      ready: group.Status === 'available' && !!primary?.Address,
      details: { address: primary?.Address, port: primary?.Port },
    };
  });
}
