import { DescribeDBSnapshotsCommand, type DBSnapshot, paginateDescribeDBSnapshots, type RDSClient } from '@aws-sdk/client-rds';
import { isNotFound } from './errors';
import { allItems, type PageLimits } from '../pages';
import type { SnapshotRecord } from './snapshot-record';
import { tagMap } from './tags';

export function toSnapshotRecord(snapshot: DBSnapshot): SnapshotRecord {
  return {
    id: snapshot.DBSnapshotIdentifier ?? '',
    arn: snapshot.DBSnapshotArn,
    source: snapshot.DBInstanceIdentifier ?? '',
    manual: snapshot.SnapshotType === 'manual',
    status: snapshot.Status ?? 'unknown',
    // A cross-region copy gets a new SnapshotCreateTime; the original time is when its data was captured.
    createdAt: snapshot.OriginalSnapshotCreateTime ?? snapshot.SnapshotCreateTime,
    tags: tagMap(snapshot.TagList),
  };
}

/** Every manual DB snapshot in the client's region (optionally of one instance), all pages or an error. */
export async function listManualDbSnapshots(
  rds: RDSClient,
  options: { dbInstanceId?: string; limits?: PageLimits } = {},
): Promise<SnapshotRecord[]> {
  const pages = paginateDescribeDBSnapshots(
    { client: rds, pageSize: 100 },
    { SnapshotType: 'manual', DBInstanceIdentifier: options.dbInstanceId },
  );
  return (await allItems(pages, (page) => page.DBSnapshots, options.limits)).map(toSnapshotRecord);
}

/** One DB snapshot by identifier; `undefined` only when RDS says it does not exist. */
export async function findDbSnapshot(rds: RDSClient, id: string): Promise<SnapshotRecord | undefined> {
  try {
    const page = await rds.send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: id }));
    const found = page.DBSnapshots?.[0];
    return found ? toSnapshotRecord(found) : undefined;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}
