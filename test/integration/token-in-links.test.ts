/**
 * The API token never reaches IndexedDB through a next-page link the server sends back with the
 * token in it (`?key=<token>` echoed from the request), through the real config resolution, HTTP
 * client and store: json_link and header_link, absolute, relative and cross-origin links, the
 * token under the auth param's name or under another name. The stored link drops those params;
 * the client adds query auth to every request itself, so the walk (and a resumed walk) still gets
 * every page.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { exportCsv } from '@/lib/export/csv';
import { exportJson } from '@/lib/export/json';
import type { Store } from '@/lib/store';
import { eachTest, outcomes, resolved, rowsOf, startApi, sync, TOKEN, type ApiCall } from './api-kit';

const t = eachTest('token-in-links');

const config = (base: string, paginator: unknown) => ({
  client: { base_url: base, auth: { type: 'api_key', name: 'key', api_key: TOKEN, location: 'query' } },
  resources: [{ name: 'items', primary_key: 'id', endpoint: { path: 'items', data_selector: 'data', paginator } }],
});

/** Every record of every object store, as text (bigints as digits). */
async function everythingStored(store: Store): Promise<string> {
  const out: unknown[] = [];
  for (const name of store.db.objectStoreNames) out.push(name, await store.db.getAll(name));
  return JSON.stringify(out, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
}

async function exported(store: Store): Promise<string> {
  const rows = () => store.iterateRows('items');
  return (await (await exportCsv(rows, { primaryKey: ['id'] })).text()) + (await (await exportJson(rows)).text());
}

/** Page n of three; only a request carrying the token is answered. `next(n)` is the link to page n. */
function pages(next: (n: number, call: ApiCall) => { body?: Record<string, unknown>; headers?: Record<string, string> }) {
  return (call: ApiCall, url: URL) => {
    if (url.searchParams.getAll('key').join() !== TOKEN) return { status: 401, body: { error: 'no key' } };
    const n = Number(url.searchParams.get('page') ?? 1);
    const link = n < 3 ? next(n + 1, call) : {};
    return { headers: link.headers, body: { data: [{ id: n }], ...link.body } };
  };
}

describe('a next link echoing the token is stored without it', () => {
  const cases: [string, unknown, (base: string) => (n: number) => { body?: Record<string, unknown>; headers?: Record<string, string> }][] = [
    ['json_link, absolute, token under the auth name', 'json_link', (base) => (n) => ({ body: { next: `${base}/items?page=${n}&key=${TOKEN}` } })],
    ['json_link, relative, token first and encoded', 'json_link', () => (n) => ({ body: { next: `/items?key=${encodeURIComponent(TOKEN)}&page=${n}` } })],
    ['json_link, token under another name', 'json_link', () => (n) => ({ body: { next: `items?page=${n}&api_token=${TOKEN}&key=${TOKEN}` } })],
    ['header_link, absolute', 'header_link', (base) => (n) => ({ headers: { link: `<${base}/items?page=${n}&key=${TOKEN}>; rel="next"` } })],
    ['header_link, relative', { type: 'header_link' }, () => (n) => ({ headers: { link: `</items?key=${TOKEN}&page=${n}>; rel="next"` } })],
  ];

  it.each(cases)('%s: every page, and the token nowhere in IndexedDB or the exports', async (_label, paginator, link) => {
    let base = '';
    t.api = await startApi(pages((n) => link(base)(n)));
    base = t.api.base;
    expect(outcomes(await sync(t.store, resolved(config(base, paginator))))).toEqual({ items: ['done', undefined] });
    expect((await rowsOf(t.store, 'items')).map((r) => r.id)).toEqual([1, 2, 3]);
    expect(t.api.calls.map((c) => new URL(c.url, base).searchParams.get('page'))).toEqual([null, '2', '3']);
    const state = await t.store.tableState('items');
    expect(state.checkpoint?.paginator).toEqual({ next: `${base}/items?page=3` });
    expect(await everythingStored(t.store)).not.toContain(TOKEN);
    expect(await exported(t.store)).not.toContain(TOKEN);
  });

  it('a walk stopped after page 2 resumes from the stored link and gets page 3 with the token the client adds', async () => {
    let failPage3 = true;
    t.api = await startApi((call, url) => {
      if (url.searchParams.get('page') === '3' && failPage3) return { status: 400, body: { error: 'not now' } };
      return pages((n) => ({ body: { next: `${t.api!.base}/items?key=${TOKEN}&page=${n}` } }))(call, url);
    });
    const source = resolved(config(t.api.base, 'json_link'));
    expect(outcomes(await sync(t.store, source)).items[0]).toBe('error');
    expect((await t.store.tableState('items')).checkpoint).toMatchObject({ paginator: { next: `${t.api.base}/items?page=3` }, done: false });
    expect(await everythingStored(t.store)).not.toContain(TOKEN);

    failPage3 = false;
    expect(outcomes(await sync(t.store, source))).toEqual({ items: ['done', undefined] });
    expect(t.api.calls.at(-1)!.url).toBe(`/items?page=3&key=${TOKEN}`);
    expect((await rowsOf(t.store, 'items')).map((r) => r.id)).toEqual([1, 2, 3]);
    expect(await everythingStored(t.store)).not.toContain(TOKEN);
  });

  it('a cross-origin link is refused, and the position stored before the refusal holds no token', async () => {
    t.api = await startApi(pages(() => ({ body: { next: `http://localhost:1/items?page=2&key=${TOKEN}` } })));
    const result = await sync(t.store, resolved(config(t.api.base, 'json_link')));
    expect(outcomes(result).items).toEqual(['error', 'items: refusing to send the API token to another site (http://localhost:1)']);
    expect(t.api.calls).toHaveLength(1);
    expect((await t.store.tableState('items')).checkpoint?.paginator).toEqual({ next: 'http://localhost:1/items?page=2' });
    expect(await everythingStored(t.store)).not.toContain(TOKEN);
  });
});
