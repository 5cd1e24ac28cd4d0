import fs from 'node:fs';
import Ajv from 'ajv-draft-04';
import { unzipSync } from 'fflate';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { exportZip } from './zip';
import { exportTables, knownReferences } from './resource-tables';
import { ShapeCollector, type TablePlan } from './tables';
import { sourceOf } from './test-helpers';
import type { TableReference } from './datapackage';
import type { Row } from './types';

const profile = JSON.parse(fs.readFileSync('test/fixtures/frictionless/tabular-data-package.json', 'utf8'));
const validate = new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(profile);
const date = new Date(2024, 6, 9, 15, 30);

function tablesFor(plan: TablePlan, rows: Row[]) {
  const shape = new ShapeCollector(plan);
  rows.forEach((r) => shape.add(r));
  return exportTables(plan, shape.shapes(), sourceOf(rows));
}

interface Resource {
  name: string;
  path: string;
  schema: { fields: { name: string; type: string }[]; primaryKey?: string[]; foreignKeys?: { fields: string[]; reference: { resource: string; fields: string[] } }[] };
}

/** The package, each resource's CSV rows as objects, and README.txt. */
async function unpack(blob: Blob) {
  const files = unzipSync(new Uint8Array(await blob.arrayBuffer()));
  const text = (name: string) => new TextDecoder().decode(files[name]);
  const pkg = JSON.parse(text('datapackage.json')) as { resources: Resource[] };
  const rows = new Map(pkg.resources.map((r) => [r.name, Papa.parse<Record<string, string>>(text(r.path).replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data]));
  return { files, pkg, rows, readme: text('README.txt') };
}

/** Every declared foreign key finds its row, and every primary key is unique. */
function checkKeys(pkg: { resources: Resource[] }, rows: Map<string, Record<string, string>[]>) {
  for (const r of pkg.resources) {
    const own = rows.get(r.name)!;
    if (r.schema.primaryKey) {
      const keys = own.map((row) => JSON.stringify(r.schema.primaryKey!.map((f) => row[f])));
      expect(new Set(keys).size, `${r.name} primary key is unique`).toBe(keys.length);
    }
    for (const fk of r.schema.foreignKeys ?? []) {
      const target = new Set(rows.get(fk.reference.resource)!.map((row) => JSON.stringify(fk.reference.fields.map((f) => row[f]))));
      for (const row of own) {
        const values = fk.fields.map((f) => row[f]);
        if (values.some((v) => v === '')) continue;
        expect(target.has(JSON.stringify(values)), `${r.name} ${fk.fields} → ${fk.reference.resource}: ${values}`).toBe(true);
      }
    }
  }
}

const customers: Row[] = [
  { id: 'c1', name: 'Zoë', group: { id: 'g1' } },
  { id: 'c2', name: 'Gone', deleted_at: '2024-02-01T00:00:00+00:00' },
];
const sales: Row[] = [
  { id: 's1', customer_id: 'c1', total: 10.5, count: 2, paid: true, line_items: [{ sku: '00123', qty: 1, tax_components: [{ rate: 0.15 }] }] },
  { id: 's2', customer_id: 'c2', total: 3, count: 1, paid: false, line_items: [] },
];
const info = { store: 'demo.retail.lightspeed.app', exportedAt: date, syncedAt: { sales: Date.UTC(2024, 6, 9, 12), customers: Date.UTC(2024, 6, 9, 12) }, includeDeleted: false };
const references: TableReference[] = [{ table: 'sales', columns: ['customer_id'], references: { table: 'customers', columns: ['id'] }, kind: 'known' }];

describe('datapackage.json in the ZIP', () => {
  it('is a valid Tabular Data Package: a resource per CSV, typed fields, primary keys, child foreign keys', async () => {
    const tables = [...tablesFor({ root: 'sales', primaryKey: ['id'] }, sales), ...tablesFor({ root: 'customers', primaryKey: ['id'] }, customers)];
    const { files, pkg, rows } = await unpack(await exportZip(tables, {}, date, { references, info }));
    expect(validate(pkg), JSON.stringify(validate.errors)).toBe(true);
    expect(Object.keys(files).sort()).toEqual([...pkg.resources.map((r) => r.path), 'README.txt', 'datapackage.json'].sort());
    expect(pkg.resources.map((r) => r.name)).toEqual(['sales', 'sales__line_items', 'sales__line_items__tax_components', 'customers']);
    const sale = pkg.resources[0].schema;
    expect(sale.fields).toEqual([
      { name: 'id', type: 'string' },
      { name: 'customer_id', type: 'string' },
      { name: 'total', type: 'number' },
      { name: 'count', type: 'integer' },
      { name: 'paid', type: 'boolean' },
    ]);
    expect(sale.primaryKey).toEqual(['id']);
    expect(pkg.resources[2].schema.primaryKey).toEqual(['_sales_id', '_line_items_idx', '_idx']);
    expect(pkg.resources[2].schema.foreignKeys).toEqual([{ fields: ['_sales_id', '_line_items_idx'], reference: { resource: 'sales__line_items', fields: ['_sales_id', '_idx'] } }]);
    checkKeys(pkg, rows);
  });

  it('declares a known reference only when every exported value resolves, else explains it in README.txt', async () => {
    const build = async (includeDeleted: boolean) => {
      const tables = [...tablesFor({ root: 'sales', primaryKey: ['id'] }, sales), ...tablesFor({ root: 'customers', primaryKey: ['id'] }, customers)];
      return unpack(await exportZip(tables, { includeDeleted }, date, { references, info: { ...info, includeDeleted } }));
    };
    const without = await build(false);
    expect(without.pkg.resources[0].schema.foreignKeys).toBeUndefined();
    expect(without.readme).toContain('sales.customer_id -> customers.id: NOT declared as a foreign key: 1 value(s) are not in customers (for example c2)');
    expect(without.readme).toContain('left out, and so are their child rows');
    const withDeleted = await build(true);
    expect(withDeleted.pkg.resources[0].schema.foreignKeys).toEqual([{ fields: ['customer_id'], reference: { resource: 'customers', fields: ['id'] } }]);
    expect(withDeleted.readme).toContain('sales.customer_id -> customers.id: declared as a foreign key');
    checkKeys(withDeleted.pkg, withDeleted.rows);
  });

  it('README.txt names every file, the store and the sync time', async () => {
    const tables = tablesFor({ root: 'sales', primaryKey: ['id'] }, sales);
    const { readme } = await unpack(await exportZip(tables, {}, date, { references: [], info }));
    expect(readme).toContain('Store: demo.retail.lightspeed.app');
    expect(readme).toContain('- sales-2024-07-09.csv: sales, 2 rows, last synced 2024-07-09T12:00:00Z');
    expect(readme).toContain('- sales__line_items__tax_components-2024-07-09.csv: sales__line_items__tax_components (child table of sales__line_items), 1 rows, last synced 2024-07-09T12:00:00Z');
    expect(readme).toContain('_sales_id');
  });

  it('leaves out a reference whose column the table does not have', async () => {
    const tables = tablesFor({ root: 'sales', primaryKey: ['id'] }, sales);
    const refs: TableReference[] = [{ table: 'sales', columns: ['nope'], references: { table: 'sales', columns: ['id'] }, kind: 'known' }];
    const { pkg, readme } = await unpack(await exportZip(tables, {}, date, { references: refs, info }));
    expect(pkg.resources[0].schema.foreignKeys).toBeUndefined();
    expect(readme).not.toContain('nope');
  });

  it('names each field as the CSV header writes it: one formula rule for both (a lone sign is data)', async () => {
    const rows: Row[] = [{ id: 'r1', '-': '-', '+': '+', '=x': '=1', '-a': '-a' }];
    const { files, pkg } = await unpack(await exportZip(tablesFor({ root: 'odd', primaryKey: ['id'] }, rows), {}, date, { references: [], info }));
    const csv = Papa.parse<string[]>(new TextDecoder().decode(files[pkg.resources[0].path]).replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
    expect(csv).toEqual([
      ['id', '-', '+', "'=x", "'-a"],
      ['r1', '-', '+', "'=1", "'-a"],
    ]);
    expect(pkg.resources[0].schema.fields.map((f) => f.name)).toEqual(csv[0]);
  });

  it('knows a child resource’s include_from_parent fields as references to its parent', () => {
    const refs = knownReferences([{ name: 'fulfillments', parent: { resource: 'sales', refs: [] }, includeFromParent: ['id'] } as never], [['sales', 'customer_id', 'customers', 'id']]);
    expect(refs.map((r) => `${r.table}.${r.columns} → ${r.references.table}.${r.references.columns}`)).toEqual(['fulfillments._sales_id → sales.id', 'sales.customer_id → customers.id']);
  });
});
