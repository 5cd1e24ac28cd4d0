/** Each error path a store owner meets, in the real extension: clear words, in the right place, no secrets. */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRetailServer, type RetailServer } from '../server';
import { launchExtension, waitForDownloads, type ExtensionBrowser } from './browser';
import { configure, openOptions, openPopup, syncAll } from './flows';

const SECRET = 'e2e-secret-token-7f3a9c';
let server: RetailServer;
let ext: ExtensionBrowser;

beforeAll(async () => {
  server = await startRetailServer({ dataset: 'small', token: SECRET });
  ext = await launchExtension();
});
afterAll(async () => {
  await ext?.close();
  await server?.close();
});

async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise((r) => srv.close(r));
  return port;
}

/**
 * Syncs and reads the one alert of a sync that failed as a whole: above the rows, none inside
 * them, every row in data-state="error".
 */
async function syncAndReadSyncError(popup: Page): Promise<string> {
  await syncAll(popup, 60_000);
  const rows = popup.locator('[data-resource]');
  await expect.poll(async () => (await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-state')))).every((s) => s === 'error')).toBe(true);
  await expect.poll(() => popup.getByRole('alert').count()).toBe(1);
  expect(await rows.getByRole('alert').count()).toBe(0);
  return (await popup.getByRole('alert').textContent()) ?? '';
}

/** Everything the extension keeps in IndexedDB, as text. */
async function indexedDbDump(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const dbs = await indexedDB.databases();
    const out: unknown[] = [];
    for (const info of dbs) {
      const db = await new Promise<IDBDatabase>((res, rej) => {
        const req = indexedDB.open(info.name!);
        req.onsuccess = () => res(req.result);
        req.onerror = () => rej(req.error);
      });
      for (const name of Array.from(db.objectStoreNames)) {
        const all = await new Promise<unknown[]>((res) => {
          const req = db.transaction(name).objectStore(name).getAll();
          req.onsuccess = () => res(req.result);
        });
        out.push(name, all);
      }
      db.close();
    }
    return JSON.stringify(out);
  });
}

describe('error paths', () => {
  it('a wrong token: one alert above the rows says the token was rejected, without showing it, until the token is replaced', async () => {
    await configure(ext, { baseUrl: server.url, token: 'wrong-token-123456', tables: ['outlets', 'customers', 'sales', 'fulfillments'] });
    const popup = await openPopup(ext);
    const message = await syncAndReadSyncError(popup);
    expect(message).toMatch(/token/i);
    expect(message).toMatch(/HTTP 401 Unauthorized/);
    expect(await popup.locator('.summary-text').textContent()).toMatch(/0 of 4 tables · 4 failed/);
    expect(await popup.content()).not.toContain('wrong-token-123456');

    // Once the token is replaced, the popup no longer says it was rejected (before: until the next sync).
    await configure(ext, { baseUrl: server.url, token: SECRET, tables: ['outlets', 'customers', 'sales', 'fulfillments'] });
    await expect.poll(() => popup.getByRole('alert').count()).toBe(0);
    const states = await popup.locator('[data-resource]').evaluateAll((els) => els.map((el) => el.getAttribute('data-state')));
    expect(states).toEqual(['idle', 'idle', 'idle', 'idle']);
    await popup.close();
  });

  it('an unreachable store: every table stops within seconds, with one alert that it could not be reached', async () => {
    const port = await closedPort();
    await configure(ext, { baseUrl: `http://127.0.0.1:${port}`, token: SECRET });
    const popup = await openPopup(ext);
    const started = Date.now();
    const message = await syncAndReadSyncError(popup);
    // Before: about 2 minutes of retries on each of the 24 rows.
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(message).toMatch(/reach|connect/i);
    await popup.close();
  });

  it('"Test connection" explains a rejected token in plain words', async () => {
    const options = await openOptions(ext);
    await options.getByLabel('Store URL').fill(server.url);
    await options.getByLabel('API token').fill('not-the-token');
    await options.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(async () => (await options.locator('body').textContent()) ?? '').toMatch(/rejected the API token/);
    await options.close();
  });

  it('an invalid pasted config: an alert names what is wrong and where', async () => {
    const options = await openOptions(ext);
    const editor = options.getByLabel('Source config (JSON)');
    const apply = options.getByRole('button', { name: 'Apply config' });

    await editor.fill('{"client": {"base_url": "https://example.com"}, "resources": [');
    await apply.click();
    await expect.poll(async () => (await options.getByRole('alert').allTextContents()).join(' ')).toMatch(/JSON/);

    await editor.fill(JSON.stringify({ client: { base_url: 'https://example.com' }, resources: [{ name: 'orders', endpoint: { path: '/orders', paginator: { type: 'curser' } } }] }));
    await apply.click();
    await expect.poll(async () => (await options.getByRole('alert').allTextContents()).join(' ')).toMatch(/resources\[0\].*orders.*curser.*cursor/s);

    await editor.fill(JSON.stringify({ client: { base_url: 'https://example.com' }, resources: [{ name: 'orders', endpoint: { path: 'https://evil.example.net/steal' } }] }));
    await apply.click();
    await expect.poll(async () => (await options.getByRole('alert').allTextContents()).join(' ')).toMatch(/another site|another origin/i);
    await options.close();
  });

  it('the token appears nowhere in page text, IndexedDB, exports or errors after a failing and a succeeding sync', async () => {
    await configure(ext, { baseUrl: server.url, token: SECRET, tables: ['outlets', 'customers'] });
    server.addFaults([{ path: '/api/2.0/customers', times: 20, status: 500 }]);
    const popup = await openPopup(ext);
    await syncAll(popup, 60_000);
    server.clearFaults();
    await syncAll(popup, 60_000);
    await popup.getByRole('button', { name: 'Export outlets as CSV', exact: true }).click();
    await popup.getByRole('button', { name: 'Export customers as JSON', exact: true }).click();
    const files = await waitForDownloads(ext, 2);
    for (const f of files) expect(fs.readFileSync(f.filename, 'utf8')).not.toContain(SECRET);
    expect(await popup.content()).not.toContain(SECRET);
    expect(await indexedDbDump(popup)).not.toContain(SECRET);
    const options = await openOptions(ext);
    expect(await options.content()).not.toContain(SECRET);
    expect(server.requests().every((e) => !JSON.stringify(e).includes(SECRET))).toBe(true);
    expect(path.basename(files[0].filename)).toMatch(/^(outlets|customers)-\d{4}-\d{2}-\d{2}\.(csv|json)$/);
  });
});
