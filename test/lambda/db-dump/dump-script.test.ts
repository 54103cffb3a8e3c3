/**
 * The round trip the requirement insists on: the real docker/pg-dump/dump.sh dumps a scratch
 * database from the real PostgreSQL, pg_restore loads the dump into a fresh database, and every
 * table and sequence must come back identical. Only `aws` is a stand-in (first on PATH), writing
 * what the script streams to it into a local folder, so the script itself is what is tested.
 */
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';

const run = promisify(execFile);
const SCRIPT = path.resolve(__dirname, '../../../docker/pg-dump/dump.sh');
const SERVER = { host: '127.0.0.1', port: 5432, user: 'postgres' };
const suffix = `${process.pid}_${Date.now().toString(36)}`;
const SOURCE_DB = `dump_src_${suffix}`;
const RESTORED_DB = `dump_restored_${suffix}`;
const MISSING_DB = `dump_missing_${suffix}`;
const BUCKET = 'backup-bucket';
const KEY = 'dumps/test/2026/03/09/app-20260309T030000Z.dump';

/** Stand-in for the AWS CLI: `aws s3 cp - s3://bucket/key …` writes stdin to $AWS_STUB_DIR/bucket/key and logs its arguments. */
const AWS_STUB = `#!/usr/bin/env bash
set -euo pipefail
printf '%s\\n' "$*" >> "$AWS_STUB_DIR/calls.log"
[[ "$1 $2 $3" == "s3 cp -" ]] || { echo "aws stub: unsupported: $*" >&2; exit 2; }
dest="$AWS_STUB_DIR/\${4#s3://}"
mkdir -p "$(dirname "$dest")"
cat > "$dest"
`;

const SCHEMA = `
create sequence invoice_numbers start 1000 increment 7;
create table customers (
  id serial primary key,
  name text not null,
  big bigint not null,
  balance numeric(20, 6) not null,
  active boolean not null,
  joined_at timestamptz not null,
  tags text[] not null,
  profile jsonb,
  avatar bytea,
  nickname text
);
create table orders (
  id bigserial primary key,
  customer_id integer not null references customers(id),
  invoice_no bigint not null default nextval('invoice_numbers'),
  amounts numeric[] not null,
  note text
);
insert into customers (name, big, balance, active, joined_at, tags, profile, avatar, nickname)
select
  'customer ' || i || ' ü漢字🙂 "quoted" \\ back',
  i::bigint * 3000000000,
  round((i * 1234.567891)::numeric, 6) - 50000,
  i % 3 = 0,
  timestamptz '2020-01-01 00:00:00+00' + i * interval '37 minutes 13.25 seconds',
  array['t' || i % 5, 'shared', null],
  case when i % 4 = 0 then null else jsonb_build_object('i', i, 'nested', jsonb_build_object('list', jsonb_build_array(i, 'x', true, null))) end,
  decode(md5(i::text), 'hex') || '\\x00ff'::bytea,
  case when i % 10 = 0 then 'nick ' || i end
from generate_series(1, 400) as i;
insert into orders (customer_id, amounts, note)
select 1 + (i % 400), array[i * 0.01, i * 1.5, -i], case when i % 7 = 0 then e'line1\\nline2\\ttab' end
from generate_series(1, 1500) as i;
select setval('invoice_numbers', (select max(invoice_no) from orders) + 7);
`;

async function withClient<T>(database: string, use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ ...SERVER, database });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** Row count and md5 of every row's text form in primary-key order, per table, plus each sequence's state. */
async function fingerprint(database: string) {
  return withClient(database, async (client) => {
    await client.query("set timezone = 'UTC'; set extra_float_digits = 3");
    const tables: Record<string, { rows: number; md5: string }> = {};
    for (const table of ['customers', 'orders']) {
      const { rows } = await client.query(
        `select count(*)::int as rows, md5(coalesce(string_agg(t::text, '|' order by t.id), '')) as md5 from ${table} t`,
      );
      tables[table] = rows[0];
    }
    const sequences: Record<string, unknown> = {};
    for (const sequence of ['invoice_numbers', 'customers_id_seq', 'orders_id_seq']) {
      sequences[sequence] = (await client.query(`select last_value::text, is_called from ${sequence}`)).rows[0];
    }
    const foreignKeys = (await client.query("select conname from pg_constraint where contype = 'f' order by conname")).rows;
    return { tables, sequences, foreignKeys };
  });
}

function dumpEnvironment(database: string, stubDir: string, binDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: `${binDir}:${process.env.PATH}`,
    HOME: stubDir,
    AWS_STUB_DIR: stubDir,
    PGHOST: SERVER.host,
    PGPORT: String(SERVER.port),
    PGUSER: SERVER.user,
    PGDATABASE: database,
    PGSSLMODE: 'disable',
    BACKUP_BUCKET: BUCKET,
    DUMP_KEY: KEY,
    ...extra,
  };
}

let work: string;
let binDir: string;

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'pg-dump-test-'));
  binDir = path.join(work, 'bin');
  mkdirSync(binDir);
  writeFileSync(path.join(binDir, 'aws'), AWS_STUB);
  chmodSync(path.join(binDir, 'aws'), 0o755);
  await withClient('postgres', async (client) => {
    await client.query(`create database ${SOURCE_DB}`);
    await client.query(`create database ${RESTORED_DB}`);
  });
  await withClient(SOURCE_DB, (client) => client.query(SCHEMA));
});

afterAll(async () => {
  await withClient('postgres', async (client) => {
    for (const db of [SOURCE_DB, RESTORED_DB, MISSING_DB]) await client.query(`drop database if exists ${db} with (force)`);
  });
  rmSync(work, { recursive: true, force: true });
});

describe('dump.sh', () => {
  let stubDir: string;

  beforeAll(async () => {
    stubDir = mkdtempSync(path.join(work, 'ok-'));
    await run(SCRIPT, [], { env: dumpEnvironment(SOURCE_DB, stubDir, binDir) });
  });

  it('streams a custom-format dump that pg_restore loads into an identical database', async () => {
    const dumpFile = path.join(stubDir, BUCKET, KEY);
    expect(readFileSync(dumpFile).subarray(0, 5).toString()).toBe('PGDMP');
    await run('pg_restore', [
      '--no-owner',
      '--exit-on-error',
      '--host',
      SERVER.host,
      '--username',
      SERVER.user,
      '--dbname',
      RESTORED_DB,
      dumpFile,
    ]);

    const [source, restored] = await Promise.all([fingerprint(SOURCE_DB), fingerprint(RESTORED_DB)]);
    expect(source.tables.customers.rows).toBe(400);
    expect(source.tables.orders.rows).toBe(1500);
    expect(source.foreignKeys).toEqual([{ conname: 'orders_customer_id_fkey' }]);
    expect(restored).toEqual(source);
  });

  it('uploads with server-side encryption and a size hint, then writes the sidecar', async () => {
    const calls = readFileSync(path.join(stubDir, 'calls.log'), 'utf8').trim().split('\n');
    expect(calls).toHaveLength(2);
    expect(calls[0]).toMatch(new RegExp(`^s3 cp - s3://${BUCKET}/${KEY} --sse AES256 --expected-size \\d+ `));
    expect(calls[1]).toMatch(new RegExp(`^s3 cp - s3://${BUCKET}/${KEY}\\.json --sse AES256 --content-type application/json`));

    const sidecar = JSON.parse(readFileSync(path.join(stubDir, BUCKET, `${KEY}.json`), 'utf8'));
    expect(sidecar).toMatchObject({
      key: KEY,
      database: SOURCE_DB,
      format: 'custom',
      sizeBytes: readFileSync(path.join(stubDir, BUCKET, KEY)).length,
    });
    expect(sidecar.pgDumpVersion).toMatch(/^pg_dump \(PostgreSQL\) \d+/);
    expect(Date.parse(sidecar.finishedAt)).toBeGreaterThanOrEqual(Date.parse(sidecar.startedAt));
  });

  it('uses SSE-KMS with the given key when DUMP_KMS_KEY_ID is set', async () => {
    const kmsDir = mkdtempSync(path.join(work, 'kms-'));
    await run(SCRIPT, [], {
      env: dumpEnvironment(SOURCE_DB, kmsDir, binDir, {
        DUMP_KMS_KEY_ID: 'arn:aws:kms:eu-west-1:111111111111:key/k1',
        DUMP_EXPECTED_SIZE: '123',
      }),
    });
    const calls = readFileSync(path.join(kmsDir, 'calls.log'), 'utf8');
    expect(calls).toContain(
      `s3 cp - s3://${BUCKET}/${KEY} --sse aws:kms --sse-kms-key-id arn:aws:kms:eu-west-1:111111111111:key/k1 --expected-size 123 `,
    );
  });

  it.each([
    ['its own default (PGSSLMODE unset)', undefined],
    ["the task definition's PGSSLMODE=require", 'require'],
  ])('always connects with TLS, by %s: the real PostgreSQL without TLS refuses it, and nothing is uploaded', async (_case, sslmode) => {
    // PGSSLMODE=disable in dumpEnvironment is the explicit, test-only way to reach the local server.
    const tlsDir = mkdtempSync(path.join(work, 'tls-'));
    const env = dumpEnvironment(SOURCE_DB, tlsDir, binDir);
    if (sslmode === undefined) delete env.PGSSLMODE;
    else env.PGSSLMODE = sslmode;
    const outcome = await run(SCRIPT, [], { env }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(outcome.code).not.toBe(0);
    expect(outcome.stderr).toContain('server does not support SSL, but SSL was required');
    expect(existsSync(path.join(tlsDir, 'calls.log'))).toBe(false);
  });

  it.each([
    ['pg_dump fails mid-pipeline', { DUMP_EXPECTED_SIZE: '1000' }],
    ['the size lookup fails first', {}],
  ])('exits non-zero and writes no sidecar when the database does not exist (%s)', async (_case, extra) => {
    const failDir = mkdtempSync(path.join(work, 'fail-'));
    const outcome = await run(SCRIPT, [], { env: dumpEnvironment(MISSING_DB, failDir, binDir, extra) }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(outcome.code).not.toBe(0);
    expect(outcome.stderr).toContain(`database "${MISSING_DB}" does not exist`);
    expect(existsSync(path.join(failDir, BUCKET, `${KEY}.json`))).toBe(false);
  });
});
