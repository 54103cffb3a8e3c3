import type {
  DBSnapshot,
  RestoreDBInstanceFromDBSnapshotCommandInput,
  RestoreDBInstanceToPointInTimeCommandInput,
} from '@aws-sdk/client-rds';
import { manifestKey } from '../../../shared/manifest/backup-manifest';
import { runDeadline } from '../../common/polling';
import { dbSnapshotPrefix } from '../../../shared/backup/names';
import { BACKUP_CREATED_BY, BACKUP_TAG } from '../../../shared/backup/tags';
import { databaseCopyId, restoreTestTags, tagValue } from '../../common/naming';
import { NoSnapshotAvailableError, type RestoreStarted, type RestoreWorkflowState } from '../../common/workflow';
import { POINT_IN_TIME_LAG_MINUTES, type RESTORE_MODES, type SNAPSHOT_SOURCES } from './contract';

export interface DbStartConfig {
  readonly stage: string;
  readonly sourceInstanceId: string;
  readonly mode: (typeof RESTORE_MODES)[number];
  readonly snapshotSource: (typeof SNAPSHOT_SOURCES)[number];
  readonly instanceClass: string;
  readonly subnetGroupName: string;
  readonly securityGroupId: string;
  readonly timeoutMinutes: number;
}

export interface DbStartPorts {
  /** Snapshots of the source instance of one type, or of both when `type` is undefined. */
  listSnapshots(type: 'manual' | 'automated' | undefined): Promise<DBSnapshot[]>;
  /** The source's LatestRestorableTime; undefined when it has no automated backups. */
  latestRestorableTime(): Promise<Date | undefined>;
  restoreFromSnapshot(request: RestoreDBInstanceFromDBSnapshotCommandInput): Promise<void>;
  restoreToPointInTime(request: RestoreDBInstanceToPointInTimeCommandInput): Promise<void>;
}

/** Creates the temporary instance `<stage>-restore-test-<yyyymmddHHMM>`; throws NoSnapshotAvailableError (creating nothing) when there is nothing to restore. */
export async function startDatabaseRestore(
  state: RestoreWorkflowState,
  config: DbStartConfig,
  ports: DbStartPorts,
  now: Date,
): Promise<RestoreStarted> {
  const copyId = databaseCopyId(config.stage, new Date(state.run.executionStartTime));
  const deadline = runDeadline(state.run.executionStartTime, config.timeoutMinutes);
  const settings = copySettings(config, state.run.executionName);

  if (config.mode === 'pointInTime') {
    const restoreTime = pointInTime(now, await ports.latestRestorableTime(), config.sourceInstanceId);
    await ports.restoreToPointInTime({
      SourceDBInstanceIdentifier: config.sourceInstanceId,
      TargetDBInstanceIdentifier: copyId,
      RestoreTime: restoreTime,
      ...settings,
    });
    return {
      copyId,
      source: `${config.sourceInstanceId} at ${restoreTime.toISOString()}`,
      sourceTime: restoreTime.toISOString(),
      deadline,
    };
  }

  const type = config.snapshotSource === 'any' ? undefined : config.snapshotSource;
  const snapshot = newestSnapshot(await ports.listSnapshots(type), config.stage, config.sourceInstanceId);
  if (!snapshot) {
    throw new NoSnapshotAvailableError(
      `No available ${config.snapshotSource} snapshot of ${config.sourceInstanceId} for stage ${config.stage}; nothing was restored`,
    );
  }
  const snapshotId = snapshot.DBSnapshotIdentifier!;
  await ports.restoreFromSnapshot({ DBInstanceIdentifier: copyId, DBSnapshotIdentifier: snapshotId, ...settings });
  return {
    copyId,
    source: snapshotId,
    sourceTime: snapshot.SnapshotCreateTime!.toISOString(),
    manifestKey: snapshot.SnapshotType === 'manual' ? manifestKey(config.stage, 'database', snapshotId) : undefined,
    deadline,
  };
}

/** The newest available snapshot that is either automated or made by this stage's backup job. */
export function newestSnapshot(snapshots: readonly DBSnapshot[], stage: string, sourceInstanceId: string): DBSnapshot | undefined {
  return snapshots
    .filter((s) => s.Status === 'available' && s.DBSnapshotIdentifier && s.SnapshotCreateTime)
    .filter((s) => s.SnapshotType === 'automated' || (s.SnapshotType === 'manual' && isBackupJobSnapshot(s, stage, sourceInstanceId)))
    .sort((a, b) => b.SnapshotCreateTime!.getTime() - a.SnapshotCreateTime!.getTime())[0];
}

function isBackupJobSnapshot(snapshot: DBSnapshot, stage: string, sourceInstanceId: string): boolean {
  return (
    snapshot.DBSnapshotIdentifier!.startsWith(`${dbSnapshotPrefix(stage)}${sourceInstanceId.toLowerCase()}-`) &&
    tagValue(snapshot.TagList, BACKUP_TAG.stage) === stage &&
    tagValue(snapshot.TagList, BACKUP_TAG.createdBy) === BACKUP_CREATED_BY
  );
}

/** Five minutes ago, or the latest restorable time when RDS has not caught up that far. */
export function pointInTime(now: Date, latestRestorable: Date | undefined, sourceInstanceId: string): Date {
  if (!latestRestorable) {
    throw new NoSnapshotAvailableError(`${sourceInstanceId} has no latest restorable time (automated backups off?); nothing was restored`);
  }
  const target = new Date(now.getTime() - POINT_IN_TIME_LAG_MINUTES * 60_000);
  return target < latestRestorable ? target : latestRestorable;
}

/** What every restore-test copy is created with, weekly (both restore calls) or DR: small, private, single-AZ, deletable, no backups of its own, tagged as a restore test. */
export function copySettings(
  config: Pick<DbStartConfig, 'stage' | 'instanceClass' | 'subnetGroupName' | 'securityGroupId'>,
  executionName: string,
) {
  return {
    DBInstanceClass: config.instanceClass,
    DBSubnetGroupName: config.subnetGroupName,
    VpcSecurityGroupIds: [config.securityGroupId],
    PubliclyAccessible: false,
    MultiAZ: false,
    DeletionProtection: false,
    AutoMinorVersionUpgrade: false,
    CopyTagsToSnapshot: false,
    BackupRetentionPeriod: 0,
    Tags: restoreTestTags(config.stage, executionName),
  };
}
