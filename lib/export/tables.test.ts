import { describe, expect, it } from 'vitest';
import { buildDataset, resolveSizes } from '@/test/server/dataset';
import { ShapeCollector, tableView, type TablePlan } from './tables';
import { csvFormat } from './csv';
import { jsonFormat } from './json';
import { exportTables, scanShape } from './resource-tables';
import { blobText, joinBack, sourceOf } from './test-helpers';
import { exportZip } from './zip';
import { unzipSync } from 'fflate';
import type { Row } from './types';

const sale: Row = {
  id: 's1',
  total: 12.5,
  customer: { name: 'Zoë' },
  line_items: [
    { id: 'l1', qty: 1, tax_components: [{ rate_id: 'r1', total_tax: 1.5 }] },
    { id: 'l2', qty: 2, tax_components: [{ rate_id: 'r1', total_tax: 0.5 }, { rate_id: 'r2', total_tax: 0.25 }] },
  ],
  payments: [{ id: 'p1', amount: 12.5 }],
  tags: ['a', 'b'],
  attributes: [],
};

function tablesOf(plan: TablePlan, rows: Row[]) {
  const shape = new ShapeCollector(plan);
  for (const row of rows) shape.add(row);
  return shape.shapes().map((s) => {
    const view = tableView(plan, s.path);
    return { ...s, view, keyColumns: view.primaryKey, parentColumns: view.parent?.columns ?? [], records: rows.flatMap((r) => view.records(r)) };
  });
}

describe('child tables: names, keys and positions (dlt normalisation)', () => {
  it('names child tables <parent>__<list> and gives each row the parent key and _idx', () => {
    const tables = tablesOf({ root: 'sales', primaryKey: ['id'] }, [sale]);
    expect(tables.map((t) => [t.name, t.columns])).toEqual([
      ['sales', ['id', 'total', 'customer.name']],
      ['sales__line_items', ['_sales_id', '_idx', 'id', 'qty']],
      ['sales__line_items__tax_components', ['_sales_id', '_line_items_idx', '_idx', 'rate_id', 'total_tax']],
      ['sales__payments', ['_sales_id', '_idx', 'id', 'amount']],
      ['sales__tags', ['_sales_id', '_idx', 'value']],
    ]);
    const [, items, components, , tags] = tables;
    expect(items.records.map((r) => ({ ...r }))).toEqual([
      { _sales_id: 's1', _idx: 0, id: 'l1', qty: 1 },
      { _sales_id: 's1', _idx: 1, id: 'l2', qty: 2 },
    ]);
    expect(components.records.map((r) => [r._sales_id, r._line_items_idx, r._idx, r.total_tax])).toEqual([
      ['s1', 0, 0, 1.5],
      ['s1', 1, 0, 0.5],
      ['s1', 1, 1, 0.25],
    ]);
    expect(components.view.parent).toEqual({ table: 'sales__line_items', columns: ['_sales_id', '_line_items_idx'], references: ['_sales_id', '_idx'] });
    expect(tags.records.map((r) => r.value)).toEqual(['a', 'b']);
  });

  it('the parent table keeps its other columns and loses its lists', () => {
    const [root] = tablesOf({ root: 'sales', primaryKey: ['id'] }, [sale]);
    expect(root.records.map((r) => ({ ...r }))).toEqual([{ id: 's1', total: 12.5, 'customer.name': 'Zoë' }]);
  });

  it('links to every part of a composite parent key', () => {
    const plan = { root: 'consignment_products', primaryKey: ['_consignments_id', 'product_id'] };
    const [, child] = tablesOf(plan, [{ _consignments_id: 'c1', product_id: 'p1', batches: [{ code: 'B1' }] }]);
    expect(child.name).toBe('consignment_products__batches');
    expect(child.view.primaryKey).toEqual(['_consignment_products__consignments_id', '_consignment_products_product_id', '_idx']);
    expect({ ...child.records[0] }).toEqual({ _consignment_products__consignments_id: 'c1', _consignment_products_product_id: 'p1', _idx: 0, code: 'B1' });
  });

  it('keeps a field named like a key column apart from the key column', () => {
    const [, child] = tablesOf({ root: 't', primaryKey: ['id'] }, [{ id: 1, items: [{ _idx: 'mine', _t_id: 'also mine', value: 'v' }] }]);
    expect(child.columns).toEqual(['_t_id', '_idx', "['_idx']", "['_t_id']", 'value']);
    expect({ ...child.records[0] }).toEqual({ _t_id: 1, _idx: 0, "['_idx']": 'mine', "['_t_id']": 'also mine', value: 'v' });
  });

  it('nests lists of lists one level further, as dlt does (…__list)', () => {
    const tables = tablesOf({ root: 'g', primaryKey: ['id'] }, [{ id: 1, grid: [[1, 2], [3]] }]);
    expect(tables.map((t) => t.name)).toEqual(['g', 'g__grid', 'g__grid__list']);
    expect(tables[2].records.map((r) => [r._grid_idx, r._idx, r.value])).toEqual([
      [0, 0, 1],
      [0, 1, 2],
      [1, 0, 3],
    ]);
  });

  it('makes no table for a list that is always empty, and keeps lists as JSON text for a table without a key', () => {
    expect(tablesOf({ root: 'sales', primaryKey: ['id'] }, [sale]).some((t) => t.name === 'sales__attributes')).toBe(false);
    const tables = tablesOf({ root: 'log', primaryKey: [] }, [sale]);
    expect(tables.map((t) => t.name)).toEqual(['log']);
    expect(tables[0].records[0].tags).toBe('["a","b"]');
  });

  it('gives ambiguous list names a quoted segment, so no two lists share a table', () => {
    const tables = tablesOf({ root: 't', primaryKey: ['id'] }, [{ id: 1, a__b: [1], a: { b: [2] }, 'x_': [3] }]);
    expect(tables.map((t) => t.name)).toEqual(['t', "t__['a__b']", 't__a__b', "t__['x_']"]);
  });
});

describe('max_table_nesting (dlt tests/normalize/test_max_nesting.py)', () => {
  // dlt's `third_resource_with_nested_data` case.
  const row = {
    id: 1,
    payload: {
      f_int: 7817289713,
      hints: [{ f_bool: 'bool', f_float: [{ cond: 'precision > 4', comments: [{ text: 'bla', author: 'bart' }] }] }],
    },
    params: [{ id: 1, q: 'search' }, { id: 2, q: 'hashtag-search' }],
  };
  const names = (maxTableNesting?: number) => tablesOf({ root: 'third', primaryKey: ['id'], maxTableNesting }, [row]).map((t) => t.name);

  it('gives dlt’s tables at every level', () => {
    expect(names(0)).toEqual(['third']);
    expect(names(1)).toEqual(['third', 'third__params']);
    expect(names(2)).toEqual(['third', 'third__payload__hints', 'third__payload__hints__f_float', 'third__params']);
    expect(names(3)).toEqual(['third', 'third__payload__hints', 'third__payload__hints__f_float', 'third__payload__hints__f_float__comments', 'third__params']);
    expect(names(undefined)).toEqual(names(1000));
    expect(names(1000)).toEqual(names(3));
  });

  it('writes what is beyond the limit as JSON text: at 0 even nested objects', () => {
    const [root0] = tablesOf({ root: 'third', primaryKey: ['id'], maxTableNesting: 0 }, [row]);
    expect(root0.records[0].payload).toBe(JSON.stringify(row.payload));
    expect(root0.records[0].params).toBe(JSON.stringify(row.params));
    const [root1] = tablesOf({ root: 'third', primaryKey: ['id'], maxTableNesting: 1 }, [row]);
    expect(root1.records[0]['payload.f_int']).toBe(7817289713);
    expect(root1.records[0]['payload.hints']).toBe(JSON.stringify(row.payload.hints));
  });
});

describe('joining child tables back gives every nested list of the demo store', () => {
  const { seed } = buildDataset(resolveSizes('default'));
  // What a join cannot tell apart: an empty list inside an element and no list (no child rows
  // either way), an empty object and null (one empty cell either way).
  const joinable = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(joinable)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v)
              .filter(([, x]) => !(Array.isArray(x) && x.length === 0))
              .map(([k, x]) => [k, x && typeof x === 'object' && !Array.isArray(x) && Object.keys(x).length === 0 ? null : joinable(x)]),
          )
        : v;
  const listsOf = (row: Row, prefix: string[] = []): [string, unknown[]][] =>
    Object.entries(row).flatMap(([k, v]): [string, unknown[]][] =>
      Array.isArray(v) ? [[[...prefix, k].join('.'), v]] : v && typeof v === 'object' ? listsOf(v as Row, [...prefix, k]) : [],
    );

  it.each(Object.keys(seed.tables))('%s: every list, value for value', (resource) => {
    const rows = seed.tables[resource as keyof typeof seed.tables];
    const tables = tablesOf({ root: resource, primaryKey: ['id'] }, rows);
    const joined = joinBack(tables);
    let lists = 0;
    for (const row of rows) {
      const got = joined.get(JSON.stringify([row.id]))!;
      for (const [path, list] of listsOf(row)) {
        lists++;
        expect(got.get(path) ?? [], `${resource} ${row.id} ${path}`).toEqual(joinable(list));
      }
    }
    if (['sales', 'products', 'quotes', 'promotions'].includes(resource)) expect(lists).toBeGreaterThan(0);
  });
});

describe('max_table_nesting from the config', () => {
  it('a resource resolved with max_table_nesting: 1 keeps lists inside nested objects as JSON text', async () => {
    const { resolveConfig } = await import('@/lib/config');
    const { tablePlanOf } = await import('./resource-tables');
    const result = resolveConfig({ client: { base_url: 'https://x.example' }, resources: [{ name: 'promos', endpoint: 'promos', primary_key: 'id', max_table_nesting: 1 }] });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const plan = tablePlanOf(result.source.resources[0]);
    expect(plan.maxTableNesting).toBe(1);
    const tables = tablesOf(plan, [{ id: 'p1', channels: ['web'], condition: { include: ['a', 'b'] } }]);
    expect(tables.map((t) => t.name)).toEqual(['promos', 'promos__channels']);
    expect(tables[0].records[0]['condition.include']).toBe('["a","b"]');
  });
});

describe('a child table\'s parent-key columns hold the parent key as the parent table writes it', () => {
  // issue 9: a bigint key was written as text in the child only (a JSON string, a Parquet VARCHAR)
  const big = 9007199254740993n;
  const rows: Row[] = [
    { id: 5, items: [{ a: 1 }] },
    { id: big, items: [{ a: 3, parts: ['x'] }] },
  ];
  const plan: TablePlan = { root: 't', primaryKey: ['id'] };
  const choices = { bom: false, includeDeleted: false, jsonFormat: 'ndjson' as const };

  it('in JSON as bare number literals and in CSV as the same digits, at every depth', async () => {
    const tables = exportTables(plan, await scanShape(plan, sourceOf(rows)), sourceOf(rows));
    const of = (name: string) => tables.find((t) => t.name === name)!;
    const lines = async (name: string) => (await blobText(await jsonFormat.build(of(name), choices))).trim().split('\n');
    expect(await lines('t')).toEqual(['{"id":5,"items":[{"a":1}]}', '{"id":9007199254740993,"items":[{"a":3,"parts":["x"]}]}']);
    expect(await lines('t__items')).toEqual(['{"_t_id":5,"_idx":0,"a":1}', '{"_t_id":9007199254740993,"_idx":0,"a":3,"parts":["x"]}']);
    expect(await lines('t__items__parts')).toEqual(['{"_t_id":9007199254740993,"_items_idx":0,"_idx":0,"value":"x"}']);
    const csv = async (name: string) => (await blobText(await csvFormat.build(of(name), choices))).trim().split(/\r?\n/);
    expect(await csv('t')).toEqual(['id', '5', '9007199254740993']);
    expect(await csv('t__items')).toEqual(['_t_id,_idx,a', '5,0,1', '9007199254740993,0,3']);
    expect(await csv('t__items__parts')).toEqual(['_t_id,_items_idx,_idx,value', '9007199254740993,0,0,x']);
  });

  it('in the ZIP data package with the same field type on both sides of the child-table reference', async () => {
    const tables = exportTables(plan, await scanShape(plan, sourceOf(rows)), sourceOf(rows));
    const zip = unzipSync(new Uint8Array(await (await exportZip(tables, {}, new Date('2024-01-01T00:00:00Z'), { references: [], info: { store: null, exportedAt: new Date('2024-01-01T00:00:00Z'), syncedAt: {}, includeDeleted: false } })).arrayBuffer()));
    const pkg = JSON.parse(new TextDecoder().decode(zip['datapackage.json']));
    const typeOf = (resource: string, field: string) => pkg.resources.find((r: { name: string }) => r.name === resource).schema.fields.find((f: { name: string }) => f.name === field).type;
    expect(typeOf('t__items', '_t_id')).toBe(typeOf('t', 'id'));
    expect(typeOf('t__items__parts', '_t_id')).toBe(typeOf('t', 'id'));
  });
});
