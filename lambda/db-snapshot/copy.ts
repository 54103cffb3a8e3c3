import { createOnce } from '../shared/backup/create-once';
import { errorText } from '../shared/error-text';
import { RunReport, type BackupLog } from '../shared/backup/run-report';
import { hasValidTime, isUsableBackup, type SnapshotRecord } from '../shared/backup/snapshot-record';
import type { DbSnapshotResult } from './contract';

/** What the DR copy needs from the outside world. */
export interface DrCopyPorts {
  /** This instance's manual snapshots in the primary region (every page). */
  listSourceSnapshots(): Promise<SnapshotRecord[]>;
  /** The snapshot with this identifier in the DR region, or `undefined` when RDS says there is none. */
  findDrSnapshot(id: string): Promise<SnapshotRecord | undefined>;
  /** Starts a cross-region copy into the DR region under the same identifier. */
  copySnapshot(sourceArn: string, targetId: string): Promise<void>;
  /**
   * Copies the snapshot's manifest to the DR region's manifest bucket unless it is there already,
   * so a DR restore can check its copy with nothing from the primary region. Returns what it did.
   */
  copyManifest(snapshotId: string): Promise<string>;
}

export interface DrCopyInput {
  readonly stage: string;
  readonly dbInstanceId: string;
  readonly now: Date;
  readonly log: BackupLog;
  /** Only snapshots this recent are copied; older ones were either copied or are past saving. @default 48 */
  readonly lookbackHours?: number;
  /** Epoch ms after which no further copy is started (the Lambda's remaining time less one copy's worst case). @default no deadline */
  readonly deadline?: () => number;
}

/** Our available snapshots of this instance taken within the lookback, oldest first. */
export function selectCopyCandidates(
  snapshots: readonly SnapshotRecord[],
  input: Pick<DrCopyInput, 'stage' | 'dbInstanceId' | 'now' | 'lookbackHours'>,
): (SnapshotRecord & { createdAt: Date; arn: string })[] {
  const since = input.now.getTime() - (input.lookbackHours ?? 48) * 3_600_000;
  return snapshots
    .filter((s): s is SnapshotRecord & { createdAt: Date; arn: string } => isUsableBackup(s, input.stage) && hasValidTime(s) && !!s.arn)
    .filter((s) => s.source === input.dbInstanceId && s.createdAt.getTime() >= since)
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}

/**
 * Copies each recent snapshot that the DR region lacks. The target identifier equals the source
 * identifier, so "already there" is a lookup by name and a second run copies nothing twice.
 * When the DR lookup fails, that snapshot is not copied this hour and the run reports failure.
 */
export async function copyToDrRegion(ports: DrCopyPorts, input: DrCopyInput): Promise<DbSnapshotResult> {
  const report = new RunReport(input.log);
  const done = (): DbSnapshotResult => ({ action: 'copy', succeeded: report.succeeded, steps: report.steps });

  const listed = await report.attempt(
    'list-source-snapshots',
    () => ports.listSourceSnapshots(),
    (s) => `${s.length} manual snapshots of ${input.dbInstanceId}`,
  );
  if (!listed.ok) return done();
  const candidates = selectCopyCandidates(listed.value, input);
  report.ok(
    'select-candidates',
    candidates.length > 0 ? `recent: ${candidates.map((c) => c.id).join(', ')}` : 'no recent available snapshot to copy',
  );

  const deadline = input.deadline?.() ?? Number.POSITIVE_INFINITY;
  for (const [i, snapshot] of candidates.entries()) {
    if (Date.now() >= deadline) {
      // Not a failure: the next hourly run copies what is still missing, and the DR freshness alarm watches the outcome.
      report.ok(
        'copy-deadline',
        `no time left in this run; left for the next run: ${candidates
          .slice(i)
          .map((c) => c.id)
          .join(', ')}`,
      );
      break;
    }
    const step = `copy ${snapshot.id}`;
    let existing: SnapshotRecord | undefined;
    try {
      existing = await ports.findDrSnapshot(snapshot.id);
    } catch (error) {
      report.fail(step, `could not check the DR region, so nothing was copied: ${errorText(error)}`);
      continue;
    }
    let copying: boolean;
    if (existing?.status === 'failed') {
      report.fail(step, `the DR copy exists with status "failed"; delete it so the next run copies again`);
      copying = false;
    } else if (existing) {
      report.ok(step, `already in the DR region (status ${existing.status})`);
      copying = true;
    } else {
      const started = await report.attempt(
        step,
        () => createOnce(() => ports.copySnapshot(snapshot.arn, snapshot.id)),
        (outcome) => (outcome === 'created' ? 'copy started' : 'copy already started by an earlier run'),
      );
      copying = started.ok;
    }
    // Beside every copy its manifest: the DR restore test checks the copy against it in the DR region.
    if (copying)
      await report.attempt(
        `copy manifest of ${snapshot.id}`,
        () => ports.copyManifest(snapshot.id),
        (outcome) => outcome,
      );
  }
  return done();
}
