import { fakeServer } from '../backup-support/tcp-server';

// The connection as deployed, but with its command timeout cut from 5 s to 1 s so the test waits 1 s:
// the contract module is replaced before the connection code loads (hence require after jest.doMock).
const CONTRACT = '../../../lambda/cache-snapshot/contract';
const CACHE_COMMAND_TIMEOUT_MS = 1_000;
jest.doMock(CONTRACT, () => ({ ...jest.requireActual(CONTRACT), CACHE_COMMAND_TIMEOUT_MS }));
const { connectToCache } = require('../../../lambda/cache-snapshot/redis') as typeof import('../../../lambda/cache-snapshot/redis');

it('a cache that accepts the connection but never answers fails within the command timeout, not the Lambda timeout', async () => {
  // A server that accepts the connection and never answers: a cache that hangs mid-failover.
  const server = await fakeServer();
  const started = Date.now();
  try {
    // AUTH is the first command; it gets no answer.
    await expect(connectToCache({ host: '127.0.0.1', port: server.port, authToken: 'token', tls: false })).rejects.toThrow();
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(CACHE_COMMAND_TIMEOUT_MS - 100);
    expect(elapsed).toBeLessThan(CACHE_COMMAND_TIMEOUT_MS + 3_000);
  } finally {
    await server.close();
  }
}, 15_000);
