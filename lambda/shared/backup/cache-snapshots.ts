import { ListTagsForResourceCommand, type ElastiCacheClient, paginateDescribeSnapshots, type Snapshot } from '@aws-sdk/client-elasticache';
import { assertBeforeDeadline } from '../time-budget';
import { allItems, type PageLimits } from '../pages';
import type { SnapshotRecord } from './snapshot-record';
import { tagMap } from './tags';

export function toCacheSnapshotRecord(snapshot: Snapshot, tags: Record<string, string> | undefined): SnapshotRecord {
  // A snapshot has one node snapshot per shard; the earliest is when the backup began.
  const times = (snapshot.NodeSnapshots ?? []).map((n) => n.SnapshotCreateTime).filter((t): t is Date => t instanceof Date);
  return {
    id: snapshot.SnapshotName ?? '',
    arn: snapshot.ARN,
    source: snapshot.ReplicationGroupId ?? snapshot.CacheClusterId ?? '',
    manual: snapshot.SnapshotSource === 'manual',
    status: snapshot.SnapshotStatus ?? 'unknown',
    createdAt: times.length > 0 ? new Date(Math.min(...times.map((t) => t.getTime()))) : undefined,
    tags,
  };
}

export interface CacheListingOptions {
  /** Tags are read (one call per snapshot) only for snapshots this accepts; the rest keep `tags: undefined`. */
  readonly readTagsOf: (snapshotName: string) => boolean;
  /** Told about each snapshot whose tags could not be read; that snapshot keeps `tags: undefined`. */
  readonly onTagError?: (snapshotName: string, error: unknown) => void;
  /** Pages and deadline of the listing; the deadline also stops the tag reads (the listing then fails). @default none */
  readonly limits?: PageLimits;
}

/** Every manual (user) cache snapshot in the client's region, all pages or an error. */
export async function listManualCacheSnapshots(elasticache: ElastiCacheClient, options: CacheListingOptions): Promise<SnapshotRecord[]> {
  const pages = paginateDescribeSnapshots({ client: elasticache, pageSize: 50 }, { SnapshotSource: 'user' });
  const snapshots = await allItems(pages, (page) => page.Snapshots, options.limits);
  const records: SnapshotRecord[] = [];
  for (const snapshot of snapshots) {
    const name = snapshot.SnapshotName ?? '';
    const wantTags = options.readTagsOf(name);
    if (wantTags) assertBeforeDeadline(options.limits?.deadline, `Tags of ${name}`);
    const tags = wantTags ? await readTags(elasticache, snapshot, options) : undefined;
    records.push(toCacheSnapshotRecord(snapshot, tags));
  }
  return records;
}

async function readTags(
  elasticache: ElastiCacheClient,
  snapshot: Snapshot,
  options: CacheListingOptions,
): Promise<Record<string, string> | undefined> {
  try {
    if (!snapshot.ARN) throw new Error('the listing returned no ARN');
    const arn = snapshot.ARN;
    const result = await elasticache.send(new ListTagsForResourceCommand({ ResourceName: arn }));
    return tagMap(result.TagList ?? []);
  } catch (error) {
    options.onTagError?.(snapshot.SnapshotName ?? '', error);
    return undefined;
  }
}
