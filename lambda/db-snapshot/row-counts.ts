/** The part of a `pg` client the counting needs, so tests can hand in any real connection. */
export interface Queryable {
  query<R extends Record<string, unknown> = Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: R[] }>;
}

export interface RowCounts {
  /** Database clock when the counts' consistent view of the data was taken. */
  readonly recordedAt: Date;
  /** Exact row count per `schema.table`. */
  readonly rowCounts: Record<string, number>;
}

export class InvalidTableListError extends Error {
  constructor(readonly invalid: readonly string[]) {
    super(`COUNT_TABLES entries must be "schema.table" (letters, digits, _ and $); invalid: ${invalid.map((t) => JSON.stringify(t)).join(', ')}`);
    this.name = 'InvalidTableListError';
  }
}

/** `schema.table` as COUNT_TABLES accepts it; the stage config validator checks countTables with it too. */
export const TABLE_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_$]*\.[A-Za-z_][A-Za-z0-9_$]*$/;

/** Parses the comma-separated table list; empty means "every user table". */
export function parseTableList(csv: string | undefined): string[] {
  const entries = (csv ?? '').split(',').map((t) => t.trim()).filter((t) => t.length > 0);
  const invalid = entries.filter((t) => !TABLE_NAME_PATTERN.test(t));
  if (invalid.length > 0) throw new InvalidTableListError(invalid);
  return [...new Set(entries)];
}

/** Every ordinary table outside the system schemas, as `schema.table`, in a stable order. */
export async function listUserTables(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ table_schema: string; table_name: string }>(
    `SELECT table_schema, table_name FROM information_schema.tables
      WHERE table_type = 'BASE TABLE'
        AND table_schema NOT IN ('pg_catalog', 'information_schema')
        AND table_schema NOT LIKE 'pg\\_%'
      ORDER BY table_schema, table_name`,
  );
  return rows.map((r) => `${r.table_schema}.${r.table_name}`);
}

/**
 * Exact `count(*)` of each table, all read in one repeatable-read, read-only transaction so the
 * counts describe one moment of the database, as the snapshot that follows will.
 * An empty list counts every user table. A missing table fails the whole count: a manifest with
 * holes would let a restore test pass that should not.
 */
export async function countRows(db: Queryable, tables: readonly string[]): Promise<RowCounts> {
  await db.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    // The first statement fixes the transaction's view of the data; its clock is the counts' time.
    const { rows } = await db.query<{ at: Date }>('SELECT clock_timestamp() AS at');
    const names = tables.length > 0 ? tables : await listUserTables(db);
    const rowCounts: Record<string, number> = {};
    for (const name of names) {
      const result = await db.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${quoteTable(name)}`);
      rowCounts[name] = toSafeInteger(result.rows[0].n, name);
    }
    await db.query('COMMIT');
    return { recordedAt: rows[0].at, rowCounts };
  } catch (error) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** `schema.table` → `"schema"."table"`; splits at the first dot, as listUserTables never emits a dot in a schema name. */
export function quoteTable(name: string): string {
  const dot = name.indexOf('.');
  if (dot <= 0 || dot === name.length - 1) throw new InvalidTableListError([name]);
  return `${quoteIdentifier(name.slice(0, dot))}.${quoteIdentifier(name.slice(dot + 1))}`;
}

function quoteIdentifier(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

function toSafeInteger(text: string, table: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new Error(`Row count of ${table} (${text}) is too large to record exactly`);
  return n;
}
