import type { NotCountedTable } from '../shared/manifest/backup-manifest';
import { TABLE_NAME_PATTERN } from './contract';

/** The part of a `pg` client the counting needs, so tests can hand in any real connection. */
export interface Queryable {
  query<R extends Record<string, unknown> = Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: R[] }>;
}

export interface RowCounts {
  /** Database clock when the counts' consistent view of the data was taken. */
  readonly recordedAt: Date;
  /** Exact row count per `schema.table`, for the tables counted in full. */
  readonly rowCounts: Record<string, number>;
  /** Tables not counted before the deadline or within the statement timeout, with why and the planner's estimate. */
  readonly notCounted: Record<string, NotCountedTable>;
}

/** When counting must stop, and how long one count may take. */
export interface CountLimits {
  /** Epoch ms after which no count starts and none runs on. */
  readonly deadline: number;
  /** statement_timeout of one count; the time left to the deadline when that is shorter. */
  readonly statementTimeoutMs: number;
  /** @default Date.now */
  readonly now?: () => number;
}

/** A count is not started with less time than this left: it could only be cut off. */
const MIN_COUNT_MS = 1_000;
/** PostgreSQL's SQLSTATE for a statement cancelled by statement_timeout. */
const QUERY_CANCELED = '57014';

export class InvalidTableListError extends Error {
  constructor(readonly invalid: readonly string[]) {
    super(
      `COUNT_TABLES entries must be "schema.table" (letters, digits, _ and $); invalid: ${invalid.map((t) => JSON.stringify(t)).join(', ')}`,
    );
    this.name = 'InvalidTableListError';
  }
}

/** Parses the comma-separated table list; empty means "every user table". */
export function parseTableList(csv: string | undefined): string[] {
  const entries = (csv ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t.length > 0);
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
 * counts describe one moment of the database. An empty list counts every user table. A table whose
 * count would outlast the deadline, or is cut off by the statement timeout (a huge table, a lock),
 * is recorded as not counted, with the planner's estimate, and the next table is tried: a slow table
 * never costs the others their count. A missing table fails the whole count: it is a config error.
 */
export async function countRows(db: Queryable, tables: readonly string[], limits: CountLimits): Promise<RowCounts> {
  const now = limits.now ?? Date.now;
  await db.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    // The first statement fixes the transaction's view of the data; its clock is the counts' time.
    const { rows } = await db.query<{ at: Date }>('SELECT clock_timestamp() AS at');
    const names = tables.length > 0 ? tables : await listUserTables(db);
    const rowCounts: Record<string, number> = {};
    const reasons: Record<string, string> = {};
    for (const name of names) {
      const left = limits.deadline - now();
      if (left < MIN_COUNT_MS) {
        reasons[name] = 'not started: the deadline came first';
        continue;
      }
      const timeoutMs = Math.max(MIN_COUNT_MS, Math.min(limits.statementTimeoutMs, left));
      const counted = await countOne(db, name, timeoutMs);
      if (typeof counted === 'number') rowCounts[name] = counted;
      else reasons[name] = counted.reason;
    }
    const notCounted = await withEstimates(db, reasons);
    await db.query('COMMIT');
    return { recordedAt: rows[0].at, rowCounts, notCounted };
  } catch (error) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** One count under its own statement_timeout, in a savepoint so a cancelled count leaves the transaction usable. */
async function countOne(db: Queryable, name: string, timeoutMs: number): Promise<number | { reason: string }> {
  await db.query('SAVEPOINT count_one');
  // SET takes no bind parameters; timeoutMs is an integer we computed.
  await db.query(`SET LOCAL statement_timeout = ${Math.floor(timeoutMs)}`);
  try {
    const result = await db.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${quoteTable(name)}`);
    await db.query('RELEASE SAVEPOINT count_one');
    return toSafeInteger(result.rows[0].n, name);
  } catch (error) {
    if ((error as { code?: string }).code !== QUERY_CANCELED) throw error;
    await db.query('ROLLBACK TO SAVEPOINT count_one');
    return { reason: `count cut off after ${Math.floor(timeoutMs)} ms (statement_timeout)` };
  }
}

/** The planner's estimate (pg_class.reltuples) beside each uncounted table; -1 means never analyzed, so none. */
async function withEstimates(db: Queryable, reasons: Record<string, string>): Promise<Record<string, NotCountedTable>> {
  const names = Object.keys(reasons);
  if (names.length === 0) return {};
  await db.query('SET LOCAL statement_timeout = 5000');
  const { rows } = await db.query<{ name: string; estimate: string | null }>(
    `SELECT t.name, c.reltuples::bigint::text AS estimate
       FROM unnest($1::text[], $2::text[]) AS t(name, quoted)
       LEFT JOIN pg_class c ON c.oid = to_regclass(t.quoted)`,
    [names, names.map(quoteTable)],
  );
  const estimates = new Map(rows.map((r) => [r.name, r.estimate === null ? undefined : Number(r.estimate)]));
  return Object.fromEntries(
    names.map((name) => {
      const estimate = estimates.get(name);
      return [
        name,
        estimate !== undefined && estimate >= 0 ? { reason: reasons[name], estimatedRows: estimate } : { reason: reasons[name] },
      ];
    }),
  );
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
