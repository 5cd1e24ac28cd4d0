/**
 * Exports that would be empty or misleading download nothing and say why where the click was: in
 * the table's row (a status; an alert for a failed table) for every registered format, and under
 * "Export all" for a store with no rows. "Export all" leaves empty tables out and README.txt names
 * them. Checked in the real extension against the local API.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from '@e965/xlsx';
import { unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_FORMATS } from '@/lib/export';
import { SMALL_SIZES, startRetailServer, type RetailServer } from '../server';
import { accessibilityProblemsInBothSchemes } from './axe';
import { launchExtension, waitForDownloads, type ExtensionBrowser } from './browser';
import { configure, openPopup, syncAll } from './flows';

const EXPORT_ALL = ['Export all (ZIP)', 'Export all (Excel)', 'Export all (Parquet)'];
/** A store with no rows at all. */
let empty: RetailServer;
/** A small store whose tags table is empty. */
let store: RetailServer;
let ext: ExtensionBrowser;
let popup: Page;

beforeAll(async () => {
  empty = await startRetailServer({ dataset: 'empty' });
  store = await startRetailServer({ dataset: { ...SMALL_SIZES, tags: 0 } });
  ext = await launchExtension();
});
afterAll(async () => {
  await ext?.close();
  await empty?.close();
  await store?.close();
});

async function downloadCount(): Promise<number> {
  const sw = await ext.worker();
  return ((await sw.evaluate(() => (globalThis as any).chrome.downloads.search({}))) as unknown[]).length;
}

async function reopenPopup(): Promise<Page> {
  await popup?.close();
  popup = await openPopup(ext);
  await popup.locator('[data-resource]').first().waitFor();
  return popup;
}

const row = (table: string) => popup.locator(`[data-resource="${table}"]`);

/** Clicks every registered format's button for `table` and returns each time what its row said. */
async function refusedInRow(table: string, role: 'status' | 'alert'): Promise<string[]> {
  const said: string[] = [];
  for (const format of EXPORT_FORMATS) {
    await popup.getByRole('button', { name: `Export ${table} as ${format.label}`, exact: true }).click();
    const message = row(table).getByRole(role);
    await expect.poll(async () => (message.count().then((n) => (n === 1 ? message.textContent() : `${n} elements`)))).toMatch(/^Nothing/);
    said.push(((await message.textContent()) ?? '').trim());
  }
  return said;
}

/** Nothing new reaches the downloads list (given time to start). */
async function expectNoDownloadSince(before: number): Promise<void> {
  await popup.waitForTimeout(1000);
  expect(await downloadCount()).toBe(before);
}

describe('exports with nothing to give', () => {
  it('a table never synced: every format downloads nothing, and a status in its row says to sync first', async () => {
    await configure(ext, { baseUrl: empty.url, token: empty.token, tables: ['outlets', 'customers', 'sales'] });
    await reopenPopup();
    const before = await downloadCount();
    for (const text of await refusedInRow('customers', 'status')) expect(text).toBe('Nothing to export: customers has not been synced yet. Click Sync now first.');
    expect(await row('customers').getByRole('alert').count()).toBe(0);
    await expectNoDownloadSince(before);
  });

  it('"Export all" before any sync: says so under the buttons, for every kind, and downloads nothing', async () => {
    const before = await downloadCount();
    const footer = popup.getByRole('contentinfo');
    for (const label of EXPORT_ALL) {
      await popup.getByRole('button', { name: label }).click();
      await expect.poll(async () => (await footer.getByRole('status').textContent()) ?? '').toMatch(/^Nothing to export yet: no table has any rows/);
    }
    expect(await footer.getByRole('status').count()).toBe(1);
    expect(await accessibilityProblemsInBothSchemes(popup, 'exports refused', 'test-results/popup-export-refused')).toEqual([]);
    await expectNoDownloadSince(before);
  });

  it('an empty store, synced: each table says the store has none of its rows, "Export all" says there is nothing', async () => {
    await syncAll(popup, 60_000);
    // The sync made the earlier messages stale: they are gone.
    await expect.poll(() => popup.getByRole('status').filter({ hasText: 'Nothing to export' }).count()).toBe(0);
    const before = await downloadCount();
    for (const text of await refusedInRow('sales', 'status')) expect(text).toBe('Nothing to export: the store has no sales rows.');
    await popup.getByRole('button', { name: 'Export all (ZIP)' }).click();
    await popup.getByRole('contentinfo').getByRole('status').filter({ hasText: 'Nothing to export yet' }).waitFor();
    await expectNoDownloadSince(before);
  });

  it('a table whose sync failed: an alert in its row for every format, nothing downloaded; its earlier rows only when asked', async () => {
    await configure(ext, { baseUrl: store.url, token: store.token, tables: ['outlets', 'tags', 'customers'] });
    await reopenPopup();
    await syncAll(popup, 60_000);
    store.addFaults([{ path: '/api/2.0/customers', status: 500, times: 100 }]);
    await syncAll(popup, 60_000);
    await expect.poll(() => row('customers').getAttribute('data-state')).toBe('error');
    const before = await downloadCount();
    for (const text of await refusedInRow('customers', 'alert')) {
      expect(text).toMatch(/^Nothing exported: the last sync of customers failed, so customers may be incomplete\./);
      // The row's own error stays in the same, single alert.
      expect(text).toMatch(/server error/);
    }
    await expectNoDownloadSince(before);

    const visible = store.rows('customers').length;
    const last = EXPORT_FORMATS[EXPORT_FORMATS.length - 1].label;
    await row('customers').getByRole('button', { name: `Export the ${visible} stored rows as ${last} anyway` }).waitFor();
    await popup.getByRole('button', { name: `Export customers as JSON`, exact: true }).click();
    await row('customers').getByRole('button', { name: `Export the ${visible} stored rows as JSON anyway` }).click();
    const files = await waitForDownloads(ext, before + 1);
    const json = files.find((f) => path.basename(f.filename).startsWith('customers-') && f.filename.endsWith('.json'));
    expect(json, 'customers JSON downloaded').toBeDefined();
    expect(JSON.parse(fs.readFileSync(json!.filename, 'utf8'))).toHaveLength(visible);
    store.clearFaults();
  });

  it('"Export all" leaves empty tables out (README.txt names them) and the workbook has no sheet for them', async () => {
    await syncAll(popup, 60_000);
    expect(store.rows('tags')).toHaveLength(0);
    let count = await downloadCount();
    await popup.getByRole('button', { name: 'Export all (ZIP)' }).click();
    const files = await waitForDownloads(ext, ++count);
    const zip = files.find((f) => /retail-export-[\d-]+\.zip$/.test(f.filename))!;
    const entries = unzipSync(new Uint8Array(fs.readFileSync(zip.filename)));
    const names = Object.keys(entries);
    expect(names.some((n) => n.startsWith('outlets-'))).toBe(true);
    expect(names.some((n) => n.startsWith('customers-'))).toBe(true);
    expect(names.some((n) => n.startsWith('tags-'))).toBe(false);
    expect(new TextDecoder().decode(entries['README.txt'])).toContain('Left out because they have no rows: tags.');

    await popup.getByRole('button', { name: 'Export all (Excel)' }).click();
    const book = (await waitForDownloads(ext, ++count)).find((f) => f.filename.endsWith('.xlsx'))!;
    const wb = XLSX.read(fs.readFileSync(book.filename), { type: 'buffer' });
    const index = XLSX.utils.sheet_to_json<Record<string, unknown>>(wb.Sheets[wb.SheetNames[0]], { raw: true });
    expect(index.map((r) => r.table)).toContain('customers');
    expect(index.map((r) => r.table)).not.toContain('tags');
  });
});
