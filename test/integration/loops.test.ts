/**
 * Issue 9, kind 2: a next-page reference that does not advance ends the walk instead of looping.
 * The walk stops before repeating a request it already made; when the page that sent the repeated
 * reference held rows not seen before, the table says which reference repeated.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { eachTest, outcomes, resolved, rowsOf, startApi, sync, TOKEN, type Reply, type TestApi } from './api-kit';

const t = eachTest('loops');

/** A server that stops answering after 20 requests, so a walk that loops fails fast instead of hanging. */
async function serve(route: (url: URL) => Reply): Promise<TestApi> {
  const started = await startApi((call, url) => (started.calls.length > 20 ? { status: 400, body: { error: 'enough' } } : route(url)));
  return started;
}

const cursorResource = { name: 'items', primary_key: 'id', write_disposition: 'merge', endpoint: { path: 'items', data_selector: 'items', paginator: { type: 'cursor', cursor_path: 'next', cursor_param: 'cursor' } } };
const config = (base: string, resource: unknown) => resolved({ client: { base_url: base, auth: { type: 'bearer', token: TOKEN } }, resources: [resource] });

describe('cursor', () => {
  it('?cursor=c1 answering an empty page with next c1 again: 2 requests, 1 row, done', async () => {
    t.api = await serve((url) => (url.searchParams.get('cursor') === 'c1' ? { body: '{"items":[],"next":"c1"}' } : { body: '{"items":[{"id":1}],"next":"c1"}' }));
    const result = await sync(t.store, config(t.api.base, cursorResource));
    expect(outcomes(result)).toEqual({ items: ['done', undefined] });
    expect(t.api.calls.map((c) => c.url)).toEqual(['/items', '/items?cursor=c1']);
    expect(await rowsOf(t.store, 'items')).toEqual([{ id: 1 }]);
  });

  it('?cursor=c1 answering the same page again: 2 requests, 1 row, done', async () => {
    t.api = await serve(() => ({ body: '{"items":[{"id":1}],"next":"c1"}' }));
    const result = await sync(t.store, config(t.api.base, cursorResource));
    expect(outcomes(result)).toEqual({ items: ['done', undefined] });
    expect(t.api.calls.map((c) => c.url)).toEqual(['/items', '/items?cursor=c1']);
    expect(await rowsOf(t.store, 'items')).toEqual([{ id: 1 }]);
  });

  it('the same cursor with rows not seen before: the rows are kept and the table names the repeated cursor', async () => {
    t.api = await serve((url) => (url.searchParams.get('cursor') === 'c1' ? { body: '{"items":[{"id":2}],"next":"c1"}' } : { body: '{"items":[{"id":1}],"next":"c1"}' }));
    const result = await sync(t.store, config(t.api.base, cursorResource));
    expect(outcomes(result)).toEqual({
      items: [
        'error',
        'items: the API sent the same cursor c1 twice, the second time with rows not seen before; the walk stopped there rather than loop, so later rows may be missing',
      ],
    });
    expect(t.api.calls).toHaveLength(2);
    expect(await rowsOf(t.store, 'items')).toEqual([{ id: 1 }, { id: 2 }]);
    // The next sync walks from the start again rather than resuming at the repeated cursor.
    expect((await t.store.tableState('items')).checkpoint?.done).toBe(true);
    await sync(t.store, config(t.api.base, cursorResource));
    expect(t.api.calls.map((c) => c.url).slice(2)).toEqual(['/items', '/items?cursor=c1']);
  });

  it('a cursor cycle over several pages (c1 → c2 → c1) ends when it comes round', async () => {
    t.api = await serve((url) => {
      const c = url.searchParams.get('cursor');
      if (c === null) return { body: { items: [{ id: 1 }], next: 'c1' } };
      if (c === 'c1') return { body: { items: [{ id: 2 }], next: 'c2' } };
      return { body: { items: [{ id: 1 }], next: 'c1' } };
    });
    const result = await sync(t.store, config(t.api.base, cursorResource));
    expect(outcomes(result)).toEqual({ items: ['done', undefined] });
    expect(t.api.calls.map((c) => c.url)).toEqual(['/items', '/items?cursor=c1', '/items?cursor=c2']);
  });

  it('tells rows apart by content when the resource has no primary key', async () => {
    t.api = await serve((url) => (url.searchParams.get('cursor') === 'c1' ? { body: '{"items":[{"v":"a"}],"next":"c1"}' } : { body: '{"items":[{"v":"a"}],"next":"c1"}' }));
    const appendOnly = { ...cursorResource, primary_key: undefined, write_disposition: 'append' };
    expect(outcomes(await sync(t.store, config(t.api.base, appendOnly)))).toEqual({ items: ['done', undefined] });
    expect(t.api.calls).toHaveLength(2);
  });
});

describe('paginators added later get the guard from the walk', () => {
  it('header_cursor sending the same cursor with new rows names it', async () => {
    t.api = await serve((url) => ({ headers: { 'x-next': 'h1' }, body: [{ id: url.searchParams.get('cursor') ?? 'first' }] }));
    const resource = { name: 'items', primary_key: 'id', endpoint: { path: 'items', paginator: { type: 'header_cursor', cursor_key: 'x-next' } } };
    const result = await sync(t.store, config(t.api.base, resource));
    expect(outcomes(result).items[1]).toMatch(/^items: the API sent the same x-next header cursor h1 twice/);
    expect(t.api.calls.map((c) => c.url)).toEqual(['/items', '/items?cursor=h1']);
  });

  it('auto-detected json_link pointing back at its own page ends the walk', async () => {
    t.api = await serve(() => ({ body: { results: [{ id: 1 }], next: '/items?page=2' } }));
    const resource = { name: 'items', primary_key: 'id', endpoint: { path: 'items', paginator: 'auto' } };
    expect(outcomes(await sync(t.store, config(t.api.base, resource)))).toEqual({ items: ['done', undefined] });
    expect(t.api.calls.map((c) => c.url)).toEqual(['/items', '/items?page=2']);
  });
});

describe('links', () => {
  it('json_link to a URL already requested in this walk ends the walk', async () => {
    t.api = await serve((url) => {
      if (url.searchParams.get('page') === '2') return { body: { items: [{ id: 2 }], next: `${t.api!.base}/items?page=2` } };
      return { body: { items: [{ id: 1 }], next: '/items?page=2' } };
    });
    const resource = { ...cursorResource, endpoint: { ...cursorResource.endpoint, paginator: { type: 'json_link', next_url_path: 'next' } } };
    const result = await sync(t.store, config(t.api.base, resource));
    expect(outcomes(result)).toEqual({
      items: ['error', `items: the API sent the same next link ${t.api.base}/items twice, the second time with rows not seen before; the walk stopped there rather than loop, so later rows may be missing`],
    });
    expect(t.api.calls.map((c) => c.url)).toEqual(['/items', '/items?page=2']);
    expect((await rowsOf(t.store, 'items')).map((r) => r.id)).toEqual([1, 2]);
  });

  it('header_link back to the first page (params in another order) ends the walk quietly when nothing new came', async () => {
    t.api = await serve((url) => {
      if (url.searchParams.get('page') === '2') return { headers: { link: '<items?b=2&a=1>; rel="next"' }, body: [{ id: 1 }] };
      return { headers: { link: '<items?a=1&b=2&page=2>; rel="next"' }, body: [{ id: 1 }] };
    });
    const resource = { name: 'items', primary_key: 'id', endpoint: { path: 'items', params: { a: 1, b: 2 }, paginator: 'header_link' } };
    const result = await sync(t.store, config(t.api.base, resource));
    expect(outcomes(result)).toEqual({ items: ['done', undefined] });
    expect(t.api.calls.map((c) => c.url)).toEqual(['/items?a=1&b=2', '/items?a=1&b=2&page=2']);
  });
});
