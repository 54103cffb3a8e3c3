import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { PROBE_CONNECTION } from '../../../../lambda/drill/db-probe/index';
import { clientConfig, type DatabaseTarget } from '../../../../lambda/shared/postgres';
import { Connection, probeDatabase } from '../../../../lambda/drill/db-probe/core';

/** The real local PostgreSQL (trust auth, no TLS); each run works in a scratch database of its own. */
const LOCAL: DatabaseTarget = { host: '127.0.0.1', port: 5432, username: 'postgres', password: 'not-needed-locally', dbname: 'postgres' };
const SCRATCH = `drill_probe_${process.pid}_${randomUUID().slice(0, 8)}`;

async function admin<T>(work: (db: Client) => Promise<T>, database = 'postgres'): Promise<T> {
  const db = new Client(clientConfig({ ...LOCAL, dbname: database }, { tls: false }));
  await db.connect();
  try {
    return await work(db);
  } finally {
    await db.end();
  }
}

function connectTo(secret: DatabaseTarget, database = SCRATCH) {
  return async (): Promise<Connection> => {
    const client = new Client(clientConfig({ ...secret, dbname: database }, { ...PROBE_CONNECTION, tls: false, connectTimeoutMs: 2000 }));
    await client.connect();
    return client;
  };
}

let tokens = 0;
const deps = (connect = connectTo(LOCAL)) => ({ connect, clock: Date.now, newToken: () => `token-${++tokens}` });

beforeAll(() => admin((db) => db.query(`CREATE DATABASE ${SCRATCH}`)));
afterAll(() => admin((db) => db.query(`DROP DATABASE IF EXISTS ${SCRATCH} WITH (FORCE)`)));

describe('database probe against PostgreSQL', () => {
  test('creates platform_drill.heartbeat on first use, then writes and reads a row', async () => {
    const result = await probeDatabase('drill-db-probe:test', deps());
    expect(result).toMatchObject({ healthy: true, sequence: 1 });
    const rows = await admin((db) => db.query('SELECT writer, token, sequence FROM platform_drill.heartbeat'), SCRATCH);
    expect(rows.rows).toEqual([{ writer: 'drill-db-probe:test', token: `token-${tokens}`, sequence: '1' }]);
  });

  test('later probes update the same row, so the table does not grow', async () => {
    await probeDatabase('drill-db-probe:test', deps());
    const result = await probeDatabase('drill-db-probe:test', deps());
    expect(result.sequence).toBeGreaterThanOrEqual(3);
    const count = await admin((db) => db.query('SELECT count(*)::int AS n FROM platform_drill.heartbeat'), SCRATCH);
    expect(count.rows[0].n).toBe(1);
  });

  test('probes racing to create the table all succeed', async () => {
    const racer = `drill_probe_race_${randomUUID().slice(0, 8)}`;
    await admin((db) => db.query(`CREATE DATABASE ${racer}`));
    try {
      const results = await Promise.all(['a', 'b', 'c', 'd'].map((w) => probeDatabase(w, deps(connectTo(LOCAL, racer)))));
      expect(results.map((r) => r.healthy)).toEqual([true, true, true, true]);
    } finally {
      await admin((db) => db.query(`DROP DATABASE IF EXISTS ${racer} WITH (FORCE)`));
    }
  });

  test('a server that refuses writes (like a demoted primary) is unhealthy, not an error', async () => {
    const readOnly = async (): Promise<Connection> => {
      const client = await connectTo(LOCAL)();
      await client.query('SET default_transaction_read_only = on');
      return client;
    };
    const result = await probeDatabase('drill-db-probe:test', deps(readOnly));
    expect(result).toMatchObject({ healthy: false, error: expect.stringMatching(/^25006: .*read-only transaction/) });
  });

  test('an unreachable server is unhealthy and the error does not contain the password', async () => {
    const closedPort = { ...LOCAL, port: 1 };
    const result = await probeDatabase('drill-db-probe:test', deps(connectTo(closedPort)));
    expect(result.healthy).toBe(false);
    expect(result.error).toMatch(/ECONNREFUSED/);
    expect(result.error).not.toContain(LOCAL.password);
  });
});
