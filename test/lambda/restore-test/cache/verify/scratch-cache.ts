import { randomBytes } from 'node:crypto';
import { connectRedis } from '../../../../../lambda/shared/redis-client';

export const LOCAL_REDIS = { host: '127.0.0.1', port: 6379 };

/**
 * A corner of the shared local Redis for one test file: an empty logical database from 9 to 15
 * (DBSIZE counts a whole database, so it must be ours alone), a unique key prefix, and a unique
 * ACL user with a password to test AUTH. `release` deletes exactly what was written and the user;
 * nothing is ever flushed.
 */
export async function claimScratchCache() {
  const id = randomBytes(6).toString('hex');
  const prefix = `restore-test:${id}`;
  const claimKey = `${prefix}:claim`;
  const user = { username: `restore-test-${id}`, password: randomBytes(16).toString('hex') };
  for (let database = 9; database <= 15; database++) {
    const client = await connectRedis({ ...LOCAL_REDIS, tls: false, database, connectTimeoutMs: 2000, commandTimeoutMs: 5000 });
    // Claim only an empty database, and keep it only if nobody else claimed it at the same moment.
    if ((await client.dbsize()) === 0 && (await client.command('SET', claimKey, '1', 'NX')) && (await client.dbsize()) === 1) {
      await client.command('ACL', 'SETUSER', user.username, 'on', `>${user.password}`, '~*', '&*', '+@all');
      return {
        database,
        prefix,
        user,
        client,
        release: async () => {
          const keys = (await client.command('KEYS', `${prefix}:*`)) as string[];
          if (keys.length > 0) await client.command('DEL', ...keys);
          await client.command('ACL', 'DELUSER', user.username);
          client.disconnect();
        },
      };
    }
    await client.command('DEL', claimKey);
    client.disconnect();
  }
  throw new Error('No empty Redis database from 9 to 15 to run the cache restore tests in');
}
