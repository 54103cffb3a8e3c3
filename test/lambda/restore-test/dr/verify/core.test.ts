import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import type { DbVerifyConfig } from '../../../../../lambda/restore-test/db/verify/core';
import { s3VerifyPorts, verifyDrCopy } from '../../../../../lambda/restore-test/dr/verify/core';
import type { DatabaseBackupManifest } from '../../../../../lambda/shared/manifest/backup-manifest';
import { awsError, DB_COPY, jsonBody, manifest, started, state } from '../../common/fixtures';
import { createScratchDatabase, CUSTOMER_COUNT, LOCAL_PG, NEWEST_ORDER, ORDER_COUNT } from '../../db/verify/scratch-database';
import { MANIFEST_BUCKET, RUN_BUCKET, useDrHandlerEnvironment } from '../fixtures';

/**
 * The DR verify step's core against the real PostgreSQL of this machine, which plays the restored
 * copy; S3 (the run bucket and the manifest copies in the DR region) is mocked at the SDK boundary.
 */
const s3 = new S3Client({ region: 'eu-central-1' });
const s3Mock = mockClient(s3);
let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
beforeAll(async () => {
  // The buckets as the deployed function gets them, so the recorded calls name them by their variables.
  useDrHandlerEnvironment({ RUN_BUCKET, MANIFEST_BUCKET });
  scratch = await createScratchDatabase();
});
afterAll(() => scratch?.drop());

const verifiedAt = new Date('2026-11-22T08:45:00Z');
const config = (overrides: Partial<DbVerifyConfig> = {}): DbVerifyConfig => ({
  expectedTables: ['app.orders', 'app.customers'],
  rowCountTolerancePercent: 0,
  sqlChecks: [],
  freshnessQuery: 'select max(updated_at) from app.orders',
  // The local PostgreSQL serves without TLS; the deployed handler always passes true (see the last test).
  tls: false,
  ...overrides,
});

/** The run bucket holds the copy's connection details and password; the manifest bucket, the manifest copy. */
function stock(found: DatabaseBackupManifest | undefined): void {
  s3Mock.reset();
  s3Mock.on(GetObjectCommand, { Bucket: RUN_BUCKET }).resolves({
    Body: jsonBody({
      engine: 'postgres',
      host: LOCAL_PG.host,
      port: LOCAL_PG.port,
      username: LOCAL_PG.user,
      password: '',
      dbname: scratch.database,
      dbInstanceIdentifier: DB_COPY,
    }),
  });
  if (found) s3Mock.on(GetObjectCommand, { Bucket: MANIFEST_BUCKET }).resolves({ Body: jsonBody(found) });
  else s3Mock.on(GetObjectCommand, { Bucket: MANIFEST_BUCKET }).rejects(awsError('NoSuchKey'));
}

const verify = (overrides: Partial<DbVerifyConfig> = {}) =>
  verifyDrCopy(
    state({ restore: started() }),
    config(overrides),
    s3VerifyPorts(s3, { runBucket: RUN_BUCKET, manifestBucket: MANIFEST_BUCKET }, DB_COPY),
    () => verifiedAt,
  );

describe('the DR verify step on a restored copy', () => {
  it("passes a copy that matches its manifest copy, read with the password from the run bucket, in the DR region's buckets", async () => {
    stock(manifest({ 'app.orders': ORDER_COUNT, 'app.customers': CUSTOMER_COUNT }));
    const outcome = await verify();
    expect(outcome.passed).toBe(true);
    expect(outcome.checks.filter((c) => c.name.startsWith('row-count:'))).toEqual([
      {
        name: 'row-count:app.customers',
        passed: true,
        detail: `restored ${CUSTOMER_COUNT} rows, backup recorded ${CUSTOMER_COUNT} (allowed ±0%)`,
      },
      { name: 'row-count:app.orders', passed: true, detail: `restored ${ORDER_COUNT} rows, backup recorded ${ORDER_COUNT} (allowed ±0%)` },
    ]);
    expect(outcome.newestDataAt).toBe(NEWEST_ORDER);
    expect(s3Mock).toHaveReceivedCommandWith(GetObjectCommand, { Bucket: RUN_BUCKET, Key: `restore-runs/${DB_COPY}/credentials.json` });
    expect(s3Mock).toHaveReceivedCommandWith(GetObjectCommand, { Bucket: MANIFEST_BUCKET, Key: started().manifestKey });
  });

  it('fails a copy with missing rows, naming the table and both counts', async () => {
    stock(manifest({ 'app.orders': ORDER_COUNT + 5, 'app.customers': CUSTOMER_COUNT }));
    const outcome = await verify();
    expect(outcome.passed).toBe(false);
    expect(outcome.checks.find((c) => c.name === 'row-count:app.orders')).toEqual({
      name: 'row-count:app.orders',
      passed: false,
      detail: `restored ${ORDER_COUNT} rows, backup recorded ${ORDER_COUNT + 5} (allowed ±0%)`,
    });
  });

  it('fails when the manifest copy never reached the DR region: counts cannot be compared', async () => {
    stock(undefined);
    const outcome = await verify();
    expect(outcome.passed).toBe(false);
    expect(outcome.checks[0]).toEqual({
      name: 'backup-manifest',
      passed: false,
      detail: `backup manifest ${started().manifestKey} not found: counts cannot be compared`,
    });
  });

  it('checks in a read-only session: a check that writes fails and the copy is left as restored', async () => {
    stock(manifest({ 'app.orders': ORDER_COUNT }));
    const outcome = await verify({
      sqlChecks: [{ name: 'tries-to-write', sql: 'with w as (insert into app.audit values (99, now()) returning 1) select true from w' }],
    });
    expect(outcome.passed).toBe(false);
    expect(outcome.checks.find((c) => c.name === 'sql:tries-to-write')?.detail).toMatch(/read-only transaction/);
  });

  it('requires TLS: a server that refuses TLS fails the connect check, and nothing else runs', async () => {
    stock(manifest({ 'app.orders': ORDER_COUNT }));
    const outcome = await verify({ tls: true });
    expect(outcome.passed).toBe(false);
    expect(outcome.checks.map((c) => c.name)).toEqual(['backup-manifest', 'connect']);
    expect(outcome.checks[1]).toMatchObject({
      passed: false,
      detail: expect.stringContaining('The server does not support SSL connections'),
    });
  });
});
