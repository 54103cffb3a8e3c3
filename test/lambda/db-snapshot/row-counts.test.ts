import type { Client } from 'pg';
import {
  countRows,
  InvalidTableListError,
  listUserTables,
  parseTableList,
  quoteTable,
  type Queryable,
} from '../../../lambda/db-snapshot/row-counts';
import { connectToDatabase } from '../../../lambda/shared/postgres';
import { thrownBy } from '../backup-support/output';
import { createScratchDatabase, LOCAL_POSTGRES } from '../backup-support/postgres';

describe('parseTableList', () => {
  it('reads a comma-separated schema.table list, trimming and dropping repeats', () => {
    expect(parseTableList(' public.orders, shop.items ,public.orders,')).toEqual(['public.orders', 'shop.items']);
  });

  it('reads an empty or missing list as "every table"', () => {
    expect(parseTableList('')).toEqual([]);
    expect(parseTableList(undefined)).toEqual([]);
  });

  it('rejects every entry that is not schema.table, all at once', () => {
    const error = thrownBy(() => parseTableList('orders,public.ok,a.b.c,x;drop'));
    expect(error).toBeInstanceOf(InvalidTableListError);
    expect((error as InvalidTableListError).invalid).toEqual(['orders', 'a.b.c', 'x;drop']);
  });
});

describe('quoteTable', () => {
  it('quotes both parts so any catalog name is read literally', () => {
    expect(quoteTable('public.orders')).toBe('"public"."orders"');
    expect(quoteTable('app.Odd "Name"')).toBe('"app"."Odd ""Name"""');
    expect(() => quoteTable('noschema')).toThrow(InvalidTableListError);
  });
});

/** A deadline far away: every count runs. */
const ROOMY = { deadline: Date.now() + 3_600_000, statementTimeoutMs: 60_000 };

describe('row counts against a real PostgreSQL', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let db: Client;

  beforeAll(async () => {
    scratch = await createScratchDatabase('backup_rowcount');
    db = await scratch.connect();
    await db.query(`
      CREATE SCHEMA shop;
      CREATE TABLE public.orders (id int);
      CREATE TABLE shop.items (id int);
      CREATE TABLE shop."Odd ""Name""" (id int);
      CREATE VIEW public.order_view AS SELECT * FROM public.orders;
      INSERT INTO public.orders SELECT generate_series(1, 1234);
      INSERT INTO shop.items SELECT generate_series(1, 7);
    `);
  });

  afterAll(async () => {
    await db?.end();
    await scratch?.drop();
  });

  it('counts the listed tables exactly', async () => {
    const counts = await countRows(db, ['public.orders', 'shop.items'], ROOMY);
    expect(counts.rowCounts).toEqual({ 'public.orders': 1234, 'shop.items': 7 });
  });

  it('counts every user table (and no view or system table) when the list is empty', async () => {
    expect((await listUserTables(db)).sort()).toEqual(['public.orders', 'shop.Odd "Name"', 'shop.items'].sort());
    const counts = await countRows(db, [], ROOMY);
    expect(counts.rowCounts).toEqual({ 'public.orders': 1234, 'shop.Odd "Name"': 0, 'shop.items': 7 });
  });

  it('records the database clock of the counts', async () => {
    const before = Date.now();
    const counts = await countRows(db, ['shop.items'], ROOMY);
    expect(counts.recordedAt).toBeInstanceOf(Date);
    expect(Math.abs(counts.recordedAt.getTime() - before)).toBeLessThan(60_000);
  });

  it('fails the whole count on a missing table and leaves the connection usable', async () => {
    await expect(countRows(db, ['public.orders', 'public.missing'], ROOMY)).rejects.toThrow(/missing/);
    const { rows } = await db.query<{ ok: number }>('SELECT 1 AS ok');
    expect(rows[0].ok).toBe(1);
  });

  it('reads all tables from one moment: rows committed mid-count are not seen', async () => {
    const writer = await scratch.connect();
    try {
      // After the first table is counted, another session commits rows into the second table.
      let counted = 0;
      const interfering: Queryable = {
        query: async (text, values) => {
          const result = await db.query(text, values);
          if (text.includes('count(*)') && ++counted === 1) await writer.query('INSERT INTO shop.items SELECT generate_series(1, 5)');
          return result as never;
        },
      };
      const counts = await countRows(interfering, ['public.orders', 'shop.items'], ROOMY);
      expect(counts.rowCounts['shop.items']).toBe(7);
      const after = await countRows(db, ['shop.items'], ROOMY);
      expect(after.rowCounts['shop.items']).toBe(12);
    } finally {
      await writer.query('DELETE FROM shop.items WHERE ctid IN (SELECT ctid FROM shop.items ORDER BY ctid DESC LIMIT 5)');
      await writer.end();
    }
  });

  it('records a table whose count is held up (a lock another session holds) as not counted, with its estimate, and still counts the rest', async () => {
    await db.query('ANALYZE public.orders');
    const locker = await scratch.connect();
    try {
      await locker.query('BEGIN; LOCK TABLE public.orders IN ACCESS EXCLUSIVE MODE');
      const started = Date.now();
      const counts = await countRows(db, ['public.orders', 'shop.items'], { deadline: Date.now() + 60_000, statementTimeoutMs: 1_500 });
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(counts.rowCounts).toEqual({ 'shop.items': 7 });
      expect(counts.notCounted).toEqual({
        'public.orders': { reason: 'count cut off after 1500 ms (statement_timeout)', estimatedRows: 1234 },
      });
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
  });

  it('starts no count once the deadline has passed, recording every table left as not counted', async () => {
    const counts = await countRows(db, ['public.orders', 'shop.items'], { deadline: Date.now() - 1, statementTimeoutMs: 60_000 });
    expect(counts.rowCounts).toEqual({});
    expect(Object.keys(counts.notCounted).sort()).toEqual(['public.orders', 'shop.items']);
    expect(counts.notCounted['shop.items'].reason).toBe('not started: the deadline came first');
  });

  it('cuts a count short at the deadline even when the statement timeout is longer', async () => {
    const locker = await scratch.connect();
    try {
      await locker.query('BEGIN; LOCK TABLE shop.items IN ACCESS EXCLUSIVE MODE');
      const started = Date.now();
      const counts = await countRows(db, ['shop.items'], { deadline: Date.now() + 1_200, statementTimeoutMs: 600_000 });
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(counts.notCounted['shop.items'].reason).toMatch(/^count cut off after 1\d{3} ms/);
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
  });

  it('connects without TLS only when told to', async () => {
    const plain = await connectToDatabase({ ...LOCAL_POSTGRES, dbname: scratch.name }, { tls: false });
    try {
      expect((await countRows(plain, ['shop.items'], ROOMY)).rowCounts['shop.items']).toBe(7);
    } finally {
      await plain.end();
    }
  });

  it('uses TLS by default, so a server without TLS is refused', async () => {
    await expect(connectToDatabase({ ...LOCAL_POSTGRES, dbname: scratch.name })).rejects.toThrow(/SSL|TLS/i);
  });
});
