/**
 * Deterministic backup names. The name of a day's (or a slot's) backup is known before it
 * is taken, which is what makes a second run of the same schedule a no-op instead of a duplicate.
 */

const RDS_IDENTIFIER = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Every DB snapshot this stage takes starts with this; IAM scopes snapshot ARNs to it. */
export function dbSnapshotPrefix(stage: string): string {
  return `${stage}-`;
}

/** `<stage>-<dbInstanceId>-YYYY-MM-DD` (UTC): one daily snapshot per instance and day. */
export function dbSnapshotId(stage: string, dbInstanceId: string, now: Date): string {
  // RDS stores identifiers in lower case; producing them that way keeps lookups and names equal.
  const id = `${dbSnapshotPrefix(stage)}${dbInstanceId}-${now.toISOString().slice(0, 10)}`.toLowerCase();
  if (id.length > 255 || !RDS_IDENTIFIER.test(id)) {
    throw new Error(`Cannot build a valid RDS snapshot identifier from stage "${stage}" and instance "${dbInstanceId}": got "${id}"`);
  }
  return id;
}

/** Every cache snapshot this stage takes starts with this; IAM scopes snapshot ARNs to it. */
export function cacheSnapshotPrefix(stage: string): string {
  return `${stage}-cache-`;
}

/** `<stage>-cache-YYYYMMDD-HHmm` (UTC): one name per schedule slot. */
export function cacheSnapshotName(stage: string, now: Date): string {
  const iso = now.toISOString();
  return `${cacheSnapshotPrefix(stage)}${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 13)}${iso.slice(14, 16)}`;
}
