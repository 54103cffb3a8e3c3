import type { Client } from 'pg';
import { countRows, InvalidTableListError, listUserTables, parseTableList, quoteTable, type Queryable } from '../../../lambda/db-snapshot/row-counts';
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
    const counts = await countRows(db, ['public.orders', 'shop.items']);
    expect(counts.rowCounts).toEqual({ 'public.orders': 1234, 'shop.items': 7 });
  });

  it('counts every user table (and no view or system table) when the list is empty', async () => {
    expect((await listUserTables(db)).sort()).toEqual(['public.orders', 'shop.Odd "Name"', 'shop.items'].sort());
    const counts = await countRows(db, []);
    expect(counts.rowCounts).toEqual({ 'public.orders': 1234, 'shop.Odd "Name"': 0, 'shop.items': 7 });
  });

  it('records the database clock of the counts', async () => {
    const before = Date.now();
    const counts = await countRows(db, ['shop.items']);
    expect(counts.recordedAt).toBeInstanceOf(Date);
    expect(Math.abs(counts.recordedAt.getTime() - before)).toBeLessThan(60_000);
  });

  it('fails the whole count on a missing table and leaves the connection usable', async () => {
    await expect(countRows(db, ['public.orders', 'public.missing'])).rejects.toThrow(/missing/);
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
      const counts = await countRows(interfering, ['public.orders', 'shop.items']);
      expect(counts.rowCounts['shop.items']).toBe(7);
      const after = await countRows(db, ['shop.items']);
      expect(after.rowCounts['shop.items']).toBe(12);
    } finally {
      await writer.query('DELETE FROM shop.items WHERE ctid IN (SELECT ctid FROM shop.items ORDER BY ctid DESC LIMIT 5)');
      await writer.end();
    }
  });

  it('connects without TLS only when told to', async () => {
    const plain = await connectToDatabase({ ...LOCAL_POSTGRES, dbname: scratch.name }, { tls: false });
    try {
      expect((await countRows(plain, ['shop.items'])).rowCounts['shop.items']).toBe(7);
    } finally {
      await plain.end();
    }
  });

  it('uses TLS by default, so a server without TLS is refused', async () => {
    await expect(connectToDatabase({ ...LOCAL_POSTGRES, dbname: scratch.name })).rejects.toThrow(/SSL|TLS/i);
  });
});
