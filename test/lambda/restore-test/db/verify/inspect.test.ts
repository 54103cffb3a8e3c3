import { Client } from 'pg';
import { verifyOutcome } from '../../../../../lambda/restore-test/common/workflow';
import { inspectDatabase, qualified, type DatabaseExpectations, type PgTarget } from '../../../../../lambda/restore-test/db/verify/inspect';
import { createScratchDatabase, CUSTOMER_COUNT, LOCAL_PG, NEWEST_ORDER, ORDER_COUNT } from './scratch-database';

let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let target: PgTarget;

beforeAll(async () => {
  scratch = await createScratchDatabase();
  target = { host: LOCAL_PG.host, port: LOCAL_PG.port, username: LOCAL_PG.user, dbname: scratch.database, tls: false };
});
afterAll(() => scratch?.drop());

const passing: DatabaseExpectations = {
  expectedTables: ['app.orders', 'app.customers'],
  rowCounts: { 'app.orders': ORDER_COUNT, 'app.customers': CUSTOMER_COUNT },
  tolerancePercent: 5,
  sqlChecks: [{ name: 'orders-have-customers', sql: 'select count(*) = 0 from app.orders where customer_id is null' }],
  freshnessQuery: 'select max(updated_at) from app.orders',
};

function byName(checks: { name: string }[]) {
  return Object.fromEntries(checks.map((check) => [check.name, check]));
}

describe('inspectDatabase against a real PostgreSQL', () => {
  it('passes every check of a good copy and finds the newest row', async () => {
    const findings = await inspectDatabase(target, passing);
    // Cheap checks first; the row counts last, smallest table first.
    expect(findings.checks.map((c) => c.name)).toEqual([
      'connect',
      'table-exists:app.orders',
      'table-exists:app.customers',
      'sql:orders-have-customers',
      'freshness',
      'row-count:app.customers',
      'row-count:app.orders',
    ]);
    expect(findings.checks.filter((c) => !c.passed)).toEqual([]);
    expect(findings.newestDataAt).toBe(NEWEST_ORDER);
  });

  it('reports a count held up past the deadline (a slow volume, here a lock) as not verified, and counts what fits first', async () => {
    const locker = new Client({ ...LOCAL_PG, database: scratch.database });
    await locker.connect();
    try {
      await locker.query('begin; lock table app.orders in access exclusive mode');
      const started = Date.now();
      const findings = byName(
        (await inspectDatabase(target, { ...passing, sqlChecks: [], freshnessQuery: undefined, deadline: Date.now() + 2_000 })).checks,
      );
      expect(Date.now() - started).toBeLessThan(8_000);
      expect(findings['row-count:app.customers']).toMatchObject({ passed: true });
      expect(findings['row-count:app.orders']).toEqual({
        name: 'row-count:app.orders',
        passed: false,
        skipped: true,
        detail: expect.stringMatching(/^not verified: the count was cut off after \d+ ms \(statement_timeout\)$/),
      });
    } finally {
      await locker.query('rollback');
      await locker.end();
    }
  });

  it('starts no check past the deadline: the required checks left unrun fail (not verified in time), the counts are skipped', async () => {
    const checks = (await inspectDatabase(target, { ...passing, deadline: Date.now() - 1 })).checks;
    const inTime = 'not verified in time: the verify step reached its deadline before this required check ran';
    expect(checks).toEqual([
      expect.objectContaining({ name: 'connect', passed: true }),
      { name: 'table-exists:app.orders', passed: false, detail: inTime },
      { name: 'table-exists:app.customers', passed: false, detail: inTime },
      { name: 'sql:orders-have-customers', passed: false, detail: inTime },
      { name: 'freshness', passed: false, detail: inTime },
      { name: 'row-count:app.customers', passed: false, skipped: true, detail: 'not verified: the verify step reached its deadline first' },
      { name: 'row-count:app.orders', passed: false, skipped: true, detail: 'not verified: the verify step reached its deadline first' },
    ]);
    expect(verifyOutcome(checks, undefined, new Date()).passed).toBe(false);
  });

  it('starts a check with exactly one second left, the least worth starting; with a millisecond less it starts none', async () => {
    // The clock stands still, so "time left" is exactly deadline - now for every check.
    const frozen = Date.now();
    const clock = jest.spyOn(Date, 'now').mockReturnValue(frozen);
    try {
      const justEnough = (await inspectDatabase(target, { ...passing, deadline: frozen + 1_000 })).checks;
      expect(justEnough.filter((check) => !check.passed)).toEqual([]);
      expect(justEnough).toHaveLength(7);
      const tooLittle = byName((await inspectDatabase(target, { ...passing, deadline: frozen + 999 })).checks);
      expect(tooLittle['table-exists:app.orders']).toEqual({
        name: 'table-exists:app.orders',
        passed: false,
        detail: 'not verified in time: the verify step reached its deadline before this required check ran',
      });
      expect(tooLittle['row-count:app.orders']).toEqual({
        name: 'row-count:app.orders',
        passed: false,
        skipped: true,
        detail: 'not verified: the verify step reached its deadline first',
      });
    } finally {
      clock.mockRestore();
    }
  });

  it('a slow SQL check that uses up the time fails the verification: the freshness query it left unrun is not verified in time', async () => {
    // It starts with 1.9 s left (a check needs at least 1 s) and leaves 0.8 s, too little for the next.
    const slow = { name: 'slow', sql: 'select true from pg_sleep(1.1)' };
    const checks = byName((await inspectDatabase(target, { ...passing, sqlChecks: [slow], deadline: Date.now() + 1_900 })).checks);
    expect(checks['sql:slow']).toMatchObject({ passed: true });
    expect(checks.freshness).toEqual({
      name: 'freshness',
      passed: false,
      detail: 'not verified in time: the verify step reached its deadline before this required check ran',
    });
    expect(checks['row-count:app.orders']).toMatchObject({ passed: false, skipped: true });
    expect(verifyOutcome(Object.values(checks) as never, undefined, new Date()).passed).toBe(false);
  });

  it('accepts a row count within the tolerance and fails one outside it', async () => {
    const findings = byName((await inspectDatabase(target, { ...passing, rowCounts: { 'app.orders': 21, 'app.customers': 4 } })).checks);
    expect(findings['row-count:app.orders']).toEqual({
      name: 'row-count:app.orders',
      passed: true,
      detail: 'restored 20 rows, backup recorded 21 (allowed ±5%)',
    });
    expect(findings['row-count:app.customers']).toEqual({
      name: 'row-count:app.customers',
      passed: false,
      detail: 'restored 3 rows, backup recorded 4 (allowed ±5%)',
    });
  });

  it('fails custom checks that do not return a single true, and still runs the rest', async () => {
    const findings = byName(
      (
        await inspectDatabase(target, {
          ...passing,
          sqlChecks: [
            { name: 'is-false', sql: 'select false' },
            { name: 'not-boolean', sql: 'select 1' },
            { name: 'two-rows', sql: 'select true from app.customers limit 2' },
            { name: 'broken', sql: 'select frobnicate()' },
            { name: 'good', sql: 'select exists (select 1 from app.orders)' },
          ],
        })
      ).checks,
    );
    expect(findings['sql:is-false']).toMatchObject({ passed: false, detail: 'returned false; expected true' });
    expect(findings['sql:not-boolean']).toMatchObject({ passed: false, detail: 'returned 1; expected true' });
    expect(findings['sql:two-rows']).toMatchObject({ passed: false, detail: 'returned 2 rows; expected exactly one' });
    expect(findings['sql:broken']).toMatchObject({
      passed: false,
      detail: expect.stringMatching(/query failed: 42883: function frobnicate\(\) does not exist/),
    });
    expect(findings['sql:good']).toMatchObject({ passed: true });
    expect(findings.freshness).toMatchObject({ passed: true });
  });

  it('runs checks read-only, so a check cannot change the copy', async () => {
    const findings = byName(
      (await inspectDatabase(target, { ...passing, sqlChecks: [{ name: 'writes', sql: 'delete from app.orders returning true' }] })).checks,
    );
    expect(findings['sql:writes']).toMatchObject({ passed: false, detail: expect.stringContaining('read-only transaction') });
    expect(findings['row-count:app.orders']).toMatchObject({ passed: true });
  });

  it('fails for a missing table, both as expected table and as counted table', async () => {
    const findings = byName(
      (await inspectDatabase(target, { ...passing, expectedTables: ['app.orders', 'app.invoices'], rowCounts: { 'app.invoices': 5 } }))
        .checks,
    );
    expect(findings['table-exists:app.orders']).toMatchObject({ passed: true });
    expect(findings['table-exists:app.invoices']).toEqual({
      name: 'table-exists:app.invoices',
      passed: false,
      detail: 'app.invoices is missing',
    });
    expect(findings['row-count:app.invoices']).toMatchObject({
      passed: false,
      detail: expect.stringContaining('relation "app.invoices" does not exist'),
    });
  });

  it('fails the freshness check when the query finds no timestamp', async () => {
    const findings = await inspectDatabase(target, { ...passing, freshnessQuery: 'select max(at) from app.audit' });
    expect(byName(findings.checks).freshness).toEqual({ name: 'freshness', passed: false, detail: 'returned null; expected a timestamp' });
    expect(findings.newestDataAt).toBeUndefined();
  });

  it('marks freshness skipped when no query is configured', async () => {
    const findings = await inspectDatabase(target, { ...passing, freshnessQuery: undefined });
    expect(byName(findings.checks).freshness).toMatchObject({ passed: false, skipped: true });
  });

  it('reports a refused connection as one failed check instead of throwing', async () => {
    const findings = await inspectDatabase({ ...target, port: 1 }, passing);
    expect(findings.checks).toEqual([
      {
        name: 'connect',
        passed: false,
        detail: expect.stringMatching(/^could not connect to 127\.0\.0\.1:1\/restore_verify_\w+: .*ECONNREFUSED/),
      },
    ]);
  });

  it('reports a database that does not exist as a failed connection', async () => {
    const findings = await inspectDatabase({ ...target, dbname: 'no_such_database_here' }, passing);
    expect(findings.checks).toEqual([{ name: 'connect', passed: false, detail: expect.stringContaining('does not exist') }]);
  });

  it('demands TLS when asked to (the local server does not offer a certificate it trusts)', async () => {
    const findings = await inspectDatabase({ ...target, tls: true, connectTimeoutMs: 3000 }, passing);
    expect(findings.checks).toEqual([
      {
        name: 'connect',
        passed: false,
        detail: `could not connect to ${target.host}:${target.port}/${target.dbname}: The server does not support SSL connections`,
      },
    ]);
  });
});

describe('qualified', () => {
  it('quotes each part of schema.table', () => {
    expect(qualified('app.orders')).toBe('"app"."orders"');
    expect(qualified('we"ird.t')).toBe('"we""ird"."t"');
    expect(qualified('orders')).toBe('"orders"');
  });
});
