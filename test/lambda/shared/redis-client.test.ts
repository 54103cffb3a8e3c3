import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import * as tls from 'node:tls';
import fc from 'fast-check';
import RedisParser from 'redis-parser';
import { connectRedis, encodeCommand, type RedisConnection, type RedisEndpoint } from '../../../lambda/shared/redis-client';
import { LOCAL_REDIS } from '../backup-support/local-redis';
import { scratchDir } from '../../support/scratch-dir';
import { fakeServer } from '../backup-support/tcp-server';

const LOCAL: RedisEndpoint = { ...LOCAL_REDIS, tls: false, connectTimeoutMs: 2_000, commandTimeoutMs: 2_000 };
const prefix = `test:redis-client:${randomBytes(6).toString('hex')}:`;

function parsed(buffer: Buffer): unknown[] {
  const replies: unknown[] = [];
  const parser = new RedisParser({ returnReply: (r) => replies.push(r), returnError: (e) => replies.push(e) });
  parser.execute(buffer);
  return replies;
}

describe('encodeCommand', () => {
  it('writes a RESP array of bulk strings, lengths in bytes', () => {
    expect(encodeCommand(['SET', 'clé', 42]).toString()).toBe('*3\r\n$3\r\nSET\r\n$4\r\nclé\r\n$2\r\n42\r\n');
  });

  it('any arguments, CRLF and multi-byte text included, read back as the same strings', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme' }), { minLength: 1, maxLength: 8 }), (args) => {
        expect(parsed(encodeCommand(args))).toEqual([args]);
      }),
    );
  });
});

describe('connectRedis against the real Redis', () => {
  // A connection per test, so each test builds the client it checks (the mutation run's coverage is per test).
  let redis: RedisConnection;
  beforeEach(async () => {
    redis = await connectRedis(LOCAL);
  });
  afterEach(() => redis.disconnect());
  afterAll(async () => {
    const cleanup = await connectRedis(LOCAL);
    const keys = (await cleanup.command('KEYS', `${prefix}*`)) as string[];
    if (keys.length > 0) await cleanup.command('DEL', ...keys);
    await cleanup.quit();
  });

  it('stores and reads back any value, one large enough to arrive in many chunks included', async () => {
    const large = randomBytes(600_000).toString('base64');
    await redis.set(`${prefix}large`, large);
    expect(await redis.get(`${prefix}large`)).toBe(large);
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme' }), async (value) => {
        await redis.set(`${prefix}any`, value);
        expect(await redis.get(`${prefix}any`)).toBe(value);
      }),
      { numRuns: 50 },
    );
  });

  it('matches replies to commands in order when they are sent together', async () => {
    const keys = Array.from({ length: 20 }, (_, i) => `${prefix}order:${i}`);
    await Promise.all(keys.map((key, i) => redis.set(key, String(i))));
    expect(await Promise.all(keys.map((key) => redis.get(key)))).toEqual(keys.map((_, i) => String(i)));
  });

  it('gives nil, integers, arrays and INFO text their types', async () => {
    expect(await redis.get(`${prefix}never-written`)).toBeNull();
    expect(typeof (await redis.dbsize())).toBe('number');
    expect(await redis.wait(0, 100)).toBe(0);
    expect(await redis.info('replication')).toMatch(/^# Replication\r\nrole:master/);
    await redis.set(`${prefix}list-a`, '1');
    expect(await redis.command('KEYS', `${prefix}list-*`)).toEqual([`${prefix}list-a`]);
  });

  it('rejects a command the server refuses with its error, and the connection goes on', async () => {
    await expect(redis.command('NOSUCHCOMMAND')).rejects.toThrow(/^ERR unknown command/);
    await expect(redis.command('INCR', `${prefix}large`)).rejects.toThrow(/not an integer/);
    expect(await redis.command('PING')).toBe('PONG');
  });

  it('selects the database it is given', async () => {
    const other = await connectRedis({ ...LOCAL, database: 5 });
    try {
      expect(await other.command('CLIENT', 'INFO')).toMatch(/ db=5 /);
    } finally {
      other.disconnect();
    }
  });

  it('refuses to go on when AUTH is refused: a token the server does not expect, or a wrong password', async () => {
    await expect(connectRedis({ ...LOCAL, password: 'unexpected' })).rejects.toThrow(/without any password configured|WRONGPASS/);
    await expect(connectRedis({ ...LOCAL, username: `nobody-${randomBytes(4).toString('hex')}`, password: 'x' })).rejects.toThrow(
      /^WRONGPASS/,
    );
  });

  it('quits: the server is asked to close, and every later command fails at once', async () => {
    await redis.quit();
    await expect(redis.command('PING')).rejects.toThrow(/closed by this client/);
  });

  it('fails every command after the connection is closed, at once', async () => {
    const closed = await connectRedis(LOCAL);
    closed.disconnect();
    await expect(closed.command('PING')).rejects.toThrow(/closed by this client/);
  });
});

describe('connectRedis when the server fails', () => {
  it('rejects with ECONNREFUSED when nothing listens', async () => {
    await expect(connectRedis({ ...LOCAL, port: 1 })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('ends a TLS handshake that never completes at the connect timeout', async () => {
    const server = await fakeServer();
    const began = Date.now();
    try {
      await expect(connectRedis({ ...LOCAL, port: server.port, tls: true, connectTimeoutMs: 300 })).rejects.toMatchObject({
        code: 'ETIMEDOUT',
        message: `no TLS session with 127.0.0.1:${server.port} within 300 ms`,
      });
      expect(Date.now() - began).toBeLessThan(2_000);
    } finally {
      await server.close();
    }
  });

  it('ends a command that gets no answer at the command timeout, closes, and never names the password', async () => {
    const server = await fakeServer();
    try {
      const attempt = connectRedis({ ...LOCAL, port: server.port, password: 's3cr3t-token', commandTimeoutMs: 300 });
      await expect(attempt).rejects.toThrow(`AUTH got no answer from 127.0.0.1:${server.port} within 300 ms`);
      await expect(attempt).rejects.not.toThrow(/s3cr3t/);
    } finally {
      await server.close();
    }
  });

  it('fails the waiting commands when the server closes the connection', async () => {
    const server = await fakeServer((socket) => socket.destroy());
    try {
      const redis = await connectRedis({ ...LOCAL, port: server.port });
      await expect(redis.command('PING')).rejects.toThrow(`The connection to 127.0.0.1:${server.port} closed`);
      await expect(redis.command('PING')).rejects.toThrow(/closed/);
    } finally {
      await server.close();
    }
  });

  it('fails on a reply that is not RESP instead of guessing', async () => {
    const server = await fakeServer((socket) => socket.write('HTTP/1.1 400 Bad Request\r\n\r\n'));
    try {
      const redis = await connectRedis({ ...LOCAL, port: server.port });
      await expect(redis.command('PING')).rejects.toThrow(/Protocol error/);
    } finally {
      await server.close();
    }
  });
});

/** A server that parses each command it receives, records it, and answers it with `reply` (raw RESP). */
async function respServer(reply: (command: string[]) => string) {
  const received: string[][] = [];
  const server = await fakeServer((socket, data) => {
    for (const command of parsed(data) as string[][]) {
      received.push(command);
      socket.write(reply(command));
    }
  });
  return { ...server, received };
}

describe('connectRedis against servers that answer oddly', () => {
  it('sends AUTH with the password alone, or with the user name first, then SELECT; QUIT on quit', async () => {
    const server = await respServer(() => '+OK\r\n');
    try {
      (await connectRedis({ ...LOCAL, port: server.port, password: 'token' })).disconnect();
      (await connectRedis({ ...LOCAL, port: server.port, username: 'ops', password: 'token', database: 3 })).disconnect();
      await (await connectRedis({ ...LOCAL, port: server.port })).quit();
      expect(server.received).toEqual([['AUTH', 'token'], ['AUTH', 'ops', 'token'], ['SELECT', '3'], ['QUIT']]);
    } finally {
      await server.close();
    }
  });

  it.each([
    ['GET', ':1\r\n', (r: RedisConnection) => r.get('k'), 'Expected a string or nil from the cache, got 1'],
    ['INFO', ':1\r\n', (r: RedisConnection) => r.info('replication'), 'Expected a string from the cache, got 1'],
    ['WAIT', '+OK\r\n', (r: RedisConnection) => r.wait(1, 10), 'Expected an integer from the cache, got "OK"'],
    ['DBSIZE', `+${'x'.repeat(200)}\r\n`, (r: RedisConnection) => r.dbsize(), `Expected an integer from the cache, got "${'x'.repeat(79)}`],
  ])('rejects a %s reply of the wrong type, and says what came (at most 80 characters of it)', async (_name, answer, call, message) => {
    const server = await respServer(() => answer);
    const redis = await connectRedis({ ...LOCAL, port: server.port });
    try {
      const error = await call(redis).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(error?.message).toBe(message);
    } finally {
      redis.disconnect();
      await server.close();
    }
  });

  it('closes when a reply comes that no command asked for: the stream is out of step', async () => {
    const server = await respServer(() => '+PONG\r\n+PONG\r\n');
    const redis = await connectRedis({ ...LOCAL, port: server.port });
    try {
      expect(await redis.command('PING')).toBe('PONG');
      await expect(redis.command('PING')).rejects.toThrow(`127.0.0.1:${server.port} sent a reply to no command`);
    } finally {
      await server.close();
    }
  });

  it('fails a waiting command with the socket error when the server resets the connection', async () => {
    const server = await fakeServer((socket) => socket.resetAndDestroy());
    const redis = await connectRedis({ ...LOCAL, port: server.port });
    try {
      await expect(redis.command('PING')).rejects.toMatchObject({ code: 'ECONNRESET' });
    } finally {
      await server.close();
    }
  });
});

describe('connectRedis over TLS', () => {
  const dir = scratchDir('redis-tls');
  let server: tls.Server;
  let port: number;
  beforeAll(async () => {
    // A certificate for localhost that no CA signed: the client must refuse it.
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-keyout',
        path.join(dir, 'key.pem'),
        '-out',
        path.join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    server = tls.createServer({ key: readFileSync(path.join(dir, 'key.pem')), cert: readFileSync(path.join(dir, 'cert.pem')) }, (socket) =>
      socket.on('data', () => socket.write('+OK\r\n')),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('refuses a server whose certificate no trusted CA signed, before any command is sent', async () => {
    await expect(connectRedis({ ...LOCAL, host: 'localhost', port, tls: true, password: 's3cr3t' })).rejects.toMatchObject({
      code: 'DEPTH_ZERO_SELF_SIGNED_CERT',
    });
  });
});
