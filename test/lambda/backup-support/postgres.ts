import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export const LOCAL_POSTGRES = { host: '127.0.0.1', port: 5432, username: 'postgres', dbname: 'postgres' };

/** A uniquely named database on the local PostgreSQL, so suites running in parallel never meet. */
export async function createScratchDatabase(
  prefix: string,
): Promise<{ name: string; connect: () => Promise<Client>; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ host: LOCAL_POSTGRES.host, port: LOCAL_POSTGRES.port, user: 'postgres', database: 'postgres' });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    name,
    connect: async () => {
      const client = new Client({ host: LOCAL_POSTGRES.host, port: LOCAL_POSTGRES.port, user: 'postgres', database: name });
      await client.connect();
      return client;
    },
    drop: async () => {
      const dropper = new Client({ host: LOCAL_POSTGRES.host, port: LOCAL_POSTGRES.port, user: 'postgres', database: 'postgres' });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}
