import type { DatabaseBackupManifest } from '../shared/manifest/backup-manifest';
import { createOnce } from '../shared/backup/create-once';
import { type PutManifest, writeManifest } from '../shared/manifest/store';
import { dbSnapshotId } from '../shared/backup/names';
import { RunReport, type BackupLog } from '../shared/backup/run-report';
import type { SnapshotRecord } from '../shared/backup/snapshot-record';
import { backupTags, type ResourceTag } from '../shared/backup/tags';
import type { DbSnapshotResult } from './contract';
import type { RowCounts } from './row-counts';

/** What the daily snapshot needs from the outside world. */
export interface DailySnapshotPorts {
  /** The snapshot with this identifier, or `undefined` when RDS says there is none. */
  findSnapshot(id: string): Promise<SnapshotRecord | undefined>;
  countRows(): Promise<RowCounts>;
  readonly putManifest: PutManifest;
  createSnapshot(id: string, tags: ResourceTag[]): Promise<void>;
}

export interface DailySnapshotInput {
  readonly stage: string;
  readonly dbInstanceId: string;
  readonly now: Date;
  readonly log: BackupLog;
}

/**
 * Takes today's manual snapshot first, then records row counts into its manifest: nothing slow
 * runs before the snapshot is requested, so a slow database can cost the counts but never the
 * backup. The counts run a few seconds after the snapshot point; the restore test's tolerance covers
 * writes in between. Counts that did not fit the deadline are recorded as not counted (the run still
 * succeeds); a count that could not run at all (no connection) fails the run, never the snapshot.
 * Re-running on the same day changes nothing: an existing snapshot (any status) ends the run
 * successfully without recounting, because new counts would not describe that snapshot.
 */
export async function takeDailySnapshot(ports: DailySnapshotPorts, input: DailySnapshotInput): Promise<DbSnapshotResult> {
  const snapshotId = dbSnapshotId(input.stage, input.dbInstanceId, input.now);
  const report = new RunReport(input.log);
  const done = (counted?: RowCounts | null): DbSnapshotResult => {
    const notCounted = counted ? Object.keys(counted.notCounted).length : 0;
    return {
      action: 'snapshot',
      succeeded: report.succeeded,
      steps: report.steps,
      snapshotId,
      ...(counted === undefined ? {} : { rowCountTables: counted ? Object.keys(counted.rowCounts).length : 0 }),
      ...(notCounted > 0 ? { notCountedTables: notCounted } : {}),
    };
  };

  const lookup = await report.attempt(
    'find-todays-snapshot',
    () => ports.findSnapshot(snapshotId),
    (found) => (found ? `${snapshotId} already exists (status ${found.status}); nothing to do today` : `${snapshotId} does not exist yet`),
  );
  if (lookup.ok && lookup.value) return done();

  const created = await report.attempt(
    'create-snapshot',
    () => createOnce(() => ports.createSnapshot(snapshotId, backupTags(input.stage, 'daily'))),
    (outcome) => (outcome === 'created' ? `started ${snapshotId}` : `${snapshotId} already exists`),
  );
  // No snapshot, nothing for counts to describe.
  if (!created.ok) return done(null);

  const counts = await report.attempt('count-rows', () => ports.countRows(), describeCounts);
  if (!counts.ok) return done(null);
  const { recordedAt, rowCounts, notCounted } = counts.value;
  const manifest: DatabaseBackupManifest = {
    kind: 'database',
    stage: input.stage,
    snapshotId,
    recordedAt: recordedAt.toISOString(),
    rowCounts,
    ...(Object.keys(notCounted).length > 0 ? { notCounted } : {}),
  };
  // Overwrite only when this run made the snapshot after finding none (a manifest left by a failed
  // attempt is stale); otherwise an existing manifest may belong to the real snapshot and is kept.
  const onlyIfAbsent = !lookup.ok || created.value === 'exists';
  await report.attempt(
    'write-manifest',
    () => writeManifest(ports.putManifest, manifest, snapshotId, onlyIfAbsent),
    (detail) => detail,
  );
  return done(counts.value);
}

function describeCounts(counts: RowCounts): string {
  const exact = `counted ${Object.keys(counts.rowCounts).length} tables exactly`;
  const missing = Object.entries(counts.notCounted);
  return missing.length === 0 ? exact : `${exact}; not counted: ${missing.map(([table, n]) => `${table} (${n.reason})`).join(', ')}`;
}
