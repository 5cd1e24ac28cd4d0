/**
 * The extension as a store owner uses it, in real headless Chromium against the local retail API:
 * configure in the options page, sync from the popup, export through the buttons, and compare the
 * downloaded files with the server's data record by record.
 */
import fs from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import Papa from 'papaparse';
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

async function exportFile(resource: string, kind: 'CSV' | 'JSON'): Promise<string> {
  await popup.getByRole('button', { name: `Export ${resource} as ${kind}`, exact: true }).click();
  await waitForDownloads(ext, ++downloads);
  const file = path.join(ext.downloadDir, `${resource}-${today()}.${kind.toLowerCase()}`);
  expect(fs.existsSync(file), `${file} exists`).toBe(true);
  return fs.readFileSync(file, 'utf8');
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
        } else if (typeof value === 'string' && /^[=+\-@\t\r]/.test(value) && !/^-?\d+(\.\d+)?$/.test(value)) {
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

  it('exports sales as CSV with nested objects flattened and arrays as JSON text', async () => {
    const rows = parseCsv(await exportFile('sales', 'CSV'));
    const want = server.rows('sales');
    expect(rows).toHaveLength(want.length);
    const header = Object.keys(rows[0]);
    expect(header[0]).toBe('id');
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const sale of want) {
      const got = byId.get(String(sale.id))!;
      expect(JSON.parse(got.line_items)).toEqual(sale.line_items);
      expect(JSON.parse(got.payments)).toEqual(sale.payments);
      expect(Number(got.total_price)).toBe(sale.total_price);
    }
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

  it('"Export all (ZIP)" downloads one ZIP with a CSV per table', async () => {
    await popup.getByRole('button', { name: 'Export all (ZIP)' }).click();
    await waitForDownloads(ext, ++downloads);
    const file = path.join(ext.downloadDir, `retail-export-${today()}.zip`);
    const entries = unzipSync(new Uint8Array(fs.readFileSync(file)));
    const names = Object.keys(entries).sort();
    expect(names).toHaveLength(24);
    expect(names).toContain(`customers-${today()}.csv`);
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
