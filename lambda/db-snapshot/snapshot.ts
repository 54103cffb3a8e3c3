import type { DatabaseBackupManifest } from '../shared/backup-manifest';
import { createOnce } from '../shared/backup/create-once';
import { writeManifest, type PutManifest } from '../shared/backup/manifest-writer';
import { dbSnapshotId } from '../shared/backup/names';
import { RunReport, type BackupLog } from '../shared/backup/run-report';
import type { SnapshotRecord } from '../shared/backup/snapshot-record';
import { backupTags, type ResourceTag } from '../shared/backup/tags';
import type { RetryOptions } from '../shared/retry';
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
  readonly retry?: RetryOptions;
}

/**
 * Records exact row counts into a manifest, then takes today's manual snapshot.
 * Re-running on the same day changes nothing: an existing snapshot (any status) ends the run
 * successfully without recounting, because new counts would not describe that snapshot.
 * A failed count never stops the snapshot; it only makes the run report failure.
 */
export async function takeDailySnapshot(ports: DailySnapshotPorts, input: DailySnapshotInput): Promise<DbSnapshotResult> {
  const snapshotId = dbSnapshotId(input.stage, input.dbInstanceId, input.now);
  const report = new RunReport(input.log);
  const done = (rowCountTables?: number): DbSnapshotResult => ({ action: 'snapshot', succeeded: report.succeeded, steps: report.steps, snapshotId, rowCountTables });

  const lookup = await report.attempt(
    'find-todays-snapshot',
    () => ports.findSnapshot(snapshotId),
    (found) => (found ? `${snapshotId} already exists (status ${found.status}); nothing to do today` : `${snapshotId} does not exist yet`),
  );
  if (lookup.ok && lookup.value) return done();

  const counts = await report.attempt('count-rows', () => ports.countRows(), (c) => `counted ${Object.keys(c.rowCounts).length} tables`);
  if (counts.ok) {
    const manifest: DatabaseBackupManifest = {
      kind: 'database',
      stage: input.stage,
      snapshotId,
      recordedAt: counts.value.recordedAt.toISOString(),
      rowCounts: counts.value.rowCounts,
    };
    // Overwrite only when we know the snapshot does not exist yet (a manifest left by a failed
    // attempt is stale); when the lookup failed, an existing manifest may belong to a real snapshot.
    await report.attempt('write-manifest', () => writeManifest(ports.putManifest, manifest, snapshotId, !lookup.ok), (detail) => detail);
  }

  await report.attempt(
    'create-snapshot',
    () => createOnce(() => ports.createSnapshot(snapshotId, backupTags(input.stage, 'daily')), input.retry),
    (outcome) => (outcome === 'created' ? `started ${snapshotId}` : `${snapshotId} already exists`),
  );
  return done(counts.ok ? Object.keys(counts.value.rowCounts).length : 0);
}
