import { randomBytes } from 'node:crypto';
import { connectToCache, type CacheConnection } from '../../../lambda/cache-snapshot/redis';
import { LOCAL_REDIS } from './local-redis';

export { LOCAL_REDIS };

/** A key prefix no other suite uses, so tests can share the local Redis. */
export function scratchPrefix(name: string): string {
  return `test:${name}:${randomBytes(6).toString('hex')}:`;
}

/**
 * Connects to the local Redis (no TLS, no AUTH) and selects a logical database other suites are
 * unlikely to use, so the fixed sentinel key of the real handler cannot collide with them.
 */
export async function connectLocally(connection: Pick<CacheConnection, 'host' | 'port'>, database = 7) {
  const client = await connectToCache({ host: connection.host, port: connection.port, tls: false });
  await client.command('SELECT', database);
  return client;
}
