/**
 * The extension as a store owner uses it, in real headless Chromium against the local retail API:
 * configure in the options page, sync from the popup, export through the buttons, and compare the
 * downloaded files with the server's data record by record.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from '@e965/xlsx';
import { unzipSync } from 'fflate';
import Papa from 'papaparse';
import { needsFormulaEscape } from '@/lib/export/formula';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRetailServer, type RetailServer, type Row } from '../server';
import { launchExtension, waitForDownloads, type ExtensionBrowser } from './browser';
import { configure, openPopup, rowState, syncAll, syncStatus } from './flows';

let server: RetailServer;
let ext: ExtensionBrowser;
let popup: Page;
let downloads = 0;

const today = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/** Opens every collapsed <details> (child tables sit in one under their parent's row). */
async function openAllDetails(): Promise<void> {
  await popup.locator('details:not([open]) > summary').evaluateAll((summaries) => summaries.forEach((s) => (s as HTMLElement).click()));
}

const EXTENSIONS = { CSV: 'csv', JSON: 'json', Excel: 'xlsx' } as const;

async function exportBytes(resource: string, kind: keyof typeof EXTENSIONS): Promise<Buffer> {
  await openAllDetails();
  await popup.getByRole('button', { name: `Export ${resource} as ${kind}`, exact: true }).click();
  await waitForDownloads(ext, ++downloads);
  const file = path.join(ext.downloadDir, `${resource}-${today()}.${EXTENSIONS[kind]}`);
  expect(fs.existsSync(file), `${file} exists`).toBe(true);
  return fs.readFileSync(file);
}

async function exportFile(resource: string, kind: 'CSV' | 'JSON'): Promise<string> {
  return (await exportBytes(resource, kind)).toString('utf8');
}

/** A value as the CSV writes it (formula-looking text defused with an apostrophe). */
function csvText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' && needsFormulaEscape(value) ? `'${value}` : String(value);
}

function parseCsv(text: string): Record<string, string>[] {
  expect(text.charCodeAt(0)).toBe(0xfeff); // BOM so Excel reads UTF-8
  const parsed = Papa.parse<Record<string, string>>(text.slice(1), { header: true, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

beforeAll(async () => {
  server = await startRetailServer({ dataset: 'default' });
  ext = await launchExtension();
  await configure(ext, { baseUrl: server.url, token: server.token });
  popup = await openPopup(ext);
  const status = await syncAll(popup);
  expect(status.resources.filter((r) => r.status !== 'done').map((r) => [r.resource, r.error?.message])).toEqual([]);
});

afterAll(async () => {
  await ext?.close();
  await server?.close();
});

describe('sync and export in the real extension', () => {
  it('shows every table as done with the row counts an export gives (soft-deleted rows hidden by default)', async () => {
    const expected: Record<string, number> = {
      customers: server.rows('customers').length,
      products: server.rows('products').length,
      sales: server.rows('sales').length,
      inventory: server.rows('inventory').length,
      quotes: server.rows('quotes').length,
      audit: server.rows('security_events').length,
    };
    await popup.reload();
    for (const [name, count] of Object.entries(expected)) {
      await expect.poll(() => rowState(popup, name)).toEqual({ state: 'done', count });
    }
    expect(await popup.locator('[data-resource]').count()).toBe(24);
    // The deleted rows are stored (deleted=true) and said to be hidden.
    const hidden = server.rows('customers', { includeDeleted: true }).length - expected.customers;
    expect(hidden).toBeGreaterThan(0);
    expect(await popup.locator('[data-resource="customers"] .count-hidden').textContent()).toBe(`${hidden} deleted hidden`);
  });

  it('exports customers as CSV: accents, emoji and formula-looking text intact and safe; deleted rows left out', async () => {
    const rows = parseCsv(await exportFile('customers', 'CSV'));
    const visible = server.rows('customers');
    expect(rows.map((r) => r.id).sort()).toEqual(visible.map((r) => String(r.id)).sort());
    const byId = new Map(rows.map((r) => [r.id, r]));
    let formulas = 0;
    let nonAscii = 0;
    for (const want of visible) {
      const got = byId.get(String(want.id))!;
      for (const [field, value] of Object.entries(want)) {
        if (value === null || value === undefined) {
          expect(got[field] ?? '', `${want.id}.${field}`).toBe('');
        } else if (typeof value === 'object') {
          continue; // nested objects are flattened into dotted columns; checked for sales below
        } else if (typeof value === 'string' && needsFormulaEscape(value)) {
          formulas++;
          expect(got[field], `${want.id}.${field} escaped`).toBe(`'${value}`);
        } else {
          if (typeof value === 'string' && /[^\x00-\x7f]/.test(value)) nonAscii++;
          expect(got[field], `${want.id}.${field}`).toBe(String(value));
        }
      }
    }
    expect(formulas, 'the dataset has formula-looking text').toBeGreaterThan(0);
    expect(nonAscii, 'the dataset has accented or emoji text').toBeGreaterThan(0);
  });

  it('exports sales as CSV without its lists, which are child tables', async () => {
    const rows = parseCsv(await exportFile('sales', 'CSV'));
    const want = server.rows('sales');
    expect(rows).toHaveLength(want.length);
    const header = Object.keys(rows[0]);
    expect(header[0]).toBe('id');
    expect(header).not.toContain('line_items');
    expect(header).not.toContain('payments');
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const sale of want) {
      const got = byId.get(String(sale.id))!;
      for (const [field, value] of Object.entries(sale)) if (!Array.isArray(value)) expect(got[field], `${sale.id}.${field}`).toBe(csvText(value));
    }
  });

  it('offers the child tables under sales and exports sales__line_items as CSV, cell by cell', async () => {
    await popup.reload();
    const details = popup.locator('[data-resource="sales"] details');
    await expect.poll(() => details.locator('summary').textContent()).toContain('line items, line items › tax components, payments, taxes');
    const rows = parseCsv(await exportFile('sales__line_items', 'CSV'));
    const want = server.rows('sales').flatMap((s) => (s.line_items as Row[]).map((item, idx) => ({ _sales_id: s.id, _idx: idx, ...item })));
    expect(rows).toHaveLength(want.length);
    expect(Object.keys(rows[0]).slice(0, 2)).toEqual(['_sales_id', '_idx']);
    const byKey = new Map(rows.map((r) => [`${r._sales_id}/${r._idx}`, r]));
    for (const item of want) {
      const got = byKey.get(`${item._sales_id}/${item._idx}`)!;
      for (const [field, value] of Object.entries(item)) if (!Array.isArray(value)) expect(got[field], `${item._sales_id}/${item._idx}.${field}`).toBe(csvText(value));
      expect(Object.keys(got)).not.toContain('tax_components');
    }
  });

  it('exports a child table as JSON: each list element as the API sent it, after its key fields', async () => {
    const rows = JSON.parse(await exportFile('sales__payments', 'JSON')) as Row[];
    const want = server.rows('sales').flatMap((s) => (s.payments as Row[]).map((p, idx) => ({ _sales_id: s.id, _idx: idx, ...p })));
    expect(rows).toEqual(want);
  });

  it('exports a child table as Excel: text stays text, numbers are numbers, cell by cell', async () => {
    const wb = XLSX.read(await exportBytes('sales__line_items__tax_components', 'Excel'), { type: 'buffer' });
    expect(wb.SheetNames).toEqual(['sales__line_items__tax_componen']);
    const rows = XLSX.utils.sheet_to_json<Row>(wb.Sheets[wb.SheetNames[0]], { raw: true });
    const want = server.rows('sales').flatMap((s) =>
      (s.line_items as Row[]).flatMap((item, i) => (item.tax_components as Row[]).map((c, idx) => ({ _sales_id: s.id, _line_items_idx: i, _idx: idx, ...c }))),
    );
    expect(want.length).toBeGreaterThan(0);
    expect(rows).toEqual(want);
  });

  it('"Export all (Excel)" downloads one workbook: an index sheet, then a sheet per table with every cell as the API sent it', async () => {
    await popup.getByRole('button', { name: 'Export all (Excel)' }).click();
    await waitForDownloads(ext, ++downloads, 60_000);
    const wb = XLSX.read(fs.readFileSync(path.join(ext.downloadDir, `retail-export-${today()}.xlsx`)), { type: 'buffer' });
    expect(wb.SheetNames[0]).toBe('Tables');
    const index = XLSX.utils.sheet_to_json<Record<string, unknown>>(wb.Sheets.Tables, { raw: true });
    const sheetOf = new Map(index.map((r) => [r.table as string, r.sheet as string]));
    for (const name of ['customers', 'sales', 'sales__line_items', 'sales__payments', 'quotes', 'quotes__products', 'consignment_products']) expect(sheetOf.has(name), name).toBe(true);
    expect(wb.SheetNames.length).toBe(index.length + 1);
    const customers = XLSX.utils.sheet_to_json<Row>(wb.Sheets[sheetOf.get('customers')!], { raw: true, defval: null });
    const visible = server.rows('customers');
    expect(customers).toHaveLength(visible.length);
    const byId = new Map(customers.map((c) => [c.id, c]));
    for (const want of visible) for (const [field, value] of Object.entries(want)) expect(byId.get(want.id)![field], `${want.id}.${field}`).toEqual(value ?? null);
    const quotes = XLSX.utils.sheet_to_json<Row>(wb.Sheets[sheetOf.get('quotes')!], { raw: true });
    expect(quotes.map((q) => q.id).sort()).toEqual(server.rows('quotes').map((q) => q.id).sort());
    expect(quotes.every((q) => typeof q.id === 'string' && (q.id as string).length === 19)).toBe(true);
  });

  it('exports quotes as JSON exactly as the API returned them, 19-digit ids as strings', async () => {
    const rows = JSON.parse(await exportFile('quotes', 'JSON')) as Record<string, unknown>[];
    const want = server.rows('quotes');
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.size).toBe(want.length);
    for (const q of want) expect(byId.get(q.id)).toEqual(q);
    expect(want.every((q) => typeof q.id === 'string' && BigInt(q.id as string) > BigInt(Number.MAX_SAFE_INTEGER))).toBe(true);
  });

  it('exports a child table (fulfillments) with the parent sale id on each row', async () => {
    const rows = JSON.parse(await exportFile('fulfillments', 'JSON')) as Record<string, unknown>[];
    const want = server.rows('sales').flatMap((s) => server.rows('fulfillments', { saleId: String(s.id) }).map((f): Row => ({ ...f, _sales_id: s.id })));
    expect(want.length).toBeGreaterThan(0);
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.size).toBe(want.length);
    for (const f of want) expect(byId.get(f.id)).toEqual(f);
  });

  it('exports consignment products keyed by consignment and product', async () => {
    const rows = parseCsv(await exportFile('consignment_products', 'CSV'));
    const header = Object.keys(rows[0]);
    expect(header.slice(0, 2)).toEqual(['_consignments_id', 'product_id']);
    const want = server.rows('consignments').flatMap((c) => server.rows('consignment_products', { consignmentId: String(c.id) }).map((p): Row => ({ ...p, _consignments_id: c.id })));
    expect(rows).toHaveLength(want.length);
    const got = new Map(rows.map((r) => [`${r._consignments_id}/${r.product_id}`, r]));
    for (const p of want) expect(got.get(`${p._consignments_id}/${p.product_id}`)?.cost).toBe(p.cost); // "12.50000" stays a string
  });

  it('"Export all (ZIP)" downloads one ZIP with a CSV per table, child tables included, datapackage.json and README.txt', async () => {
    await popup.getByRole('button', { name: 'Export all (ZIP)' }).click();
    await waitForDownloads(ext, ++downloads);
    const file = path.join(ext.downloadDir, `retail-export-${today()}.zip`);
    const entries = unzipSync(new Uint8Array(fs.readFileSync(file)));
    const names = Object.keys(entries).sort();
    expect(names).toContain('datapackage.json');
    expect(names).toContain('README.txt');
    const pkg = JSON.parse(new TextDecoder().decode(entries['datapackage.json'])) as { resources: { path: string; title: string }[] };
    expect(pkg.resources.map((r) => r.path).sort()).toEqual(names.filter((n) => n.endsWith('.csv')));
    expect(pkg.resources.length).toBeGreaterThan(24);
    expect(names).toContain(`customers-${today()}.csv`);
    expect(names).toContain(`sales__line_items-${today()}.csv`);
    const readme = new TextDecoder().decode(entries['README.txt']);
    expect(readme).toContain(new URL(server.url).host);
    expect(readme).not.toContain(server.token);
    // Keep the BOM: parseCsv checks it is there.
    const customers = parseCsv(new TextDecoder('utf-8', { ignoreBOM: true }).decode(entries[`customers-${today()}.csv`]));
    expect(customers).toHaveLength(server.rows('customers').length);
  });

  it('a second "Sync now" while a sync runs joins it instead of starting another', async () => {
    server.clearRequests();
    // A slow answer keeps the first sync running while the second request arrives.
    server.addFaults([{ path: '/api/2.0/outlets', delay_ms: 1500, times: 1 }]);
    const start = () => popup.evaluate(() => (globalThis as any).chrome.runtime.sendMessage({ type: 'sync/start' }));
    const first = await start();
    const second = await start();
    expect(first.ok && first.value.running).toBe(true);
    expect(second.ok && second.value.running).toBe(true);
    await expect.poll(async () => (await syncStatus(popup)).running, { timeout: 60_000 }).toBe(false);
    // One incremental run asks outlets once (nothing changed: one empty page after the stored version).
    expect(server.requests().filter((e) => e.path === '/api/2.0/outlets')).toHaveLength(1);
  });

  it('looks like a tidy extension (screenshots for review)', async () => {
    fs.mkdirSync('test-results', { recursive: true });
    await popup.reload();
    await popup.locator('[data-resource]').first().waitFor();
    await popup.screenshot({ path: 'test-results/popup.png' });
    const options = await ext.context.newPage();
    await options.setViewportSize({ width: 1000, height: 1400 });
    await options.goto(`chrome-extension://${ext.extensionId}/options.html`);
    await options.getByLabel('Store URL').waitFor();
    await options.screenshot({ path: 'test-results/options.png', fullPage: true });
    expect(fs.statSync('test-results/popup.png').size).toBeGreaterThan(5000);
  });
});
