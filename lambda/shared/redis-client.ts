import { createClient } from '@redis/client';

/** Where and how a function reaches a Redis or Valkey server. */
export interface RedisEndpoint {
  readonly host: string;
  readonly port: number;
  /** In-transit encryption, which ElastiCache requires once AUTH is on; off only for a local test server. */
  readonly tls: boolean;
  readonly username?: string;
  /** AUTH token or ACL password; omitted only for a local test server without AUTH. */
  readonly password?: string;
  readonly database?: number;
  readonly connectTimeoutMs: number;
  /** How long one command may wait for its answer. */
  readonly commandTimeoutMs: number;
}

/**
 * An unconnected client that fails fast: no reconnecting and no offline queue, so a dead or
 * refusing server ends the awaited command instead of holding the function until its timeout.
 * With TLS it checks the certificate against the host name (SNI). Its 'error' events are swallowed
 * because failures surface through the awaited commands; unhandled, one would crash the function.
 */
export function redisClient(endpoint: RedisEndpoint) {
  const socket = {
    host: endpoint.host,
    port: endpoint.port,
    connectTimeout: endpoint.connectTimeoutMs,
    socketTimeout: endpoint.commandTimeoutMs,
    reconnectStrategy: false as const,
  };
  const client = createClient({
    socket: endpoint.tls ? { ...socket, tls: true as const, servername: endpoint.host } : { ...socket, tls: false as const },
    username: endpoint.username,
    password: endpoint.password || undefined,
    database: endpoint.database,
    disableOfflineQueue: true,
  });
  client.on('error', () => undefined);
  return client;
}
