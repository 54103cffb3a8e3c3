import { STAGE_TAG_KEY } from '../stage-tags';
/**
 * The tags that mark a snapshot as a backup this platform took. Retention deletes nothing that
 * lacks them, and the IAM policy for deletes checks the same tags, so both agree on "ours".
 */
export const BACKUP_TAG = { stage: STAGE_TAG_KEY, createdBy: 'CreatedBy', kind: 'BackupKind' } as const;

/** Value of the CreatedBy tag on every backup this platform takes. */
export const BACKUP_CREATED_BY = 'stage-platform-backup';

/** Schedules backups are taken on; also groups snapshots for "keep the newest N". */
export type BackupKind = 'daily' | 'six-hourly';

/** The tag shape both RDS and ElastiCache accept. */
export interface ResourceTag {
  readonly Key: string;
  readonly Value: string;
}

export function backupTags(stage: string, kind: BackupKind): ResourceTag[] {
  return [
    { Key: BACKUP_TAG.stage, Value: stage },
    { Key: BACKUP_TAG.createdBy, Value: BACKUP_CREATED_BY },
    { Key: BACKUP_TAG.kind, Value: kind },
  ];
}

/** Tags as a map; `undefined` stays `undefined` because "no tags read" must not look like "no tags". */
export function tagMap(tags: readonly { Key?: string; Value?: string }[] | undefined): Record<string, string> | undefined {
  if (!tags) return undefined;
  return Object.fromEntries(tags.filter((t) => t.Key !== undefined).map((t) => [t.Key as string, t.Value ?? '']));
}
