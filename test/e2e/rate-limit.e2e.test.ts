/**
 * The popup under the API's rate limit, in the real extension against the local API with a small
 * quota: a status element says in plain words that the store's rate limit holds requests, with
 * the quota and an estimate of the time left, and the sync still ends exact.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FULFILLMENT_STATUSES, startRetailServer, type RetailServer } from '../server';
import { launchExtension, type ExtensionBrowser } from './browser';
import { configure, openOptions, openPopup, rowState, waitForSyncEnd } from './flows';

const QUOTA = 8;
const WINDOW_S = 5;
let server: RetailServer;
let ext: ExtensionBrowser;

beforeAll(async () => {
  server = await startRetailServer({ dataset: 'small', quota: QUOTA, windowS: WINDOW_S });
  ext = await launchExtension();
});
afterAll(async () => {
  await ext?.close();
  await server?.close();
});

describe('under the rate limit', () => {
  it('the popup says the rate limit holds requests, with the quota and the time left, and the sync ends exact', async () => {
    await configure(ext, { baseUrl: server.url, token: server.token });
    const popup = await openPopup(ext);
    const since = Date.now();
    await popup.getByRole('button', { name: 'Sync now' }).click();

    const status = popup.getByRole('status').filter({ hasText: 'rate limit' });
    await status.waitFor({ timeout: 30_000 });
    const text = (await status.textContent()) ?? '';
    expect(text).toMatch(new RegExp(`the store allows ${QUOTA} requests per (window|${WINDOW_S} seconds)`));
    expect(text).toMatch(/about \d+ (s|min) left/);
    fs.mkdirSync('test-results', { recursive: true });
    await popup.screenshot({ path: 'test-results/popup-rate-limit.png' });

    // Once two windows have ended, the window is measured and named.
    await expect.poll(async () => (await popup.getByRole('status').allTextContents()).join(' '), { timeout: 40_000 }).toMatch(/per 5 seconds/);

    const end = await waitForSyncEnd(popup, since, 120_000);
    expect(end.resources.every((r) => r.status === 'done')).toBe(true);
    expect(server.requests().filter((e) => e.status !== 200 && e.status !== 429)).toEqual([]);
    // data-count is what an export gives: customers without its soft-deleted rows.
    const customers = server.rows('customers');
    await expect.poll(async () => (await rowState(popup, 'customers')).count).toBe(customers.length);
    await popup.close();

    // The options page now knows the fulfillments' cost for this store: one request per sale in a fulfillment status.
    const inFulfillment = server.rows('sales').filter((s) => (FULFILLMENT_STATUSES as readonly unknown[]).includes(s.status)).length;
    const options = await openOptions(ext);
    const estimate = options.locator('li', { has: options.getByLabel('fulfillments') }).locator('[data-cost-estimate]');
    await expect.poll(() => estimate.textContent()).toMatch(new RegExp(`^about ${inFulfillment} requests?, within your store’s limit of ${QUOTA} requests per window$`));
    await options.close();
  });
});
