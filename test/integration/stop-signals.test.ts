/**
 * Issue 9, kind 6: a stop signal sent once holds for the walk (a total on the first page only),
 * a null total leaves the walk to its other stop conditions, and a saved position never makes
 * every later sync fail the same way.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { eachTest, outcomes, resolved, rowsOf, startApi, sync, TOKEN } from './api-kit';

const t = eachTest('stop-signals');

const config = (base: string, paginator: unknown, params: Record<string, unknown> = {}) =>
  resolved({
    client: { base_url: base, auth: { type: 'bearer', token: TOKEN } },
    resources: [{ name: 'items', primary_key: 'id', write_disposition: 'merge', endpoint: { path: 'items', data_selector: 'data', params, paginator } }],
  });

/** Three pages of one row; only the first says how many there are. */
function totalOnFirstPageOnly(url: URL) {
  const page = Number(url.searchParams.get('page') ?? (Number(url.searchParams.get('offset') ?? 0) + 1));
  if (page > 3) return { body: { data: [] } };
  return { body: page === 1 ? { data: [{ id: 1 }], pagination: { total: 3 } } : { data: [{ id: page }] } };
}

describe('a total read on the first page holds for the walk', () => {
  it('page_number with total_path pagination.total: page 1 says 3, pages 2 and 3 say nothing → 3 rows', async () => {
    t.api = await startApi((_c, url) => totalOnFirstPageOnly(url));
    const result = await sync(t.store, config(t.api.base, { type: 'page_number', base_page: 1, total_path: 'pagination.total' }));
    expect(outcomes(result)).toEqual({ items: ['done', undefined] });
    expect(t.api.calls.map((c) => c.url)).toEqual(['/items?page=1', '/items?page=2', '/items?page=3']);
    expect((await rowsOf(t.store, 'items')).map((r) => r.id)).toEqual([1, 2, 3]);
  });

  it('offset with a total of records on the first page only → 3 rows', async () => {
    t.api = await startApi((_c, url) => totalOnFirstPageOnly(url));
    const result = await sync(t.store, config(t.api.base, { type: 'offset', limit: 1, total_path: 'pagination.total' }));
    expect(outcomes(result)).toEqual({ items: ['done', undefined] });
    expect(t.api.calls.map((c) => c.url)).toEqual(['/items?offset=0&limit=1', '/items?offset=1&limit=1', '/items?offset=2&limit=1']);
  });

  it('a total present but null with stop_after_empty_page stops at the first empty page', async () => {
    t.api = await startApi((_c, url) => {
      const page = Number(url.searchParams.get('page'));
      return { body: { data: page < 2 ? [{ id: page }] : [], meta: { total: null } } };
    });
    const result = await sync(t.store, config(t.api.base, { type: 'page_number', total_path: 'meta.total' }));
    expect(outcomes(result)).toEqual({ items: ['done', undefined] });
    expect(t.api.calls.map((c) => c.url)).toEqual(['/items?page=0', '/items?page=1', '/items?page=2']);
  });
});

describe('a saved position never makes every later sync fail the same way', () => {
  it('a position saved without its total (before totals were kept) fails once, then the next sync starts afresh', async () => {
    t.api = await startApi((_c, url) => totalOnFirstPageOnly(url));
    const source = config(t.api.base, { type: 'page_number', base_page: 1, total_path: 'pagination.total' });
    await t.store.patchTableState('items', { checkpoint: { paginator: { page: 2 }, done: false }, status: 'error' });

    const resumed = await sync(t.store, source);
    expect(outcomes(resumed).items[0]).toBe('error');
    expect((await t.store.tableState('items')).checkpoint).toBeNull();

    const next = await sync(t.store, source);
    expect(outcomes(next)).toEqual({ items: ['done', undefined] });
    expect(t.api.calls.map((c) => c.url)).toEqual(['/items?page=2', '/items?page=1', '/items?page=2', '/items?page=3']);
    expect((await rowsOf(t.store, 'items')).map((r) => r.id).sort()).toEqual([1, 2, 3]);
  });

  it('an expired cursor refused at every resume: the sync after the refusal walks from the start', async () => {
    let phase: 'outage' | 'expired' | 'fine' = 'outage';
    t.api = await startApi((_c, url) => {
      const cursor = url.searchParams.get('cursor');
      if (cursor === null) return { body: { data: [{ id: 1 }], next: 'c1' } };
      if (phase === 'outage') return { status: 503, body: { error: 'Service Unavailable' } };
      if (phase === 'expired' && cursor === 'c1') return { status: 400, body: { error: 'cursor expired' } };
      return { body: { data: [{ id: 2 }], next: null } };
    });
    const source = config(t.api.base, { type: 'cursor', cursor_path: 'next', cursor_param: 'cursor' });

    // An outage keeps the position: the next sync continues from it.
    expect(outcomes(await sync(t.store, source)).items[0]).toBe('error');
    expect((await t.store.tableState('items')).checkpoint).toEqual({ paginator: { cursor: 'c1' }, done: false });
    phase = 'expired';
    expect(outcomes(await sync(t.store, source)).items).toEqual(['error', 'items: the store refused the request (HTTP 400 Bad Request): cursor expired']);
    expect((await t.store.tableState('items')).checkpoint).toBeNull();
    phase = 'fine';
    expect(outcomes(await sync(t.store, source))).toEqual({ items: ['done', undefined] });
    expect(t.api.calls.map((c) => c.url).slice(-2)).toEqual(['/items', '/items?cursor=c1']);
    expect((await rowsOf(t.store, 'items')).map((r) => r.id)).toEqual([1, 2]);
  });
});
