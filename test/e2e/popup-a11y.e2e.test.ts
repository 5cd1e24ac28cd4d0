/**
 * The popup for people who use a screen reader, the keyboard or dark mode: axe-core finds no
 * violation in any state a store owner meets (first run, never synced, syncing, done, a failed
 * table, a sync that failed as a whole, the rate limit holding requests, an export refused), in
 * light and dark; progress is announced through one polite live region; "Export all" comes right
 * after the sync controls in the tab order. Screenshots of each state go to test-results/.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRetailServer, type RetailServer } from '../server';
import { accessibilityProblemsInBothSchemes } from './axe';
import { launchExtension, type ExtensionBrowser } from './browser';
import { configure, openPopup, waitForSyncEnd } from './flows';

let server: RetailServer;
/** A store whose rate limit allows 3 requests per 10 s: a sync soon waits on it. */
let limited: RetailServer;
let ext: ExtensionBrowser;
let popup: Page;

beforeAll(async () => {
  server = await startRetailServer({ dataset: 'small' });
  limited = await startRetailServer({ dataset: 'small', quota: 3, windowS: 10 });
  ext = await launchExtension();
});
afterAll(async () => {
  await ext?.close();
  await server?.close();
  await limited?.close();
});

const shot = (state: string) => `test-results/popup-${state}`;

async function freshPopup(): Promise<Page> {
  await popup?.close();
  popup = await openPopup(ext);
  await popup.locator('.popup:not([aria-busy])').waitFor();
  return popup;
}

/** The one polite live region's text (and a check that there is exactly one). */
async function announced(page: Page): Promise<string> {
  const regions = page.locator('[aria-live="polite"]');
  expect(await regions.count()).toBe(1);
  return ((await regions.textContent()) ?? '').trim();
}

/**
 * The controls Tab reaches from the top of a freshly loaded page, in order (accessible names), up
 * to and including `until`.
 */
async function tabOrder(page: Page, until: string, limit = 200): Promise<string[]> {
  await page.reload();
  await page.locator('[data-resource]').first().waitFor();
  const order: string[] = [];
  while (order.length < limit && order.at(-1) !== until) {
    await page.keyboard.press('Tab');
    order.push(await page.evaluate(() => (document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent ?? '').trim()));
  }
  return order;
}

describe('popup accessibility (axe-core, light and dark)', () => {
  it('first run, no store connected: no violations', async () => {
    const page = await freshPopup();
    await page.getByRole('button', { name: 'Connect your store' }).waitFor();
    expect(await accessibilityProblemsInBothSchemes(page, 'first run', shot('first-run'))).toEqual([]);
  });

  it('connected, never synced: no violations, and "Export all" is the tab stop right after "Sync now"', async () => {
    await configure(ext, { baseUrl: server.url, token: server.token });
    const page = await freshPopup();
    await page.locator('[data-resource]').first().waitFor();
    expect(await accessibilityProblemsInBothSchemes(page, 'never synced')).toEqual([]);
    // Before: tab stop 122, behind every row's buttons.
    const order = await tabOrder(page, 'Export customers as CSV');
    expect(order.slice(0, 5)).toEqual(['Sync now', 'Export all (ZIP)', 'Export all (Excel)', 'Export all (Parquet)', 'Settings']);
    expect(order.length).toBe(6);
  });

  it('syncing: no violations; the live region says the sync runs, without counting requests', async () => {
    const page = await freshPopup();
    await page.locator('[data-resource]').first().waitFor();
    expect(await announced(page)).toBe('');
    // A slow page keeps the sync running long enough to look at it.
    server.addFaults([{ path: '/api/2.0/sales', delay_ms: 6000, times: 1 }]);
    const since = Date.now();
    await page.getByRole('button', { name: 'Sync now' }).click();
    await page.getByRole('button', { name: 'Cancel' }).waitFor();
    await expect.poll(() => announced(page)).toMatch(/^Syncing: \d+ of 24 tables finished/);
    expect(await accessibilityProblemsInBothSchemes(page, 'syncing', shot('syncing'))).toEqual([]);
    await waitForSyncEnd(page, since);
    await expect.poll(() => announced(page)).toMatch(/^Sync finished: 24 tables · [\d,]+ rows/);
    server.clearFaults();
  });

  it('done: no violations, with a table’s child tables opened', async () => {
    const page = await freshPopup();
    await page.locator('[data-resource="sales"] details summary').click();
    expect(await accessibilityProblemsInBothSchemes(page, 'done', shot('done'))).toEqual([]);
  });

  it('a table that failed: no violations with its alert and details open', async () => {
    await configure(ext, { baseUrl: server.url, token: server.token, tables: ['outlets', 'customers', 'sales', 'fulfillments'] });
    server.addFaults([{ path: '/api/2.0/customers', status: 500, times: 100 }]);
    const page = await freshPopup();
    const since = Date.now();
    await page.getByRole('button', { name: 'Sync now' }).click();
    await waitForSyncEnd(page, since, 60_000);
    const row = page.locator('[data-resource="customers"]');
    await row.getByRole('alert').waitFor();
    await row.getByText('Details').click();
    expect(await accessibilityProblemsInBothSchemes(page, 'a table failed', shot('table-error'))).toEqual([]);
    server.clearFaults();
  });

  it('a sync that failed as a whole (wrong token): one alert, no violations', async () => {
    await configure(ext, { baseUrl: server.url, token: 'wrong-token-for-axe', tables: ['outlets', 'customers', 'sales', 'fulfillments'] });
    const page = await freshPopup();
    const since = Date.now();
    await page.getByRole('button', { name: 'Sync now' }).click();
    await waitForSyncEnd(page, since, 60_000);
    await expect.poll(() => page.getByRole('alert').count()).toBe(1);
    expect(await announced(page)).toBe('Sync failed.');
    expect(await accessibilityProblemsInBothSchemes(page, 'sync failed', shot('sync-failed'))).toEqual([]);
  });

  it('waiting on the store’s rate limit: no violations, and the live region says so once', async () => {
    await configure(ext, { baseUrl: limited.url, token: limited.token, tables: ['outlets', 'customers', 'sales', 'products'] });
    const page = await freshPopup();
    await page.getByRole('button', { name: 'Sync now' }).click();
    await page.getByRole('status').filter({ hasText: 'rate limit' }).waitFor({ timeout: 30_000 });
    await expect.poll(() => announced(page)).toMatch(/^Syncing: \d+ of 4 tables finished · waiting for the store’s rate limit/);
    expect(await accessibilityProblemsInBothSchemes(page, 'rate limited', shot('rate-limited'))).toEqual([]);
    // The sync may have ended while axe ran; if not, it is cancelled rather than waited out.
    await page.getByRole('button', { name: 'Cancel' }).click({ timeout: 2000 }).catch(() => undefined);
    await page.getByRole('button', { name: 'Sync now' }).waitFor({ timeout: 60_000 });
  });
});
