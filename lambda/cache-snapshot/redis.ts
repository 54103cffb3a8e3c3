import { connectRedis } from '../shared/redis-client';
import { CACHE_COMMAND_TIMEOUT_MS, CACHE_CONNECT_TIMEOUT_MS, SENTINEL_WAIT_MS } from './contract';

/** The AUTH token from its secret: a plain string, or JSON with `authToken`, `token` or `password`. */
export function parseAuthToken(secretString: string | undefined): string {
  const raw = (secretString ?? '').trim();
  let token = raw;
  if (raw.startsWith('{')) {
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      throw new Error('The cache AUTH secret looks like JSON but does not parse');
    }
    const found = [parsed.authToken, parsed.token, parsed.password].find((v) => typeof v === 'string' && v !== '');
    token = typeof found === 'string' ? found : '';
  }
  if (!token) throw new Error('The cache AUTH secret holds no token (expected a string, or JSON with authToken, token or password)');
  return token;
}

export interface CacheConnection {
  readonly host: string;
  readonly port: number;
  /** AUTH token; omitted only for a local test server without AUTH. */
  readonly authToken?: string;
  /** In-transit encryption, which ElastiCache requires once AUTH is on. Off only for a local test server. @default true */
  readonly tls?: boolean;
  /** @default CACHE_CONNECT_TIMEOUT_MS */
  readonly connectTimeoutMs?: number;
}

/** A connected client that fails fast instead of reconnecting forever; the caller closes it. */
export async function connectToCache(connection: CacheConnection) {
  return connectRedis({
    host: connection.host,
    port: connection.port,
    tls: connection.tls !== false,
    password: connection.authToken,
    connectTimeoutMs: connection.connectTimeoutMs ?? CACHE_CONNECT_TIMEOUT_MS,
    commandTimeoutMs: CACHE_COMMAND_TIMEOUT_MS,
  });
}

/** The commands recordSentinel uses, so a test can hand in any connected client. */
export interface SentinelCommands {
  set(key: string, value: string): Promise<unknown>;
  info(section: string): Promise<string>;
  wait(replicas: number, timeoutMs: number): Promise<number>;
  dbsize(): Promise<number>;
}

export interface SentinelResult {
  readonly keyCount: number;
  readonly replicas: number;
  /** Replicas that confirmed the sentinel write before the snapshot, which may be taken on a replica. */
  readonly replicasAcknowledged: number;
}

/**
 * Writes the sentinel (its value: the write time), waits up to `waitMs` for the replicas to have
 * it, because ElastiCache may snapshot a replica, then reads DBSIZE.
 */
export async function recordSentinel(
  cache: SentinelCommands,
  key: string,
  value: string,
  waitMs = SENTINEL_WAIT_MS,
): Promise<SentinelResult> {
  await cache.set(key, value);
  const replicas = Number(/connected_slaves:(\d+)/.exec(await cache.info('replication'))?.[1] ?? 0);
  const replicasAcknowledged = replicas > 0 ? await cache.wait(replicas, waitMs) : 0;
  const keyCount = await cache.dbsize();
  return { keyCount, replicas, replicasAcknowledged };
}
