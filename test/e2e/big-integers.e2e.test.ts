/**
 * Issue 9, kind 1, in the real extension: a pasted config against an API that sends ids and a
 * cursor as bare 19-digit numbers. Chromium parses them through the reviver's source text, keeps
 * them as bigints through structured clone into IndexedDB, and the exports write the same digits.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension, waitForDownloads, type ExtensionBrowser } from './browser';
import { configure, openOptions, openPopup, rowState, syncAll } from './flows';

const TOKEN = 'e2e-bigint-token-5521';
let server: http.Server;
let base: string;
const requested: string[] = [];
let ext: ExtensionBrowser;
let popup: Page;

function route(url: URL): string {
  if (url.pathname === '/api/things') return '{"rows":[{"id":1582323235375263744,"n":"A"},{"id":1582323235375263745,"n":"B"}]}';
  if (url.pathname === '/api/items') {
    const cursor = url.searchParams.get('cursor');
    if (cursor === null) return '{"items":[{"id":1,"amount":12.5}],"next_cursor":1582323235375263745}';
    return `{"items":[{"id":2,"amount":9007199254740993,"cursor_seen":"${cursor}"}],"next_cursor":null}`;
  }
  return '{"error":"no such path"}';
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requested.push(url.pathname + url.search);
    res.writeHead(url.pathname.startsWith('/api/') ? 200 : 404, { 'content-type': 'application/json' });
    res.end(route(url));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  ext = await launchExtension();
  const options = await openOptions(ext);
  const config = {
    client: { base_url: `${base}/api`, auth: { type: 'bearer', token: '{secrets.api_token}' } },
    resources: [
      { name: 'things', endpoint: { path: 'things', data_selector: 'rows', paginator: 'single_page' }, primary_key: 'id', write_disposition: 'merge' },
      { name: 'items', endpoint: { path: 'items', data_selector: 'items', paginator: { type: 'cursor', cursor_path: 'next_cursor', cursor_param: 'cursor' } }, primary_key: 'id', write_disposition: 'merge' },
    ],
  };
  await options.getByLabel('Source config (JSON)').fill(JSON.stringify(config, null, 2));
  await options.getByRole('button', { name: 'Apply config' }).click();
  await options.close();
  await configure(ext, { baseUrl: `${base}/api`, token: TOKEN });
  popup = await openPopup(ext);
  const status = await syncAll(popup, 60_000);
  expect(status.resources.map((r) => [r.resource, r.status, r.error?.message])).toEqual([
    ['things', 'done', undefined],
    ['items', 'done', undefined],
  ]);
});

afterAll(async () => {
  await ext?.close();
  await new Promise((r) => server?.close(r));
});

/** The stored rows of a table straight from IndexedDB, each value described as its type and text. */
async function storedValues(table: string): Promise<Record<string, [string, string]>[]> {
  return popup.evaluate(async (name) => {
    const db = await new Promise<IDBDatabase>((res, rej) => {
      const req = indexedDB.open('retail-exporter');
      req.onsuccess = () => res(req.result);
      req.onerror = () => rej(req.error);
    });
    const chunks = await new Promise<{ rows: Record<string, unknown>[] }[]>((res) => {
      const req = db.transaction('chunks').objectStore('chunks').getAll(IDBKeyRange.bound([name], [name, []]));
      req.onsuccess = () => res(req.result);
    });
    db.close();
    return chunks.flatMap((c) => c.rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, [typeof v, String(v)] as [string, string]]))));
  }, table);
}

let downloads = 0;
async function exportFile(table: string, kind: 'CSV' | 'JSON'): Promise<string> {
  await popup.getByRole('button', { name: `Export ${table} as ${kind}`, exact: true }).click();
  const done = await waitForDownloads(ext, ++downloads);
  const file = done.map((d) => d.filename).find((f) => path.basename(f).startsWith(`${table}-`) && f.endsWith(kind.toLowerCase()));
  expect(file, `${table} ${kind} downloaded`).toBeDefined();
  return fs.readFileSync(file!, 'utf8');
}

describe('integers beyond 2^53 − 1 in real Chromium', () => {
  it('stores two rows whose ids differ past the 16th digit, as bigints in IndexedDB', async () => {
    await popup.reload();
    await expect.poll(() => rowState(popup, 'things')).toEqual({ state: 'done', count: 2 });
    expect(await storedValues('things')).toEqual([
      { id: ['bigint', '1582323235375263744'], n: ['string', 'A'] },
      { id: ['bigint', '1582323235375263745'], n: ['string', 'B'] },
    ]);
  });

  it('sends the bare 19-digit cursor back as the same digits', async () => {
    expect(requested).toContain('/api/items?cursor=1582323235375263745');
    expect((await storedValues('items')).map((r) => r.amount)).toEqual([
      ['number', '12.5'],
      ['bigint', '9007199254740993'],
    ]);
  });

  it('exports the digits the API sent: CSV cells and JSON number literals', async () => {
    const csv = await exportFile('things', 'CSV');
    expect(csv.replace(/^\uFEFF/, '')).toBe('id,n\r\n1582323235375263744,A\r\n1582323235375263745,B\r\n');
    const json = await exportFile('items', 'JSON');
    expect(json).toContain('"amount":9007199254740993');
    expect(json).toContain('"amount":12.5');
  });
});
