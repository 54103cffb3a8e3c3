import { connectToCache, parseAuthToken, recordSentinel, type SentinelCommands } from '../../../lambda/cache-snapshot/redis';
import { thrownBy } from '../backup-support/output';
import { LOCAL_REDIS, scratchPrefix } from '../backup-support/redis';

describe('recordSentinel against a real Redis', () => {
  let cache: Awaited<ReturnType<typeof connectToCache>>;
  const prefix = scratchPrefix('cache-sentinel');

  beforeAll(async () => {
    cache = await connectToCache({ ...LOCAL_REDIS, tls: false });
  });
  afterAll(async () => {
    const keys = (await cache.command('KEYS', `${prefix}*`)) as string[];
    if (keys.length > 0) await cache.command('DEL', ...keys);
    await cache.quit();
  });

  it('writes the sentinel with the given time and reads DBSIZE after it', async () => {
    await cache.set(`${prefix}a`, '1');
    await cache.set(`${prefix}b`, '2');
    const result = await recordSentinel(cache, `${prefix}sentinel`, '2026-05-10T06:00:00.000Z');
    expect(await cache.get(`${prefix}sentinel`)).toBe('2026-05-10T06:00:00.000Z');
    // Other suites share this server, so DBSIZE is at least our three keys.
    expect(result.keyCount).toBeGreaterThanOrEqual(3);
    expect(result.keyCount).toBeLessThanOrEqual(await cache.dbsize());
    expect(result).toMatchObject({ replicas: 0, replicasAcknowledged: 0 });
  });

  it('overwrites an older sentinel, so the value is always the latest backup time', async () => {
    await recordSentinel(cache, `${prefix}sentinel2`, '2026-05-10T00:00:00.000Z');
    await recordSentinel(cache, `${prefix}sentinel2`, '2026-05-10T06:00:00.000Z');
    expect(await cache.get(`${prefix}sentinel2`)).toBe('2026-05-10T06:00:00.000Z');
  });
});

describe('recordSentinel with replicas', () => {
  it('waits for every connected replica before reading DBSIZE', async () => {
    const calls: string[] = [];
    const primary: SentinelCommands = {
      set: async (key, value) => void calls.push(`SET ${key} ${value}`),
      info: async () => '# Replication\r\nrole:master\r\nconnected_slaves:2\r\n',
      wait: async (replicas, timeout) => {
        calls.push(`WAIT ${replicas} ${timeout}`);
        return 1;
      },
      dbsize: async () => {
        calls.push('DBSIZE');
        return 10;
      },
    };
    expect(await recordSentinel(primary, 'k', 'v', 500)).toEqual({ keyCount: 10, replicas: 2, replicasAcknowledged: 1 });
    expect(calls).toEqual(['SET k v', 'WAIT 2 500', 'DBSIZE']);
  });
});

describe('connectToCache', () => {
  it('uses TLS by default, so a server without TLS is refused quickly', async () => {
    const started = Date.now();
    await expect(connectToCache({ ...LOCAL_REDIS, connectTimeoutMs: 1000 })).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('fails fast instead of reconnecting forever when nothing listens', async () => {
    await expect(connectToCache({ host: '127.0.0.1', port: 1, tls: false, connectTimeoutMs: 1000 })).rejects.toThrow(
      /ECONNREFUSED|connect/i,
    );
  });
});

describe('parseAuthToken', () => {
  it.each([
    ['plain-token', 'plain-token'],
    ['{"authToken":"a"}', 'a'],
    ['{"token":"b"}', 'b'],
    ['{"password":"c","username":"default"}', 'c'],
  ])('reads %s', (secret, token) => {
    expect(parseAuthToken(secret)).toBe(token);
  });

  it.each([[undefined], [''], ['{"other":"s3cr3t"}'], ['{broken s3cr3t']])('rejects %p without echoing it', (secret) => {
    const error = thrownBy(() => parseAuthToken(secret));
    expect(error.message).toMatch(/AUTH secret/);
    expect(error.message).not.toContain('s3cr3t');
  });
});
