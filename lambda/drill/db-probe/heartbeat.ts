import { HEARTBEAT_TABLE } from './contract';

/** The part of a pg client the heartbeat needs. */
export interface Queryable {
  query(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

const UNDEFINED_TABLE = '42P01';
const UNDEFINED_SCHEMA = '3F000';

const UPSERT = `
  INSERT INTO ${HEARTBEAT_TABLE} AS h (writer, token, beat_at, sequence)
  VALUES ($1, $2, now(), 1)
  ON CONFLICT (writer) DO UPDATE SET token = EXCLUDED.token, beat_at = EXCLUDED.beat_at, sequence = h.sequence + 1
  RETURNING sequence`;

/**
 * Writes this writer's heartbeat (one row per writer, so the table never grows) and reads it back.
 * A server that cannot take writes, such as a demoted primary, fails here.
 */
export async function writeHeartbeat(db: Queryable, writer: string, token: string): Promise<number> {
  try {
    await db.query(UPSERT, [writer, token]);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code !== UNDEFINED_TABLE && code !== UNDEFINED_SCHEMA) throw error;
    await createHeartbeatTable(db);
    await db.query(UPSERT, [writer, token]);
  }
  const read = await db.query(`SELECT token, sequence FROM ${HEARTBEAT_TABLE} WHERE writer = $1`, [writer]);
  const row = read.rows[0];
  if (row?.token !== token) throw new Error(`Heartbeat read back ${row ? 'another token' : 'no row'}: the write did not persist`);
  return Number(row.sequence);
}

/** Two probes creating the table at once would race in the catalog; the advisory lock serialises them. */
export async function createHeartbeatTable(db: Queryable): Promise<void> {
  await db.query('BEGIN');
  try {
    await db.query(`SELECT pg_advisory_xact_lock(hashtext('${HEARTBEAT_TABLE}'))`);
    await db.query('CREATE SCHEMA IF NOT EXISTS platform_drill');
    await db.query(
      `CREATE TABLE IF NOT EXISTS ${HEARTBEAT_TABLE} (writer text PRIMARY KEY, token text NOT NULL, beat_at timestamptz NOT NULL, sequence bigint NOT NULL)`,
    );
    await db.query('COMMIT');
  } catch (error) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
