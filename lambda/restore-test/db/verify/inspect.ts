import { Client } from 'pg';
import { errorText } from '../../../shared/error-text';
import { countDetail, withinTolerance } from '../../common/checks';
import type { VerificationCheck } from '../../common/workflow';
import { clientConfig, type DatabaseTarget } from '../../../shared/postgres';
import type { NotCountedTable } from '../../../shared/manifest/backup-manifest';
import type { SqlCheck } from './contract';

export interface PgTarget extends DatabaseTarget {
  /** Verify the server certificate (RDS CAs must be trusted, e.g. NODE_EXTRA_CA_CERTS); false only for local tests. */
  readonly tls: boolean;
  /** @default 10000 */
  readonly connectTimeoutMs?: number;
}

export interface DatabaseExpectations {
  readonly expectedTables: readonly string[];
  /** Exact counts per `schema.table` from the backup manifest; undefined when there is no manifest to compare with. */
  readonly rowCounts?: Readonly<Record<string, number>>;
  /** Tables the backup did not count, from the manifest: reported as not verified. */
  readonly notCounted?: Readonly<Record<string, NotCountedTable>>;
  /** Epoch ms after which no check starts and none runs on (the Lambda's remaining time less a margin). @default none */
  readonly deadline?: number;
  readonly tolerancePercent: number;
  readonly sqlChecks: readonly SqlCheck[];
  readonly freshnessQuery?: string;
}

export interface DatabaseFindings {
  readonly checks: VerificationCheck[];
  /** ISO time of the newest row the freshness query found. */
  readonly newestDataAt?: string;
}

/** A stray query in a check may not run away: checks stop after this long, or at the deadline if sooner. */
export const STATEMENT_TIMEOUT_MS = 60_000;
/** A check is not started with less time than this left: it could only be cut off. */
const MIN_CHECK_MS = 1_000;
/** PostgreSQL's SQLSTATE for a statement cancelled by statement_timeout. */
const QUERY_CANCELED = '57014';

/**
 * Runs every check against the restored database and reports each one; a failing check does not
 * stop the others. A connection that cannot be made is one failed check, not an exception.
 */
export async function inspectDatabase(target: PgTarget, expect: DatabaseExpectations): Promise<DatabaseFindings> {
  const client = new Client(
    clientConfig(target, {
      tls: target.tls,
      connectTimeoutMs: target.connectTimeoutMs,
      statementTimeoutMs: STATEMENT_TIMEOUT_MS,
      applicationName: 'restore-test-db-verify',
    }),
  );
  client.on('error', () => undefined); // a dropped connection fails the running check; it must not crash the function
  try {
    await client.connect();
    // Checks only read; a mistaken check must not change the copy it judges.
    await client.query('set default_transaction_read_only = on');
  } catch (error) {
    await client.end().catch(() => undefined);
    return {
      checks: [
        {
          name: 'connect',
          passed: false,
          detail: `could not connect to ${target.host}:${target.port}/${target.dbname}: ${errorText(error)}`,
        },
      ],
    };
  }
  try {
    const checks: VerificationCheck[] = [
      {
        name: 'connect',
        passed: true,
        detail: `connected to ${target.host}:${target.port}/${target.dbname}${target.tls ? ' over TLS' : ''}`,
      },
    ];
    const inTime = bounded(client, expect.deadline ?? Number.POSITIVE_INFINITY);
    // Cheap checks first; the counts, which read whole tables of a cold restored volume, last.
    // Tables, SQL checks and freshness are required: one the deadline left unrun fails the verification.
    for (const table of expect.expectedTables)
      checks.push(await inTime(`table-exists:${table}`, 'required', () => tableExists(client, table)));
    for (const check of expect.sqlChecks) checks.push(await inTime(`sql:${check.name}`, 'required', () => sqlCheck(client, check)));
    let newestDataAt: string | undefined;
    const measureFreshness = async () => {
      const freshness = await newestRow(client, expect.freshnessQuery);
      newestDataAt = freshness.newestDataAt;
      return freshness.check;
    };
    // Without a query there is nothing to run, and so nothing the deadline could leave undone.
    checks.push(expect.freshnessQuery ? await inTime('freshness', 'required', measureFreshness) : await measureFreshness());
    // Smallest tables first, so the deadline leaves as many tables verified as it can.
    const counts = Object.entries(expect.rowCounts ?? {}).sort(([a, x], [b, y]) => x - y || (a < b ? -1 : 1));
    for (const [table, expected] of counts)
      checks.push(
        await inTime(`row-count:${table}`, 'best-effort', (timeoutMs) =>
          rowCount(client, table, expected, expect.tolerancePercent, timeoutMs),
        ),
      );
    for (const [table, why] of Object.entries(expect.notCounted ?? {})) {
      const estimate = why.estimatedRows === undefined ? '' : `; the planner estimated about ${why.estimatedRows} rows`;
      checks.push({
        name: `row-count:${table}`,
        passed: false,
        skipped: true,
        detail: `not verified: the backup did not count this table (${why.reason})${estimate}`,
      });
    }
    return { checks, newestDataAt };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Runs one check under a statement_timeout no later than the deadline. A best-effort check (a row
 * count) with no time left, or one the timeout cut off (a cold volume reads slowly), is reported as
 * not verified: skipped, which is neither a pass nor a failure of the copy. A required check (a
 * table, a SQL check, the freshness query) the deadline left unrun fails: the copy was not verified in time.
 */
function bounded(client: Client, deadline: number) {
  return async (
    name: string,
    kind: 'required' | 'best-effort',
    run: (timeoutMs: number) => Promise<VerificationCheck>,
  ): Promise<VerificationCheck> => {
    const left = deadline - Date.now();
    if (left < MIN_CHECK_MS) {
      return kind === 'required'
        ? { name, passed: false, detail: 'not verified in time: the verify step reached its deadline before this required check ran' }
        : { name, passed: false, skipped: true, detail: 'not verified: the verify step reached its deadline first' };
    }
    const timeoutMs = Math.floor(Math.min(STATEMENT_TIMEOUT_MS, left));
    try {
      await client.query(`set statement_timeout = ${timeoutMs}`);
    } catch (error) {
      return { name, passed: false, detail: `query failed: ${errorText(error)}` };
    }
    return run(timeoutMs);
  };
}

async function tableExists(client: Client, table: string): Promise<VerificationCheck> {
  const name = `table-exists:${table}`;
  return attempt(name, async () => {
    const { rows } = await client.query<{ found: boolean }>('select to_regclass($1) is not null as found', [qualified(table)]);
    return rows[0].found ? { name, passed: true, detail: `${table} exists` } : { name, passed: false, detail: `${table} is missing` };
  });
}

async function rowCount(client: Client, table: string, expected: number, percent: number, timeoutMs: number): Promise<VerificationCheck> {
  const name = `row-count:${table}`;
  return attempt(name, async () => {
    try {
      const { rows } = await client.query<{ n: string }>(`select count(*) as n from ${qualified(table)}`);
      const actual = Number(rows[0].n);
      return { name, passed: withinTolerance(actual, expected, percent), detail: countDetail('rows', actual, expected, percent) };
    } catch (error) {
      // A cold restored volume reads slowly: a count cut off says nothing about the data.
      if ((error as { code?: string }).code !== QUERY_CANCELED) throw error;
      return {
        name,
        passed: false,
        skipped: true,
        detail: `not verified: the count was cut off after ${timeoutMs} ms (statement_timeout)`,
      };
    }
  });
}

async function sqlCheck(client: Client, check: SqlCheck): Promise<VerificationCheck> {
  const name = `sql:${check.name}`;
  return attempt(name, async () => {
    const { rows } = await client.query({ text: check.sql, rowMode: 'array' });
    if (rows.length !== 1) return { name, passed: false, detail: `returned ${rows.length} rows; expected exactly one` };
    const first = (rows[0] as unknown[])[0];
    return first === true
      ? { name, passed: true, detail: 'returned true' }
      : { name, passed: false, detail: `returned ${JSON.stringify(first)}; expected true` };
  });
}

async function newestRow(client: Client, query: string | undefined): Promise<{ check: VerificationCheck; newestDataAt?: string }> {
  const name = 'freshness';
  if (!query)
    return {
      check: {
        name,
        passed: false,
        skipped: true,
        detail: 'no freshness query configured; the data age is measured from the snapshot time',
      },
    };
  try {
    const { rows } = await client.query({ text: query, rowMode: 'array' });
    const value = (rows[0] as unknown[] | undefined)?.[0];
    const at = value instanceof Date ? value : typeof value === 'string' || typeof value === 'number' ? new Date(value) : undefined;
    if (!at || Number.isNaN(at.getTime()))
      return { check: { name, passed: false, detail: `returned ${JSON.stringify(value ?? null)}; expected a timestamp` } };
    return { check: { name, passed: true, detail: `newest row at ${at.toISOString()}` }, newestDataAt: at.toISOString() };
  } catch (error) {
    return { check: { name, passed: false, detail: `query failed: ${errorText(error)}` } };
  }
}

async function attempt(name: string, run: () => Promise<VerificationCheck>): Promise<VerificationCheck> {
  try {
    return await run();
  } catch (error) {
    return { name, passed: false, detail: `query failed: ${errorText(error)}` };
  }
}

/** `schema.table` as a quoted identifier; a name without a schema is looked up on the search path. */
export function qualified(table: string): string {
  const dot = table.indexOf('.');
  const parts = dot < 0 ? [table] : [table.slice(0, dot), table.slice(dot + 1)];
  return parts.map((part) => `"${part.replace(/"/g, '""')}"`).join('.');
}
