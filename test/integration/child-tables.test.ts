/**
 * Child tables over the built-in preset, end to end in Node: the engine syncs the demo store
 * (fake-indexeddb, real fetch against the local retail API), records every resource's tables as
 * it commits pages, and the exporters write them. Joining each child table's CSV back on its key
 * columns gives every nested list of every preset table, value for value, and "Export all"
 * describes the ZIP with a valid data package whose declared keys all resolve.
 */
import 'fake-indexeddb/auto';
import fs from 'node:fs';
import Ajv from 'ajv-draft-04';
import { unzipSync } from 'fflate';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRESET_REFERENCES, RETAIL_PRESET, resolveConfig } from '@/lib/config';
import type { ResolvedResource, ResolvedSource } from '@/lib/config/types';
import { exportCsv, exportTables, exportZip, knownReferences, scanShape, tablePlanOf, type ExportTable } from '@/lib/export';
import { needsFormulaEscape } from '@/lib/export/formula';
import { blobText, joinBack } from '@/lib/export/test-helpers';
import { HttpClient, RateLimitBudget, sourceClientOptions } from '@/lib/http';
import { Store, type Row } from '@/lib/store';
import { runSync } from '@/lib/sync/engine';
import { startRetailServer, type RetailServer } from '../server';

let server: RetailServer;
let store: Store;
let source: ResolvedSource;

beforeAll(async () => {
  server = await startRetailServer({ dataset: 'default' });
  const result = resolveConfig({ ...RETAIL_PRESET, client: { ...RETAIL_PRESET.client, base_url: server.url } });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  // Pages of 100 rows: the shapes are recorded page by page, across many commits.
  source = { ...result.source, resources: result.source.resources.map((r) => (r.params.page_size === 500 ? { ...r, params: { ...r.params, page_size: 100 } } : r)) };
  store = await Store.open('child-tables');
  let t = Date.now();
  const clock = { now: () => t, sleep: async (ms: number) => void (t += ms) };
  const http = new HttpClient({ ...sourceClientOptions(source, server.token), budget: new RateLimitBudget(clock), ...clock });
  const run = await runSync({ source, selected: source.resources.map((r) => r.name), store, http, signal: new AbortController().signal, concurrency: 3 });
  expect(Object.entries(run.resources).filter(([, s]) => s.status !== 'done')).toEqual([]);
});
afterAll(() => server.close());

function batches(name: string) {
  return () => store.iterateRows(name);
}

async function tablesOf(r: ResolvedResource): Promise<ExportTable[]> {
  const state = await store.tableState(r.name);
  expect(state.shape, `${r.name} shape recorded`).toBeDefined();
  return exportTables(tablePlanOf(r), state.shape!.tables, batches(r.name));
}

/** A value as the CSV writes it. */
function csvCell(v: unknown): unknown {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map(csvCell);
  if (typeof v === 'object') {
    const entries = Object.entries(v as Row).filter(([, x]) => !(Array.isArray(x) && x.length === 0));
    return Object.fromEntries(entries.map(([k, x]) => [k, x && typeof x === 'object' && !Array.isArray(x) && Object.keys(x).length === 0 ? '' : csvCell(x)]));
  }
  const text = String(v);
  return typeof v === 'string' && needsFormulaEscape(text) ? `'${text}` : text;
}

function listsOf(row: Row, prefix: string[] = []): [string, unknown[]][] {
  return Object.entries(row).flatMap(([k, v]): [string, unknown[]][] =>
    Array.isArray(v) ? [[[...prefix, k].join('.'), v]] : v && typeof v === 'object' ? listsOf(v as Row, [...prefix, k]) : [],
  );
}

describe('child tables of the built-in preset (demo store)', () => {
  it('the shapes recorded page by page equal one scan of the stored rows', async () => {
    for (const r of source.resources) {
      const recorded = (await store.tableState(r.name)).shape!.tables;
      expect(recorded, r.name).toEqual(await scanShape(tablePlanOf(r), batches(r.name)));
    }
    const sales = (await store.tableState('sales')).shape!.tables.map((t) => t.name);
    expect(sales).toEqual(['sales', 'sales__line_items', 'sales__line_items__tax_components', 'sales__payments', 'sales__taxes']);
  });

  it('joining every child table’s CSV back on its key columns gives every nested list, value for value', async () => {
    let lists = 0;
    for (const r of source.resources) {
      const tables = await tablesOf(r);
      const shapes = (await store.tableState(r.name)).shape!.tables;
      const parsed = [];
      for (const t of tables) {
        const text = await blobText(await exportCsv(t.source, { primaryKey: t.primaryKey, columns: t.columns, records: t.records, includeDeleted: true }));
        const rows = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data;
        // A CSV cell cannot tell an absent field from an empty one; keep what the record had.
        const records = rows.map((row) => Object.fromEntries(Object.entries(row).filter(([c, v]) => v !== '' || t.primaryKey.includes(c))));
        parsed.push({ name: t.name, path: shapes.find((s) => s.name === t.name)!.path, keyColumns: t.primaryKey, parentColumns: t.parent?.columns ?? [], records });
      }
      const joined = joinBack(parsed);
      for (const row of await collect(r.name)) {
        const got = joined.get(JSON.stringify(r.primaryKey.map((k) => String(row[k]))));
        for (const [path, list] of listsOf(row)) {
          lists++;
          const want = csvCell(list) as unknown[];
          // An empty cell in a list element reads back as an absent field.
          expect(got?.get(path) ?? [], `${r.name} ${JSON.stringify(row.id)} ${path}`).toEqual(dropEmpty(want));
        }
      }
    }
    expect(lists).toBeGreaterThan(1000);
  });

  it('"Export all" writes every table with a data package that validates and whose keys resolve', async () => {
    const tables = (await Promise.all(source.resources.map(tablesOf))).flat();
    const date = new Date(2024, 0, 2);
    const blob = await exportZip(tables, {}, date, {
      references: knownReferences(source.resources, PRESET_REFERENCES),
      info: { store: '127.0.0.1', exportedAt: date, syncedAt: {}, includeDeleted: false },
    });
    const files = unzipSync(new Uint8Array(await blob.arrayBuffer()));
    const pkg = JSON.parse(new TextDecoder().decode(files['datapackage.json']));
    const validate = new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(JSON.parse(fs.readFileSync('test/fixtures/frictionless/tabular-data-package.json', 'utf8')));
    expect(validate(pkg), JSON.stringify(validate.errors)).toBe(true);
    expect(pkg.resources).toHaveLength(tables.length);
    expect(tables.length).toBeGreaterThan(24);
    const csv = (path: string) => Papa.parse<Record<string, string>>(new TextDecoder().decode(files[path]).replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data;
    const byName = new Map<string, { path: string; schema: { primaryKey?: string[]; foreignKeys?: { fields: string[]; reference: { resource: string; fields: string[] } }[] } }>(pkg.resources.map((r: { name: string }) => [r.name, r]));
    let declared = 0;
    for (const [name, res] of byName) {
      for (const fk of res.schema.foreignKeys ?? []) {
        declared++;
        const target = new Set(csv(byName.get(fk.reference.resource)!.path).map((row) => JSON.stringify(fk.reference.fields.map((f) => row[f]))));
        for (const row of csv(res.path)) {
          const values = fk.fields.map((f) => row[f]);
          if (values.every((v) => v !== '')) expect(target.has(JSON.stringify(values)), `${name} ${fk.fields}=${values}`).toBe(true);
        }
      }
    }
    expect(declared).toBeGreaterThan(10);
    const readme = new TextDecoder().decode(files['README.txt']);
    expect(readme).toContain('fulfillments._sales_id -> sales.id: declared as a foreign key');
  });
});

async function collect(name: string): Promise<Row[]> {
  const out: Row[] = [];
  for await (const batch of store.iterateRows(name)) out.push(...batch);
  return out;
}

function dropEmpty(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(dropEmpty);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== '').map(([k, x]) => [k, dropEmpty(x)]));
  return v;
}
