import { CACHE_SENTINEL_KEY, type CacheBackupManifest } from '../../../shared/manifest/backup-manifest';
import { manifestCheck, usableManifest } from '../../common/checks';
import { verifyOutcome, type VerifyOutcome } from '../../common/workflow';
import type { CacheVerifyEvent } from './contract';
import { inspectCache } from './inspect';

export interface CacheVerifyConfig {
  readonly keyCountTolerancePercent: number;
  /** Always true when deployed; false lets tests use a local Redis without TLS. */
  readonly tls: boolean;
  /** Logical database to inspect. @default 0 */
  readonly database?: number;
}

export interface CacheVerifyPorts {
  readAuthToken(): Promise<string | undefined>;
  readManifest(key: string): Promise<CacheBackupManifest | undefined>;
}

export async function verifyRestoredCache(
  state: CacheVerifyEvent,
  config: CacheVerifyConfig,
  ports: CacheVerifyPorts,
  now: () => Date,
): Promise<VerifyOutcome> {
  const { restore, status } = state;
  if (!restore || !status?.address || !status.port) throw new Error('The restored cache has no endpoint yet; nothing to verify');
  const manifest = restore.manifestKey ? await ports.readManifest(restore.manifestKey) : undefined;
  const manifestStatus = manifestCheck(restore, manifest);
  const usable = usableManifest(manifestStatus, manifest);
  const findings = await inspectCache(
    { host: status.address, port: status.port, password: await ports.readAuthToken(), tls: config.tls, database: config.database },
    {
      keyCount: usable?.keyCount,
      tolerancePercent: config.keyCountTolerancePercent,
      sentinelKey: usable?.sentinelKey ?? CACHE_SENTINEL_KEY,
      snapshotTime: restore.sourceTime,
    },
  );
  return verifyOutcome([manifestStatus, ...findings.checks], findings.newestDataAt, now());
}
