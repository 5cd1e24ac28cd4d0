/**
 * Issue 9, kinds 3 and 4, through the real config resolution, HTTP client and store: every path
 * option reads a key holding dots (OData's `@odata.nextLink` with or without brackets), and a link
 * the server sends is resolved against the response that carried it, not against base_url.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { eachTest, outcomes, resolved, rowsOf, startApi, sync, TOKEN } from './api-kit';

const t = eachTest('links-and-paths');

const client = (base: string) => ({ base_url: base, auth: { type: 'bearer', token: TOKEN } });

describe('kind 3: paths naming keys with dots', () => {
  for (const nextUrlPath of ['@odata.nextLink', "['@odata.nextLink']"]) {
    it(`json_link with next_url_path ${nextUrlPath} follows @odata.nextLink to the end`, async () => {
      t.api = await startApi((_call, url) => {
        const skip = url.searchParams.get('$skiptoken');
        if (skip === null) return { body: { '@odata.context': 'x', '@odata.nextLink': `${t.api!.base}/users?$skiptoken=2`, value: [{ id: 1 }, { id: 2 }] } };
        if (skip === '2') return { body: { '@odata.nextLink': `${t.api!.base}/users?$skiptoken=3`, value: [{ id: 3 }] } };
        return { body: { value: [{ id: 4 }] } };
      });
      const source = resolved({
        client: client(t.api.base),
        resources: [{ name: 'users', primary_key: 'id', endpoint: { path: 'users', data_selector: 'value', paginator: { type: 'json_link', next_url_path: nextUrlPath } } }],
      });
      expect(outcomes(await sync(t.store, source))).toEqual({ users: ['done', undefined] });
      expect(t.api.calls.map((c) => c.url)).toEqual(['/users', '/users?$skiptoken=2', '/users?$skiptoken=3']);
      expect((await rowsOf(t.store, 'users')).map((r) => r.id)).toEqual([1, 2, 3, 4]);
    });
  }

  it('every path option reads a bracket-quoted key with a dot: data_selector, cursor_path, has_more_path, incremental, parent fields', async () => {
    t.api = await startApi((_call, url) => {
      if (url.pathname === '/parents') {
        const after = url.searchParams.get('after');
        const page =
          after === null
            ? { 'res.data': [{ 'p.id': 'a', 'meta.v': 1 }], 'page.info': { 'next.cursor': 'c1', 'has.more': true } }
            : { 'res.data': [{ 'p.id': 'b', 'meta.v': 2 }], 'page.info': { 'next.cursor': null, 'has.more': false } };
        return { body: page };
      }
      const m = /^\/parents\/(\w+)\/kids$/.exec(url.pathname);
      return { body: { 'kid.list': [{ kid: `${m![1]}1` }] } };
    });
    const source = resolved({
      client: client(t.api.base),
      resources: [
        {
          name: 'parents',
          primary_key: 'p.id',
          endpoint: {
            path: 'parents',
            data_selector: "['res.data']",
            paginator: { type: 'cursor', cursor_path: "['page.info']['next.cursor']", cursor_param: 'after', has_more_path: "$['page.info']['has.more']" },
            incremental: { cursor_path: "['meta.v']", initial_value: 0 },
            params: { since: '{incremental.start_value}' },
          },
        },
        {
          name: 'kids',
          primary_key: ['_parents_p_id', 'kid'],
          include_from_parent: ["['p.id']"],
          endpoint: { path: "parents/{resources.parents.['p.id']}/kids", data_selector: "$['kid.list'][*]", paginator: 'single_page' },
        },
      ],
    });
    expect(outcomes(await sync(t.store, source))).toEqual({ parents: ['done', undefined], kids: ['done', undefined] });
    expect(t.api.calls.map((c) => c.url)).toEqual(['/parents?since=0', '/parents?since=0&after=c1', '/parents/a/kids', '/parents/b/kids']);
    expect((await t.store.tableState('parents')).incrementalValue).toBe(2);
    expect((await rowsOf(t.store, 'kids')).map((r) => [r.kid, r._parents_p_id])).toEqual([
      ['a1', 'a'],
      ['b1', 'b'],
    ]);
  });

  it('a data selector with a wildcard yields every match, as dlt does', async () => {
    t.api = await startApi(() => ({ body: { groups: [{ items: [{ id: 1 }, { id: 2 }] }, { items: [{ id: 3 }] }] } }));
    const source = resolved({
      client: client(t.api.base),
      resources: [{ name: 'items', primary_key: 'id', endpoint: { path: 'items', data_selector: '$.groups[*].items[*]', paginator: 'single_page' } }],
    });
    expect(outcomes(await sync(t.store, source))).toEqual({ items: ['done', undefined] });
    expect((await rowsOf(t.store, 'items')).map((r) => r.id)).toEqual([1, 2, 3]);
  });
});

describe('kind 4: links relative to the response that carried them', () => {
  it('base_url BASE/api/v2, path shop/gadgets, Link <gadgets?page=2>: the next request is /api/v2/shop/gadgets?page=2', async () => {
    t.api = await startApi((_call, url) => {
      if (url.pathname !== '/api/v2/shop/gadgets') return { status: 404, body: { error: 'Not Found' } };
      if (url.searchParams.get('page') === '2') return { body: [{ id: 3 }] };
      return { headers: { link: '<gadgets?page=2>; rel="next"' }, body: [{ id: 1 }, { id: 2 }] };
    });
    const source = resolved({
      client: client(`${t.api.base}/api/v2`),
      resources: [{ name: 'gadgets', primary_key: 'id', endpoint: { path: 'shop/gadgets', paginator: 'header_link' } }],
    });
    expect(outcomes(await sync(t.store, source))).toEqual({ gadgets: ['done', undefined] });
    expect(t.api.calls.map((c) => c.url)).toEqual(['/api/v2/shop/gadgets', '/api/v2/shop/gadgets?page=2']);
    expect((await rowsOf(t.store, 'gadgets')).map((r) => r.id)).toEqual([1, 2, 3]);
  });

  it('a json_link relative to the page, and the same-origin rule still applies to what it resolves to', async () => {
    t.api = await startApi((_call, url) => {
      if (url.searchParams.get('p') === '2') return { body: { items: [{ id: 2 }], next: '//evil.example.net/steal' } };
      return { body: { items: [{ id: 1 }], next: '?p=2' } };
    });
    const source = resolved({
      client: client(`${t.api.base}/api/v2`),
      resources: [{ name: 'items', primary_key: 'id', endpoint: { path: 'shop/items', data_selector: 'items', paginator: { type: 'json_link', next_url_path: 'next' } } }],
    });
    const result = await sync(t.store, source);
    expect(t.api.calls.map((c) => c.url)).toEqual(['/api/v2/shop/items', '/api/v2/shop/items?p=2']);
    expect(outcomes(result)).toEqual({ items: ['error', 'items: refusing to send the API token to another site (http://evil.example.net)'] });
    expect((await rowsOf(t.store, 'items')).map((r) => r.id)).toEqual([1, 2]);
  });
});

/**
 * A next-page reference the paginator cannot read fails the table, as dlt fails (its
 * JSONLinkPaginator passes `next: 2` to urljoin, which raises), but only after the page that
 * carried it is stored: dlt yields a page before it asks the paginator for the next request.
 * The message names the resource, the option's path and the value.
 */
describe('a next-page reference the paginator cannot read', () => {
  const cases: [string, unknown, Record<string, unknown>, string][] = [
    ['json_link next: 2 (not a URL)', { data: [{ id: 1 }, { id: 2 }], next: 2 }, { type: 'json_link', next_url_path: 'next' }, 'items: json_link paginator: "next" (next_url_path) should be a URL, got 2'],
    ['json_link next: {"href": …} (an object)', { data: [{ id: 1 }, { id: 2 }], next: { href: '/items?p=2' } }, { type: 'json_link', next_url_path: 'next' }, 'items: json_link paginator: "next" (next_url_path) should be a URL, got {"href":"/items?p=2"}'],
    ['cursor whose cursor_path holds a list', { data: [{ id: 1 }, { id: 2 }], next: ['c2'] }, { type: 'cursor', cursor_path: 'next' }, 'items: cursor paginator: "next" (cursor_path) should be a string or number, got ["c2"]'],
    ['page_number whose total is text', { data: [{ id: 1 }, { id: 2 }], total: 'many' }, { type: 'page_number', total_path: 'total' }, 'items: page_number paginator: "total" (total_path) should be a whole number of pages, got "many"'],
  ];
  for (const [name, body, paginator, message] of cases) {
    it(`${name}: the page's rows are kept, then the table fails naming it`, async () => {
      t.api = await startApi(() => ({ body }));
      const source = resolved({ client: client(t.api.base), resources: [{ name: 'items', primary_key: 'id', endpoint: { path: 'items', data_selector: 'data', paginator } }] });
      expect(outcomes(await sync(t.store, source))).toEqual({ items: ['error', message] });
      expect(t.api.calls).toHaveLength(1);
      expect((await rowsOf(t.store, 'items')).map((r) => r.id)).toEqual([1, 2]);
      // Committed as the end of the walk: the next sync starts from the first page, not from a position it cannot leave.
      expect((await t.store.tableState('items')).checkpoint?.done).toBe(true);
    });
  }
});
