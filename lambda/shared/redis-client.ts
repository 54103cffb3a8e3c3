import Valkey from 'iovalkey';

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
 * A connected client that fails fast: no reconnecting, no offline queue and no retried command, so
 * a dead or refusing server ends the awaited command instead of holding the function until its
 * timeout. With TLS it checks the certificate against the host name (SNI). iovalkey, the Valkey
 * project's client: about a third of the size of @redis/client in a bundle (docs/testing.md).
 *
 * A failed connection rejects with its cause (ECONNREFUSED, ETIMEDOUT, WRONGPASS …), not the
 * client's bare "Connection is closed.", and a refused AUTH fails the connection: the client
 * itself would report "ready" and fail the next command. Later 'error' events are swallowed,
 * because failures surface through the awaited commands; unhandled, one would crash the function.
 */
export async function connectRedis(endpoint: RedisEndpoint): Promise<Valkey> {
  const client = new Valkey({
    host: endpoint.host,
    port: endpoint.port,
    tls: endpoint.tls ? { servername: endpoint.host } : undefined,
    username: endpoint.username,
    password: endpoint.password || undefined,
    db: endpoint.database ?? 0,
    connectTimeout: endpoint.connectTimeoutMs,
    commandTimeout: endpoint.commandTimeoutMs,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  let firstError: Error | undefined;
  client.on('error', (error: Error) => {
    firstError ??= error;
  });
  try {
    await client.connect();
  } catch (error) {
    client.disconnect();
    throw firstError ?? error;
  }
  if (firstError) {
    client.disconnect();
    throw firstError;
  }
  return client;
}
