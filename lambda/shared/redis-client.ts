import * as net from 'node:net';
import * as tls from 'node:tls';
import RedisParser from 'redis-parser';

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
  /** How long the TCP connection and the TLS handshake may take. */
  readonly connectTimeoutMs: number;
  /** How long one command may wait for its answer. */
  readonly commandTimeoutMs: number;
}

/** A RESP2 reply as redis-parser gives it: status and bulk strings, integers, nil, arrays. */
export type RedisReply = string | number | null | RedisReply[];

/** One connection that runs commands in order and closes; nothing reconnects, queues or retries. */
export interface RedisConnection {
  command(...args: readonly (string | number)[]): Promise<RedisReply>;
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<unknown>;
  info(section: string): Promise<string>;
  wait(replicas: number, timeoutMs: number): Promise<number>;
  dbsize(): Promise<number>;
  /** Asks the server to close (QUIT), then closes. */
  quit(): Promise<void>;
  /** Closes at once; commands still waiting fail. */
  disconnect(): void;
}

interface Pending {
  readonly resolve: (reply: RedisReply) => void;
  readonly reject: (error: Error) => void;
}

/** A command in RESP: an array of bulk strings. */
export function encodeCommand(args: readonly (string | number)[]): Buffer {
  const parts = args.map((arg) => Buffer.from(String(arg)));
  return Buffer.concat([
    Buffer.from(`*${parts.length}\r\n`),
    ...parts.flatMap((part) => [Buffer.from(`$${part.length}\r\n`), part, Buffer.from('\r\n')]),
  ]);
}

function typed<T>(reply: RedisReply, kind: string, accept: (r: RedisReply) => r is RedisReply & T): T {
  if (!accept(reply)) throw new Error(`Expected ${kind} from the cache, got ${JSON.stringify(reply).slice(0, 80)}`);
  return reply;
}
const isString = (r: RedisReply): r is string => typeof r === 'string';
const isStringOrNil = (r: RedisReply): r is string | null => r === null || typeof r === 'string';
const isNumber = (r: RedisReply): r is number => typeof r === 'number';

/**
 * A connected client built for one short job: it fails fast and with its cause. The connection, the
 * TLS handshake (which checks the certificate against the host name, sent as SNI) and every command
 * have their own deadline; a refused AUTH or SELECT fails the connect. A dead, refusing or silent
 * server ends the awaited call instead of holding the function until its timeout. A command past its
 * deadline closes the connection, because a late reply would answer the next command.
 *
 * Why not a full client: the cache functions send a handful of commands once; iovalkey, the smallest
 * maintained client measured, needed five options to stop reconnecting, queuing and retrying, a
 * workaround for reporting a refused AUTH as ready, and 122 KB of each bundle (docs/testing.md).
 * The replies are parsed by redis-parser, the RESP parser ioredis and iovalkey use.
 */
export async function connectRedis(endpoint: RedisEndpoint): Promise<RedisConnection> {
  const socket = await openSocket(endpoint);
  const pending: Pending[] = [];
  let closedBy: Error | undefined;
  const fail = (error: Error) => {
    closedBy ??= error;
    socket.destroy();
    for (const waiting of pending.splice(0)) waiting.reject(error);
  };
  // A reply nobody waits for means the stream and the commands are out of step: nothing after it can be trusted.
  const unasked = () => fail(new Error(`${endpoint.host}:${endpoint.port} sent a reply to no command`));
  const parser = new RedisParser({
    returnReply: (reply: RedisReply) => {
      const waiting = pending.shift();
      if (waiting) waiting.resolve(reply);
      else unasked();
    },
    returnError: (error: Error) => {
      const waiting = pending.shift();
      if (waiting) waiting.reject(error);
      else unasked();
    },
    returnFatalError: (error: Error) => fail(error),
  });
  socket.on('data', (data: Buffer) => parser.execute(data));
  socket.on('error', (error: Error) => fail(error));
  socket.on('close', () => fail(new Error(`The connection to ${endpoint.host}:${endpoint.port} closed`)));

  const command = (...args: readonly (string | number)[]): Promise<RedisReply> => {
    if (closedBy) return Promise.reject(closedBy);
    return new Promise<RedisReply>((resolve, reject) => {
      const timer = setTimeout(
        () => fail(new Error(`${args[0]} got no answer from ${endpoint.host}:${endpoint.port} within ${endpoint.commandTimeoutMs} ms`)),
        endpoint.commandTimeoutMs,
      );
      const settle =
        <T>(done: (value: T) => void) =>
        (value: T) => {
          clearTimeout(timer);
          done(value);
        };
      pending.push({ resolve: settle(resolve), reject: settle(reject) });
      socket.write(encodeCommand(args));
    });
  };

  const connection: RedisConnection = {
    command,
    get: async (key) => typed(await command('GET', key), 'a string or nil', isStringOrNil),
    set: (key, value) => command('SET', key, value),
    info: async (section) => typed(await command('INFO', section), 'a string', isString),
    wait: async (replicas, timeoutMs) => typed(await command('WAIT', replicas, timeoutMs), 'an integer', isNumber),
    dbsize: async () => typed(await command('DBSIZE'), 'an integer', isNumber),
    quit: async () => {
      await command('QUIT').catch(() => undefined);
      connection.disconnect();
    },
    disconnect: () => fail(new Error(`The connection to ${endpoint.host}:${endpoint.port} was closed by this client`)),
  };
  try {
    if (endpoint.password) {
      await command('AUTH', ...(endpoint.username ? [endpoint.username] : []), endpoint.password);
    }
    if (endpoint.database) await command('SELECT', endpoint.database);
  } catch (error) {
    connection.disconnect();
    throw error;
  }
  return connection;
}

/** The socket once connected (and, with TLS, once the handshake has checked the certificate), or its cause. */
function openSocket(endpoint: RedisEndpoint): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const ready = endpoint.tls ? 'secureConnect' : 'connect';
    const socket = endpoint.tls
      ? tls.connect({ host: endpoint.host, port: endpoint.port, servername: net.isIP(endpoint.host) ? undefined : endpoint.host })
      : net.connect({ host: endpoint.host, port: endpoint.port });
    const timer = setTimeout(() => {
      const error = Object.assign(
        new Error(
          `no ${endpoint.tls ? 'TLS session' : 'connection'} with ${endpoint.host}:${endpoint.port} within ${endpoint.connectTimeoutMs} ms`,
        ),
        { code: 'ETIMEDOUT' },
      );
      socket.destroy();
      reject(error);
    }, endpoint.connectTimeoutMs);
    socket.once('error', (error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    });
    socket.once(ready, () => {
      clearTimeout(timer);
      socket.setNoDelay(true);
      resolve(socket);
    });
  });
}
