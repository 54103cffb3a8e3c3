import type { DatabaseBackupManifest } from '../../../../../lambda/shared/manifest/backup-manifest';
import type { RestoreSecret } from '../../../../../lambda/restore-test/db/credentials/contract';
import { verifyRestoredDatabase, type DbVerifyConfig } from '../../../../../lambda/restore-test/db/verify/core';
import { DB_COPY, manifest, started, state } from '../../common/fixtures';
import { createScratchDatabase, CUSTOMER_COUNT, LOCAL_PG, ORDER_COUNT } from './scratch-database';

let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
beforeAll(async () => {
  scratch = await createScratchDatabase();
});
afterAll(() => scratch?.drop());

const config: DbVerifyConfig = {
  expectedTables: ['app.orders'],
  rowCountTolerancePercent: 5,
  sqlChecks: [],
  freshnessQuery: 'select max(updated_at) from app.orders',
  tls: false,
};
const verifiedAt = new Date('2026-11-22T06:45:00Z');

function ports(found: DatabaseBackupManifest | undefined, copyId = DB_COPY) {
  const secret: RestoreSecret = {
    engine: 'postgres',
    host: LOCAL_PG.host,
    port: LOCAL_PG.port,
    username: LOCAL_PG.user,
    password: '',
    dbname: scratch.database,
    dbInstanceIdentifier: copyId,
  };
  return { readSecret: async () => secret, readManifest: async () => found };
}

describe('verifyRestoredDatabase', () => {
  it('compares the copy with the manifest of its snapshot and passes', async () => {
    const outcome = await verifyRestoredDatabase(
      state({ restore: started() }),
      config,
      ports(manifest({ 'app.orders': ORDER_COUNT, 'app.customers': CUSTOMER_COUNT })),
      () => verifiedAt,
    );
    expect(outcome.passed).toBe(true);
    expect(outcome.checks.map((c) => c.name)).toEqual([
      'backup-manifest',
      'connect',
      'table-exists:app.orders',
      'freshness',
      'row-count:app.customers',
      'row-count:app.orders',
    ]);
    expect(outcome.verifiedAt).toBe('2026-11-22T06:45:00.000Z');
  });

  it('reports the tables the backup did not count as not verified (skipped, with the estimate), never as passed', async () => {
    const withHoles: DatabaseBackupManifest = {
      ...manifest({ 'app.customers': CUSTOMER_COUNT }),
      notCounted: { 'app.orders': { reason: 'not started: the deadline came first', estimatedRows: 19 } },
    };
    const outcome = await verifyRestoredDatabase(state({ restore: started() }), config, ports(withHoles), () => verifiedAt);
    expect(outcome.checks.find((c) => c.name === 'row-count:app.orders')).toEqual({
      name: 'row-count:app.orders',
      passed: false,
      skipped: true,
      detail:
        'not verified: the backup did not count this table (not started: the deadline came first); the planner estimated about 19 rows',
    });
    expect(outcome.checks.find((c) => c.name === 'row-count:app.customers')).toMatchObject({ passed: true });
  });

  it('fails when the counts differ from the manifest', async () => {
    const outcome = await verifyRestoredDatabase(
      state({ restore: started() }),
      config,
      ports(manifest({ 'app.orders': 2 * ORDER_COUNT })),
      () => verifiedAt,
    );
    expect(outcome.passed).toBe(false);
    expect(outcome.checks.find((c) => c.name === 'row-count:app.orders')).toMatchObject({ passed: false });
  });

  it('passes with the count comparison skipped (not passed) for a snapshot without manifest', async () => {
    const outcome = await verifyRestoredDatabase(
      state({ restore: started({ manifestKey: undefined }) }),
      config,
      ports(undefined),
      () => verifiedAt,
    );
    expect(outcome.passed).toBe(true);
    expect(outcome.checks[0]).toMatchObject({ name: 'backup-manifest', passed: false, skipped: true });
    expect(outcome.checks.some((c) => c.name.startsWith('row-count:'))).toBe(false);
  });

  it("fails when the backup job's manifest is missing", async () => {
    const outcome = await verifyRestoredDatabase(state({ restore: started() }), config, ports(undefined), () => verifiedAt);
    expect(outcome.passed).toBe(false);
  });

  it("refuses to test another run's copy when the secret was replaced", async () => {
    await expect(
      verifyRestoredDatabase(state({ restore: started() }), config, ports(undefined, 'dev-restore-test-202611230600'), () => verifiedAt),
    ).rejects.toThrow(/another run/);
  });
});
