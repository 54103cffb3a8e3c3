import { DescribeDBSnapshotsCommand, type DBSnapshot, type RDSClient } from '@aws-sdk/client-rds';
import { withThrottlingRetry, type RetryOptions } from '../retry';
import { isNotFound } from './errors';
import { collectPages, type PageLimits } from './pages';
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
export function listManualDbSnapshots(rds: RDSClient, options: { dbInstanceId?: string; retry?: RetryOptions; limits?: PageLimits } = {}): Promise<SnapshotRecord[]> {
  return collectPages(async (marker) => {
    const page = await withThrottlingRetry(
      () => rds.send(new DescribeDBSnapshotsCommand({ SnapshotType: 'manual', DBInstanceIdentifier: options.dbInstanceId, Marker: marker, MaxRecords: 100 })),
      options.retry,
    );
    return { items: (page.DBSnapshots ?? []).map(toSnapshotRecord), marker: page.Marker };
  }, options.limits);
}

/** One DB snapshot by identifier; `undefined` only when RDS says it does not exist. */
export async function findDbSnapshot(rds: RDSClient, id: string, retry?: RetryOptions): Promise<SnapshotRecord | undefined> {
  try {
    const page = await withThrottlingRetry(() => rds.send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: id })), retry);
    const found = page.DBSnapshots?.[0];
    return found ? toSnapshotRecord(found) : undefined;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}
