import type { DBSnapshot, RestoreDBInstanceFromDBSnapshotCommandInput } from '@aws-sdk/client-rds';
import { BACKUP_CREATED_BY, BACKUP_TAG } from '../../../shared/backup/tags';
import { manifestKey } from '../../../shared/manifest/backup-manifest';
import { databaseCopyId, tagValue } from '../../common/naming';
import { copySettings } from '../../db/start/core';
import { runDeadline } from '../../common/polling';
import { DR_COPY_PORT } from './contract';
import { NoSnapshotAvailableError, type RestoreStarted, type RestoreWorkflowState } from '../../common/workflow';

export interface DrStartConfig {
  readonly stage: string;
  readonly instanceClass: string;
  readonly subnetGroupName: string;
  readonly securityGroupId: string;
  readonly timeoutMinutes: number;
}

export interface DrStartPorts {
  /** The DR region's manual snapshots (every page). */
  listSnapshots(): Promise<DBSnapshot[]>;
  restoreFromSnapshot(request: RestoreDBInstanceFromDBSnapshotCommandInput): Promise<void>;
}

/**
 * Restores the newest off-site copy of this stage into `<stage>-restore-test-<yyyymmddHHMM>` in the
 * landing zone; throws NoSnapshotAvailableError (creating nothing) when the DR region holds none.
 */
export async function startDrRestore(state: RestoreWorkflowState, config: DrStartConfig, ports: DrStartPorts): Promise<RestoreStarted> {
  const copyId = databaseCopyId(config.stage, new Date(state.run.executionStartTime));
  const copy = newestDrCopy(await ports.listSnapshots(), config.stage);
  if (!copy) {
    throw new NoSnapshotAvailableError(
      `No available off-site copy of stage ${config.stage} in this region (manual snapshots tagged ${BACKUP_TAG.stage}=${config.stage}, ${BACKUP_TAG.createdBy}=${BACKUP_CREATED_BY}); nothing was restored`,
    );
  }
  const snapshotId = copy.DBSnapshotIdentifier!;
  await ports.restoreFromSnapshot({
    DBInstanceIdentifier: copyId,
    DBSnapshotIdentifier: snapshotId,
    ...copySettings(config, state.run.executionName),
    Port: DR_COPY_PORT,
  });
  return {
    copyId,
    source: snapshotId,
    sourceTime: takenAt(copy).toISOString(),
    // The copy keeps the source snapshot's identifier, so its manifest copy has the source's key.
    manifestKey: manifestKey(config.stage, 'database', snapshotId),
    deadline: runDeadline(state.run.executionStartTime, config.timeoutMinutes),
  };
}

/**
 * The newest available copy this stage's backup job made, chosen by its tags (CopyDBSnapshot copies
 * them), not by its name: Stage=<stage> and CreatedBy=stage-platform-backup.
 */
export function newestDrCopy(snapshots: readonly DBSnapshot[], stage: string): DBSnapshot | undefined {
  return snapshots
    .filter(
      (s) =>
        s.Status === 'available' &&
        s.SnapshotType === 'manual' &&
        s.DBSnapshotIdentifier &&
        (s.OriginalSnapshotCreateTime ?? s.SnapshotCreateTime),
    )
    .filter((s) => tagValue(s.TagList, BACKUP_TAG.stage) === stage && tagValue(s.TagList, BACKUP_TAG.createdBy) === BACKUP_CREATED_BY)
    .sort((a, b) => takenAt(b).getTime() - takenAt(a).getTime())[0];
}

/**
 * When the data was taken: a copy's SnapshotCreateTime is the time it was copied, while
 * OriginalSnapshotCreateTime keeps the source snapshot's (RDS API reference, DBSnapshot).
 */
function takenAt(snapshot: DBSnapshot): Date {
  return (snapshot.OriginalSnapshotCreateTime ?? snapshot.SnapshotCreateTime)!;
}
