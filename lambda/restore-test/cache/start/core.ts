import type { CreateReplicationGroupCommandInput, Snapshot } from '@aws-sdk/client-elasticache';
import { manifestKey } from '../../../shared/manifest/backup-manifest';
import { cacheSnapshotPrefix } from '../../../shared/backup/names';
import { cacheCopyId, restoreTestTags } from '../../common/naming';
import { runDeadline } from '../../common/polling';
import { NoSnapshotAvailableError, type RestoreStarted, type RestoreWorkflowState } from '../../common/workflow';
import { restoreEngineVersion } from './engine-version';
import { restoreNodeType } from './node-type';

export interface CacheStartConfig {
  readonly stage: string;
  readonly sourceReplicationGroupId: string;
  readonly cacheNodeType: string;
  readonly subnetGroupName: string;
  readonly securityGroupId: string;
  readonly timeoutMinutes: number;
  readonly kmsKeyId?: string;
}

export interface CacheStartPorts {
  /** Manual snapshots of the source replication group. */
  listSnapshots(): Promise<Snapshot[]>;
  readAuthToken(): Promise<string>;
  createReplicationGroup(request: CreateReplicationGroupCommandInput): Promise<void>;
}

/** Creates `<stage>-rt-<MMddHHmm>` from the newest snapshot; throws NoSnapshotAvailableError (creating nothing) when there is none. */
export async function startCacheRestore(
  state: RestoreWorkflowState,
  config: CacheStartConfig,
  ports: CacheStartPorts,
): Promise<RestoreStarted> {
  const copyId = cacheCopyId(config.stage, new Date(state.run.executionStartTime));
  const snapshot = newestCacheSnapshot(await ports.listSnapshots(), config.stage);
  if (!snapshot) {
    throw new NoSnapshotAvailableError(
      `No available manual snapshot of ${config.sourceReplicationGroupId} for stage ${config.stage}; nothing was restored`,
    );
  }
  const snapshotName = snapshot.snapshot.SnapshotName!;
  await ports.createReplicationGroup({
    ReplicationGroupId: copyId,
    ReplicationGroupDescription: `Restore test of ${snapshotName}`,
    SnapshotName: snapshotName,
    Engine: snapshot.snapshot.Engine,
    EngineVersion: restoreEngineVersion(snapshot.snapshot.Engine, snapshot.snapshot.EngineVersion),
    // A node smaller than the source's may not hold the snapshot; the restore would fail, not the backup.
    CacheNodeType: restoreNodeType(config.cacheNodeType, snapshot.snapshot.CacheNodeType),
    NumCacheClusters: 1,
    AutomaticFailoverEnabled: false,
    MultiAZEnabled: false,
    CacheSubnetGroupName: config.subnetGroupName,
    SecurityGroupIds: [config.securityGroupId],
    TransitEncryptionEnabled: true,
    AuthToken: await ports.readAuthToken(),
    AtRestEncryptionEnabled: true,
    KmsKeyId: config.kmsKeyId,
    SnapshotRetentionLimit: 0,
    Tags: restoreTestTags(config.stage, state.run.executionName),
  });
  return {
    copyId,
    source: snapshotName,
    sourceTime: snapshot.takenAt.toISOString(),
    manifestKey: manifestKey(config.stage, 'cache', snapshotName),
    deadline: runDeadline(state.run.executionStartTime, config.timeoutMinutes),
  };
}

/** The newest available snapshot named `<stage>-cache-…` (the backup job's), with the time it was taken. */
export function newestCacheSnapshot(snapshots: readonly Snapshot[], stage: string): { snapshot: Snapshot; takenAt: Date } | undefined {
  return snapshots
    .filter((s) => s.SnapshotStatus === 'available' && s.SnapshotName?.startsWith(cacheSnapshotPrefix(stage)))
    .flatMap((snapshot) => {
      const takenAt = snapshotTime(snapshot);
      return takenAt ? [{ snapshot, takenAt }] : [];
    })
    .sort((a, b) => b.takenAt.getTime() - a.takenAt.getTime())[0];
}

/** When the snapshot was taken: its nodes' snapshot times, else the minute in its name (`…-YYYYMMDD-HHmm`). */
export function snapshotTime(snapshot: Snapshot): Date | undefined {
  const nodeTimes = (snapshot.NodeSnapshots ?? []).flatMap((node) => (node.SnapshotCreateTime ? [node.SnapshotCreateTime.getTime()] : []));
  if (nodeTimes.length > 0) return new Date(Math.max(...nodeTimes));
  const named = /-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})$/.exec(snapshot.SnapshotName ?? '');
  return named ? new Date(`${named[1]}-${named[2]}-${named[3]}T${named[4]}:${named[5]}:00Z`) : undefined;
}
