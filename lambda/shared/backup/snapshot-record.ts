import { BACKUP_CREATED_BY, BACKUP_TAG } from './tags';

/** One RDS or ElastiCache snapshot, reduced to what the backup jobs decide on. */
export interface SnapshotRecord {
  /** DB snapshot identifier or ElastiCache snapshot name. */
  readonly id: string;
  /** ARN, where the listing returned one (a cross-region copy needs it). */
  readonly arn?: string;
  /** DB instance or replication group the snapshot was taken of. */
  readonly source: string;
  /** True only for snapshots someone asked for; automated ones belong to the service's own retention. */
  readonly manual: boolean;
  readonly status: string;
  /** When the data was captured; for a cross-region copy, when the original was taken. */
  readonly createdAt?: Date;
  /** `undefined` when the tags were not or could not be read. */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Manual, readable tags, this stage's and made by this platform: the only snapshots we may ever manage. */
export function isOurs(snapshot: SnapshotRecord, stage: string): boolean {
  return (
    snapshot.manual &&
    snapshot.tags !== undefined &&
    snapshot.tags[BACKUP_TAG.stage] === stage &&
    snapshot.tags[BACKUP_TAG.createdBy] === BACKUP_CREATED_BY
  );
}

/** Ours, complete and with a known time: a backup one could restore from. */
export function isUsableBackup(snapshot: SnapshotRecord, stage: string): boolean {
  return isOurs(snapshot, stage) && snapshot.status === 'available' && hasValidTime(snapshot);
}

export function hasValidTime(snapshot: SnapshotRecord): snapshot is SnapshotRecord & { createdAt: Date } {
  return snapshot.createdAt instanceof Date && !Number.isNaN(snapshot.createdAt.getTime());
}

/** Newest first; ties broken by id so every run orders the same set the same way. */
export function newestFirst(a: SnapshotRecord & { createdAt: Date }, b: SnapshotRecord & { createdAt: Date }): number {
  return b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
