/**
 * Issue 14 in the real extension: "Export as dlt pipeline" on the options page downloads the
 * Python project, and "Export <table> as Parquet" / "Export all (Parquet)" in the popup download
 * files that DuckDB reads back equal to the server's rows.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flattenLeaves } from '@/lib/export/flatten';
import { ColumnKinds } from '@/lib/export/parquet-columns';
import { stringifyJson } from '@/lib/json-text';
import { readParquetFile } from '../readers/parquet';
import { startRetailServer, type RetailServer, type Row } from '../server';
import { launchExtension, waitForDownloads, type ExtensionBrowser } from './browser';
import { configure, openPopup, syncAll } from './flows';
import { EXPECTED_ZIP_ENTRIES } from '@/lib/dlt-pipeline/test-helpers';

let server: RetailServer;
let ext: ExtensionBrowser;
let options: Page;
let popup: Page;
let downloads = 0;

const today = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

async function download(page: Page, button: string, file: string): Promise<string> {
  await page.getByRole('button', { name: button, exact: true }).click();
  await waitForDownloads(ext, ++downloads);
  const full = path.join(ext.downloadDir, file);
  expect(fs.existsSync(full), `${file} downloaded`).toBe(true);
  return full;
}

/** Every value DuckDB read equals the server's row, column by column, through the type each column got. */
/** A row of a table with a primary key as its own table holds it: its lists are child tables. */
function withoutLists(row: Row): Row {
  return Object.fromEntries(Object.entries(row).filter(([, v]) => !Array.isArray(v)));
}

function expectRowsEqual(read: Record<string, unknown>[], want: Row[], key: string) {
  const kinds = new ColumnKinds([key]);
  for (const row of want) kinds.observe(flattenLeaves(row));
  const byKey = new Map(read.map((r) => [r[key], r]));
  expect(byKey.size).toBe(want.length);
  for (const row of want) {
    const flat = flattenLeaves(row);
    const got = byKey.get(flat[key])!;
    for (const { name, kind } of kinds.columns()) {
      const v = flat[name];
      const expected =
        v === null || v === undefined ? null : kind === 'int64' ? BigInt(v as number) : kind === 'json' || (kind === 'string' && typeof v === 'object') ? stringifyJson(v) : kind === 'string' ? String(v) : v;
      expect(got[name], `${String(flat[key])}.${name}`).toEqual(expected);
    }
  }
}

beforeAll(async () => {
  server = await startRetailServer({ dataset: 'default' });
  ext = await launchExtension();
  options = await configure(ext, { baseUrl: server.url, token: server.token });
  popup = await openPopup(ext);
  const status = await syncAll(popup);
  expect(status.resources.filter((r) => r.status !== 'done').map((r) => r.resource)).toEqual([]);
});

afterAll(async () => {
  await ext?.close();
  await server?.close();
});

describe('Export as dlt pipeline (options page, Advanced)', () => {
  it('downloads dlt-pipeline….zip: a project for this store, with the token nowhere in it, that Python compiles', async () => {
    const file = await download(options, 'Export as dlt pipeline', `dlt-pipeline-${today()}.zip`);
    expect(path.basename(file).startsWith('dlt-pipeline')).toBe(true);
    const entries = unzipSync(new Uint8Array(fs.readFileSync(file)));
    const text = Object.fromEntries(Object.entries(entries).map(([name, bytes]) => [name, strFromU8(bytes)]));
    expect(Object.keys(text).sort()).toEqual(EXPECTED_ZIP_ENTRIES);
    for (const [name, content] of Object.entries(text)) expect(content, name).not.toContain(server.token);
    expect(text['dlt-pipeline/.dlt/config.toml']).toContain(`store_url = "${server.url}"`);
    expect(text['dlt-pipeline/requirements.txt']).toMatch(/^dlt\[duckdb\]==\d+\.\d+\.\d+\n$/);

    const dir = fs.mkdtempSync(path.join(ext.downloadDir, 'project-'));
    fs.writeFileSync(path.join(dir, 'pipeline.py'), text['dlt-pipeline/pipeline.py']);
    const resources = execFileSync(
      'python3',
      ['-c', 'import ast, py_compile, sys; py_compile.compile(sys.argv[1], doraise=True); t = ast.parse(open(sys.argv[1]).read()); c = [ast.literal_eval(n.value) for n in t.body if isinstance(n, ast.Assign) and n.targets[0].id == "CONFIG"][0]; print(len(c["resources"]), c["client"]["base_url"])', path.join(dir, 'pipeline.py')],
      { encoding: 'utf8' },
    );
    expect(resources.trim()).toBe(`24 ${server.url}`);
  });
});

describe('Parquet exports (popup)', () => {
  it('"Export sales as Parquet" downloads sales….parquet that DuckDB reads back equal to the server, value for value', async () => {
    const file = await download(popup, 'Export sales as Parquet', `sales-${today()}.parquet`);
    const { rows, types } = await readParquetFile(file);
    expect(types).toMatchObject({ id: 'VARCHAR', version: 'BIGINT', total_price: 'DOUBLE' });
    // Lists are child tables (sales__line_items, …), as in CSV and Excel.
    expect(types.line_items).toBeUndefined();
    expectRowsEqual(rows, server.rows('sales').map(withoutLists), 'id');
  });

  it('"Export quotes as Parquet" keeps the 19-digit ids as text', async () => {
    const file = await download(popup, 'Export quotes as Parquet', `quotes-${today()}.parquet`);
    const { rows, types } = await readParquetFile(file);
    expect(types.id).toBe('VARCHAR');
    const want = server.rows('quotes');
    expect(want.every((q) => typeof q.id === 'string' && (q.id as string).length === 19)).toBe(true);
    expectRowsEqual(rows, want.map(withoutLists), 'id');
  });

  it('"Export all (Parquet)" downloads a ZIP with a .parquet file per table, child tables included', async () => {
    const file = await download(popup, 'Export all (Parquet)', `retail-export-parquet-${today()}.zip`);
    const entries = unzipSync(new Uint8Array(fs.readFileSync(file)));
    expect(Object.keys(entries).length).toBeGreaterThan(24);
    expect(Object.keys(entries)).toContain(`sales__line_items-${today()}.parquet`);
    expect(Object.keys(entries).every((name) => name.endsWith(`-${today()}.parquet`))).toBe(true);
    const customers = path.join(ext.downloadDir, 'customers-from-zip.parquet');
    fs.writeFileSync(customers, entries[`customers-${today()}.parquet`]);
    expect((await readParquetFile(customers)).rows).toHaveLength(server.rows('customers').length);
  });
});

describe('looks', () => {
  it('screenshots of the popup footer and the Advanced section for review', async () => {
    fs.mkdirSync('test-results', { recursive: true });
    await popup.screenshot({ path: 'test-results/popup-parquet.png' });
    await options.setViewportSize({ width: 1000, height: 900 });
    await options.getByRole('button', { name: 'Export as dlt pipeline', exact: true }).scrollIntoViewIfNeeded();
    await options.screenshot({ path: 'test-results/options-pipeline.png' });
    expect(fs.statSync('test-results/options-pipeline.png').size).toBeGreaterThan(5000);
  });
});
