import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readParquetFile } from '@/test/readers/parquet';
import { stringifyJson } from '@/lib/json-text';
import { flattenLeaves } from './flatten';
import { ColumnKinds, type ParquetKind } from './parquet-columns';
import { PARQUET_MIME, exportParquet, exportParquetZip, parquetFormat } from './parquet';
import { unzipSync } from 'fflate';
import { sourceOf } from './test-helpers';
import type { Row } from './types';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rx-parquet-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let fileNo = 0;
/** Writes the export to disk and reads it back with DuckDB. */
async function roundTrip(batches: Row[][], opts: { primaryKey?: string[]; includeDeleted?: boolean; rowGroupRows?: number } = {}) {
  const blob = await exportParquet({ name: 't', source: sourceOf(...batches) }, { primaryKey: opts.primaryKey ?? ['id'], ...opts });
  expect(blob.type).toBe(PARQUET_MIME);
  const file = path.join(dir, `t${fileNo++}.parquet`);
  fs.writeFileSync(file, new Uint8Array(await blob.arrayBuffer()));
  return readParquetFile(file);
}

/** What DuckDB should give back for one stored leaf value in a column of this kind. */
function expected(kind: ParquetKind, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (kind === 'int64') return BigInt(value as number | bigint);
  if (kind === 'json') return stringifyJson(value);
  if (kind === 'string' && typeof value !== 'string') return typeof value === 'object' ? stringifyJson(value) : String(value);
  return value;
}

const BIG = 2n ** 60n + 7n; // a bigint (issue 9) beyond 2^53: must not be rounded
const sales: Row[] = [
  {
    id: '1234567890123456789',
    version: 9007199254740993n,
    total_price: 12.5,
    qty: 3,
    note: 'Zoë 🌸 "quoted", with\nnewline',
    active: true,
    customer: { id: '9223372036854775807', first_name: 'Ana', balance: -10.25 },
    line_items: [{ product_id: '9223372036854775807', quantity: -1, big: BIG }],
    deleted_at: null,
  },
  {
    id: '0042',
    version: 17,
    total_price: -3,
    qty: -7,
    note: '=HYPERLINK("x")',
    active: false,
    customer: null,
    line_items: [],
    deleted_at: '',
    late_column: 'only here',
  },
];

describe('exportParquet, read back with DuckDB', () => {
  it('types each column from the data and keeps every value exact: text ids, bigints, numbers, booleans, JSON arrays', async () => {
    const { types, columns, rows } = await roundTrip([[sales[0]], [sales[1]]]);
    expect(columns).toEqual([
      'id', 'version', 'total_price', 'qty', 'note', 'active', 'customer.id', 'customer.first_name', 'customer.balance', 'line_items', 'deleted_at', 'customer', 'late_column',
    ]);
    expect(types).toMatchObject({
      id: 'VARCHAR',
      version: 'BIGINT',
      total_price: 'DOUBLE',
      qty: 'BIGINT',
      note: 'VARCHAR',
      active: 'BOOLEAN',
      'customer.id': 'VARCHAR',
      'customer.balance': 'DOUBLE',
      line_items: 'JSON',
      deleted_at: 'VARCHAR',
    });
    expect(rows[0].id).toBe('1234567890123456789');
    expect(rows[0].version).toBe(9007199254740993n);
    expect(rows[1].id).toBe('0042');
    expect(rows[0].line_items).toBe(`[{"product_id":"9223372036854775807","quantity":-1,"big":${BIG}}]`);
    expect(rows[1].line_items).toBe('[]');
  });

  it('compares every value of every row with the stored rows, through the kinds the first pass chose', async () => {
    const { rows } = await roundTrip([sales]);
    const kinds = new ColumnKinds(['id']);
    sales.forEach((row) => kinds.observe(flattenLeaves(row)));
    const columns = kinds.columns();
    expect(rows).toHaveLength(sales.length);
    sales.forEach((stored, r) => {
      const flat = flattenLeaves(stored);
      for (const { name, kind } of columns) expect(rows[r][name], `row ${r} ${name}`).toEqual(expected(kind, flat[name]));
    });
  });

  it('writes a column that mixes types as text, and bigints beyond int64 or beside fractions as their digits', async () => {
    const huge = 2n ** 70n;
    const { types, rows } = await roundTrip([
      [
        { id: 'a', mixed: 'five', wide: huge, frac: 0.5, n: 1 },
        { id: 'b', mixed: 5, wide: 1, frac: 2n ** 62n, n: 2n ** 63n - 1n },
        { id: 'c', mixed: true, wide: null, frac: null, n: -(2n ** 63n) },
      ],
    ]);
    expect(types).toMatchObject({ mixed: 'VARCHAR', wide: 'VARCHAR', frac: 'VARCHAR', n: 'BIGINT' });
    expect(rows.map((r) => r.mixed)).toEqual(['five', '5', 'true']);
    expect(rows.map((r) => r.wide)).toEqual([huge.toString(), '1', null]);
    expect(rows.map((r) => r.frac)).toEqual(['0.5', (2n ** 62n).toString(), null]);
    expect(rows.map((r) => r.n)).toEqual([1n, 2n ** 63n - 1n, -(2n ** 63n)]);
  });

  it('writes many row groups in order', async () => {
    const batches = Array.from({ length: 9 }, (_, b) => Array.from({ length: 250 }, (_, i) => ({ id: String(b * 250 + i), n: b * 250 + i, x: i % 2 ? 'odd' : null })));
    const { rows } = await roundTrip(batches, { rowGroupRows: 1000 });
    expect(rows).toHaveLength(2250);
    expect(rows.every((r, i) => r.id === String(i) && r.n === BigInt(i) && r.x === (i % 2 ? 'odd' : null))).toBe(true);
  });

  it('leaves soft-deleted rows out unless asked, as CSV and JSON do', async () => {
    const rows = [{ id: '1', deleted_at: null }, { id: '2', deleted_at: '2024-01-01T00:00:00Z' }];
    expect((await roundTrip([rows])).rows.map((r) => r.id)).toEqual(['1']);
    expect((await roundTrip([rows], { includeDeleted: true })).rows.map((r) => r.id)).toEqual(['1', '2']);
  });

  it('writes an empty table as a file with its primary key columns and no rows', async () => {
    const { columns, rows, types } = await roundTrip([], { primaryKey: ['_sales_id', 'id'] });
    expect(columns).toEqual(['_sales_id', 'id']);
    expect(types._sales_id).toBe('VARCHAR');
    expect(rows).toEqual([]);
  });

  it('refuses a table with neither rows nor a key, naming the table', async () => {
    await expect(exportParquet({ name: 'audit', source: sourceOf() }, { primaryKey: [] })).rejects.toThrow(/audit has no rows and no primary key/);
  });

  it('"Export all (Parquet)" zips one file per table, stored as written, leaving out a table with nothing to write', async () => {
    const date = new Date(2024, 6, 9);
    const tables = [
      { name: 'sales', primaryKey: ['id'], source: sourceOf([sales[0]]) },
      { name: 'outlets', primaryKey: ['id'], source: sourceOf() },
      { name: 'audit', primaryKey: [], source: sourceOf() },
    ];
    const files = unzipSync(new Uint8Array(await (await exportParquetZip(tables, {}, date)).arrayBuffer()));
    expect(Object.keys(files)).toEqual(['sales-2024-07-09.parquet', 'outlets-2024-07-09.parquet']);
    const alone = await exportParquet({ name: 'sales', source: sourceOf([sales[0]]) }, { primaryKey: ['id'] });
    expect(files['sales-2024-07-09.parquet']).toEqual(new Uint8Array(await alone.arrayBuffer()));
    const file = path.join(dir, 'from-zip.parquet');
    fs.writeFileSync(file, files['sales-2024-07-09.parquet']);
    expect((await readParquetFile(file)).rows[0].id).toBe('1234567890123456789');
  });

  it('is registered as the "Parquet" format with the .parquet extension', () => {
    expect(parquetFormat.label).toBe('Parquet');
    expect(parquetFormat.extension({ bom: true, includeDeleted: false, jsonFormat: 'json' })).toBe('parquet');
  });
});

describe('Parquet of child tables', () => {
  it('writes a child table (sales__line_items) with its key columns and typed leaves, bigints exact', async () => {
    const { ShapeCollector } = await import('./tables');
    const { exportTables } = await import('./resource-tables');
    const plan = { root: 'sales', primaryKey: ['id'] };
    const shape = new ShapeCollector(plan);
    sales.forEach((r) => shape.add(r));
    const child = exportTables(plan, shape.shapes(), sourceOf(sales)).find((t) => t.name === 'sales__line_items')!;
    const blob = await exportParquet(child, { primaryKey: child.primaryKey });
    const file = path.join(dir, `child${fileNo++}.parquet`);
    fs.writeFileSync(file, new Uint8Array(await blob.arrayBuffer()));
    const rows = await readParquetFile(file);
    expect(rows.rows).toEqual([{ _sales_id: '1234567890123456789', _idx: 0n, product_id: '9223372036854775807', quantity: -1n, big: BIG }]);
  });

  it('gives a child\'s parent-key columns the parent key\'s values and type, bigint keys included (issue 9)', async () => {
    const { scanShape, exportTables } = await import('./resource-tables');
    const big = 9007199254740993n;
    const rows: Row[] = [
      { id: 5, items: [{ a: 1, parts: [{ p: 'x' }] }, { a: 2 }] },
      { id: big, items: [{ a: 3, parts: [{ p: 'y' }] }] },
    ];
    const plan = { root: 't', primaryKey: ['id'] };
    const tables = exportTables(plan, await scanShape(plan, sourceOf(rows)), sourceOf(rows));
    const read = async (name: string) => {
      const table = tables.find((t) => t.name === name)!;
      const file = path.join(dir, `${name}${fileNo++}.parquet`);
      fs.writeFileSync(file, new Uint8Array(await (await exportParquet(table, { primaryKey: table.primaryKey })).arrayBuffer()));
      return readParquetFile(file);
    };
    const [parent, child, grandchild] = [await read('t'), await read('t__items'), await read('t__items__parts')];
    expect([parent.types.id, child.types._t_id, grandchild.types._t_id]).toEqual(['BIGINT', 'BIGINT', 'BIGINT']);
    expect(parent.rows.map((r) => r.id)).toEqual([5n, big]);
    expect(child.rows.map((r) => [r._t_id, r._idx, r.a])).toEqual([
      [5n, 0n, 1n],
      [5n, 1n, 2n],
      [big, 0n, 3n],
    ]);
    expect(grandchild.rows.map((r) => [r._t_id, r._items_idx, r._idx, r.p])).toEqual([
      [5n, 0n, 0n, 'x'],
      [big, 0n, 0n, 'y'],
    ]);
  });
});
