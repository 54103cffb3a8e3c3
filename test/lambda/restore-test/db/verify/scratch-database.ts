import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The local PostgreSQL the tests use for real (trust auth). */
export const LOCAL_PG = { host: '127.0.0.1', port: 5432, user: 'postgres' };

export const ORDER_COUNT = 20;
export const CUSTOMER_COUNT = 3;
export const NEWEST_ORDER = '2026-11-22T02:58:00.000Z';

/**
 * Creates a uniquely named database holding a small `app` schema (20 orders, 3 customers, one empty
 * table), so suites running in parallel never share data. Returns its name and a function that drops it.
 */
export async function createScratchDatabase(): Promise<{ database: string; drop: () => Promise<void> }> {
  const database = `restore_verify_${randomBytes(6).toString('hex')}`;
  await withClient('postgres', (admin) => admin.query(`create database ${database}`));
  await withClient(database, async (db) => {
    await db.query(`
      create schema app;
      create table app.customers (id int primary key, name text not null);
      create table app.orders (id int primary key, customer_id int references app.customers(id), updated_at timestamptz not null);
      create table app.audit (id int primary key, at timestamptz);
      insert into app.customers select g, 'customer ' || g from generate_series(1, ${CUSTOMER_COUNT}) g;
      insert into app.orders select g, 1 + g % ${CUSTOMER_COUNT}, timestamptz '${NEWEST_ORDER}' - (g - 1) * interval '1 hour' from generate_series(1, ${ORDER_COUNT}) g;
    `);
  });
  return {
    database,
    drop: () => withClient('postgres', async (admin) => void (await admin.query(`drop database if exists ${database} with (force)`))),
  };
}

async function withClient<T>(database: string, use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ ...LOCAL_PG, database });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}
