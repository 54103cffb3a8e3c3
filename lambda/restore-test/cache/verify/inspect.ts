import { connectRedis } from '../../../shared/redis-client';
import { formatSeconds, secondsBetween } from '../../common/data-age';
import { errorText } from '../../../shared/error-text';
import { countDetail, withinTolerance } from '../../common/checks';
import type { VerificationCheck } from '../../common/workflow';
import { CACHE_COMMAND_TIMEOUT_MS, CACHE_CONNECT_TIMEOUT_MS } from './contract';

export interface RedisTarget {
  readonly host: string;
  readonly port: number;
  readonly username?: string;
  /** The AUTH token. */
  readonly password?: string;
  /** Always true against ElastiCache; false only for local tests. */
  readonly tls: boolean;
  /** Logical database to inspect. @default 0 */
  readonly database?: number;
  /** @default CACHE_CONNECT_TIMEOUT_MS */
  readonly connectTimeoutMs?: number;
}

export interface CacheExpectations {
  /** DBSIZE the backup recorded; undefined when there is no manifest to compare with. */
  readonly keyCount?: number;
  readonly tolerancePercent: number;
  readonly sentinelKey: string;
  /** ISO time the snapshot was taken. */
  readonly snapshotTime: string;
}

export interface CacheFindings {
  readonly checks: VerificationCheck[];
  /** ISO time the sentinel holds: the newest write the copy is known to contain. */
  readonly newestDataAt?: string;
}

/**
 * The backup writes the sentinel just before it snapshots; a copy whose sentinel is older than the
 * snapshot by more than this did not capture the writes before it.
 */
export const SENTINEL_MAX_LAG_SECONDS = 15 * 60;

/** Checks the key count and the sentinel; a connection or AUTH failure is one failed check, not an exception. */
export async function inspectCache(target: RedisTarget, expect: CacheExpectations): Promise<CacheFindings> {
  let client: Awaited<ReturnType<typeof connectRedis>>;
  try {
    client = await connectRedis({
      host: target.host,
      port: target.port,
      tls: target.tls,
      username: target.username,
      password: target.password,
      database: target.database,
      connectTimeoutMs: target.connectTimeoutMs ?? CACHE_CONNECT_TIMEOUT_MS,
      commandTimeoutMs: CACHE_COMMAND_TIMEOUT_MS,
    });
  } catch (error) {
    return {
      checks: [{ name: 'connect', passed: false, detail: `could not connect to ${target.host}:${target.port}: ${errorText(error)}` }],
    };
  }
  try {
    const checks: VerificationCheck[] = [
      { name: 'connect', passed: true, detail: `connected to ${target.host}:${target.port}${target.tls ? ' over TLS with AUTH' : ''}` },
    ];
    if (expect.keyCount !== undefined) {
      const actual = await client.dbsize();
      checks.push({
        name: 'key-count',
        passed: withinTolerance(actual, expect.keyCount, expect.tolerancePercent),
        detail: countDetail('keys', actual, expect.keyCount, expect.tolerancePercent),
      });
    }
    const sentinel = sentinelCheck(expect, await client.get(expect.sentinelKey));
    return { checks: [...checks, sentinel.check], newestDataAt: sentinel.writtenAt };
  } catch (error) {
    return { checks: [{ name: 'inspect', passed: false, detail: `command failed: ${errorText(error)}` }] };
  } finally {
    client.disconnect();
  }
}

/** The sentinel must be present, a time, and from shortly before the snapshot. */
export function sentinelCheck(
  expect: Pick<CacheExpectations, 'sentinelKey' | 'snapshotTime'>,
  value: string | null,
): { check: VerificationCheck; writtenAt?: string } {
  const name = 'sentinel';
  if (value === null) return { check: { name, passed: false, detail: `sentinel key ${expect.sentinelKey} is missing from the copy` } };
  const at = new Date(value);
  if (Number.isNaN(at.getTime()))
    return {
      check: { name, passed: false, detail: `sentinel key ${expect.sentinelKey} holds ${JSON.stringify(value.slice(0, 40))}, not a time` },
    };
  const writtenAt = at.toISOString();
  const lag = secondsBetween(writtenAt, expect.snapshotTime);
  const passed = lag <= SENTINEL_MAX_LAG_SECONDS;
  const detail = `written ${writtenAt}, ${formatSeconds(lag)} before the snapshot${passed ? '' : ` (more than ${formatSeconds(SENTINEL_MAX_LAG_SECONDS)}: the snapshot missed recent writes)`}`;
  return { check: { name, passed, detail }, writtenAt };
}
