import { CACHE_SENTINEL_KEY, type CacheBackupManifest } from '../shared/manifest/backup-manifest';
import { createOnce } from '../shared/backup/create-once';
import { isBusy } from '../shared/backup/errors';
import { errorText } from '../shared/error-text';
import { type PutManifest, writeManifest } from '../shared/manifest/store';
import { cacheSnapshotName } from '../shared/backup/names';
import { RunReport, type BackupLog } from '../shared/backup/run-report';
import { backupTags, type ResourceTag } from '../shared/backup/tags';
import type { CacheSnapshotResult } from './contract';
import type { SentinelResult } from './redis';

/** What the cache snapshot needs from the outside world. */
export interface CacheSnapshotPorts {
  /** Writes the sentinel on the primary and returns DBSIZE (see recordSentinel). */
  recordSentinel(key: string, value: string): Promise<SentinelResult>;
  createSnapshot(name: string, tags: ResourceTag[]): Promise<void>;
  readonly putManifest: PutManifest;
}

export interface CacheSnapshotInput {
  readonly stage: string;
  readonly replicationGroupId: string;
  readonly now: Date;
  readonly log: BackupLog;
}

/**
 * Writes the sentinel and reads DBSIZE, snapshots the replication group, then records the
 * manifest. An unreachable cache does not stop the snapshot (the backup matters more than its
 * manifest); a busy replication group is reported for the next run, never retried in a loop.
 */
export async function takeCacheSnapshot(ports: CacheSnapshotPorts, input: CacheSnapshotInput): Promise<CacheSnapshotResult> {
  const snapshotName = cacheSnapshotName(input.stage, input.now);
  const recordedAt = input.now.toISOString();
  const report = new RunReport(input.log);

  const sentinel = await report.attempt(
    'write-sentinel',
    () => ports.recordSentinel(CACHE_SENTINEL_KEY, recordedAt),
    (r) => `${CACHE_SENTINEL_KEY} = ${recordedAt}; DBSIZE ${r.keyCount}; ${r.replicasAcknowledged} of ${r.replicas} replicas confirmed`,
  );

  const created = await report.attempt(
    'create-snapshot',
    async () => {
      try {
        return await createOnce(() => ports.createSnapshot(snapshotName, backupTags(input.stage, 'six-hourly')));
      } catch (error) {
        if (isBusy(error))
          throw new Error(
            `${input.replicationGroupId} is busy (a snapshot or change in progress); the next scheduled run tries again. ${errorText(error)}`,
          );
        throw error;
      }
    },
    (outcome) => (outcome === 'created' ? `started ${snapshotName}` : `${snapshotName} already exists`),
  );

  if (sentinel.ok && created.ok) {
    const manifest: CacheBackupManifest = {
      kind: 'cache',
      stage: input.stage,
      snapshotName,
      recordedAt,
      keyCount: sentinel.value.keyCount,
      sentinelKey: CACHE_SENTINEL_KEY,
    };
    // A snapshot that already existed may have its manifest from the run that made it: keep that one.
    await report.attempt(
      'write-manifest',
      () => writeManifest(ports.putManifest, manifest, snapshotName, created.value === 'exists'),
      (detail) => detail,
    );
  }
  return { succeeded: report.succeeded, steps: report.steps, snapshotName, keyCount: sentinel.ok ? sentinel.value.keyCount : undefined };
}
