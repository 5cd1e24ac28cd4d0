/**
 * dlt configs as JSON, run end to end: resolveConfig → runSync → HttpClient (real fetch) against a
 * local node:http API that records every request, rows read back from the store (fake-indexeddb).
 * Each case follows a dlt test; the comment names it.
 */
import 'fake-indexeddb/auto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { selectedResources } from '@/lib/active-source';
import { resolveConfig } from '@/lib/config/normalize';
import { DEFAULT_SETTINGS } from '@/lib/settings';
import type { ResolvedSource } from '@/lib/config/types';
import { HttpClient } from '@/lib/http';
import { Store } from '@/lib/store';
import { runSync, type SyncResult } from './engine';

interface Seen {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  headers: http.IncomingHttpHeaders;
  body: string;
}

type Handler = (req: Seen) => { status?: number; body: unknown } | undefined;

/** A tiny API: handlers by path; every request recorded. */
class Api {
  seen: Seen[] = [];
  handlers = new Map<string, Handler>();
  server!: http.Server;
  url = '';
  async start() {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const u = new URL(req.url ?? '/', 'http://x');
        const query: Record<string, string | string[]> = {};
        for (const [k, v] of u.searchParams) query[k] = k in query ? [...([] as string[]).concat(query[k]), v] : v;
        const seen: Seen = { method: req.method ?? 'GET', path: u.pathname, query, headers: req.headers, body: Buffer.concat(chunks).toString() };
        this.seen.push(seen);
        const handler = [...this.handlers.entries()].find(([p]) => new RegExp(`^${p}$`).test(u.pathname))?.[1];
        const out = handler?.(seen) ?? { status: 404, body: { error: 'not found' } };
        res.writeHead(out.status ?? 200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(out.body));
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  stop() {
    return new Promise((r) => this.server.close(r));
  }
  of(path: string) {
    return this.seen.filter((s) => s.path === path);
  }
}

const api = new Api();
const tokenServer = new Api();
beforeAll(async () => {
  await api.start();
  await tokenServer.start();
});
afterAll(async () => {
  await api.stop();
  await tokenServer.stop();
});

let store: Store;
let dbN = 0;
beforeEach(async () => {
  store = await Store.open(`dlt-behaviour-${++dbN}`);
  api.seen = [];
  api.handlers.clear();
  tokenServer.seen = [];
  tokenServer.handlers.clear();
});
afterEach(() => store.close());

function source(config: Record<string, unknown>): ResolvedSource {
  const result = resolveConfig({ ...config, client: { base_url: api.url, ...(config.client as object) } });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.source;
}

async function sync(src: ResolvedSource, opts: { secret?: string; now?: () => number } = {}): Promise<SyncResult> {
  const httpClient = new HttpClient({ baseUrl: src.baseUrl, auth: src.auth, secret: opts.secret ?? 'tok-secret-1', headers: src.headers, retry: { ...src.retry, maxRetries: 0 }, now: opts.now });
  return runSync({ source: src, selected: src.resources.filter((r) => r.selected).map((r) => r.name), store, http: httpClient, signal: new AbortController().signal });
}

async function rows(name: string) {
  const out: Record<string, unknown>[] = [];
  for await (const batch of store.iterateRows(name)) out.push(...batch);
  return out;
}

const posts = Array.from({ length: 5 }, (_, i) => ({ id: i, title: `Post ${i}` }));

describe('request parts', () => {
  // dlt: integration/test_offline.py test_headers_in_dependent_resource, test_client_headers_are_not_interpolated
  it('fills endpoint headers from the parent row, unescapes {{ }}, and sends client headers as written', async () => {
    api.handlers.set('/posts', () => ({ body: posts }));
    api.handlers.set('/post_detail', (s) => ({ body: { id: Number(s.query.post_id), body: 'b' } }));
    const src = source({
      client: { headers: { 'X-Static': 'static', 'X-Not-Interpolated': '{resources.posts.id}', 'X-Escaped': '{{literal}}' } },
      resources: [
        { name: 'posts', endpoint: { path: 'posts', paginator: 'single_page', data_selector: '$' } },
        {
          name: 'post_details',
          endpoint: {
            path: 'post_detail',
            params: { post_id: '{resources.posts.id}' },
            headers: { 'X-Post-ID': '{resources.posts.id}', 'X-Post-Title': '{resources.posts.title}', 'X-Escaped': '{{value_escaped}}' },
            paginator: 'single_page',
            data_selector: '$',
          },
        },
      ],
    });
    const result = await sync(src);
    expect(result.resources.post_details.status).toBe('done');
    const calls = api.of('/post_detail');
    expect(calls).toHaveLength(5);
    calls.forEach((c, i) => {
      expect(c.query).toEqual({ post_id: String(i) });
      expect(c.headers['x-post-id']).toBe(String(i));
      expect(c.headers['x-post-title']).toBe(`Post ${i}`);
      expect(c.headers['x-escaped']).toBe('{value_escaped}');
      expect(c.headers['x-not-interpolated']).toBe('{resources.posts.id}');
      expect(c.headers['x-static']).toBe('static');
    });
    expect(api.of('/posts')[0].headers['x-escaped']).toBe('{{literal}}');
  });

  // dlt: test_offline.py test_interpolate_parent_values_in_path_and_json_body, test_json_body_in_top_level_resource
  it('fills json bodies keeping a lone placeholder\'s type, in nested objects and lists', async () => {
    api.handlers.set('/posts', () => ({ body: posts.slice(0, 2) }));
    api.handlers.set('/posts/search_by_id/\\d+', (s) => ({ body: [{ id: Number(s.path.split('/').pop()), echo: JSON.parse(s.body) }] }));
    const src = source({
      resources: [
        { name: 'posts', endpoint: { path: 'posts', paginator: 'single_page' } },
        {
          name: 'post_details',
          endpoint: {
            path: 'posts/search_by_id/{resources.posts.id}',
            method: 'POST',
            json: { post_id: '{resources.posts.id}', limit: 5, more: { title: '{resources.posts.title}' }, more_array: ['{resources.posts.id}'], escaped_braces: '{{ string in escaped braces }}', label: 'id-{resources.posts.id}' },
            paginator: 'single_page',
          },
        },
      ],
    });
    await sync(src);
    const calls = api.of('/posts/search_by_id/1');
    expect(calls).toHaveLength(1);
    expect(calls[0].headers['content-type']).toBe('application/json');
    expect(JSON.parse(calls[0].body)).toEqual({ post_id: 1, limit: 5, more: { title: 'Post 1' }, more_array: [1], escaped_braces: '{ string in escaped braces }', label: 'id-1' });
  });

  // dlt: test_offline.py test_request_data_body, test_dependent_resource_post_data_param, test_post_data_param_with_raw_data, test_post_data_param_with_list_of_tuples
  it('sends data as a form (pairs may repeat), as a raw body without a Content-Type, and nothing for an empty form', async () => {
    api.handlers.set('/posts', () => ({ body: posts.slice(0, 2) }));
    api.handlers.set('/form|/raw|/empty|/pairs', () => ({ body: [] }));
    const src = source({
      resources: [
        { name: 'posts', endpoint: { path: 'posts', paginator: 'single_page' } },
        { name: 'form', endpoint: { path: 'form', method: 'POST', data: { post_id: '{resources.posts.id}', static_value: 'constant', escaped: '{{not_interpolated}}' }, paginator: 'single_page' } },
        { name: 'raw', endpoint: { path: 'raw', method: 'POST', data: '{resources.posts.id}', paginator: 'single_page' } },
        { name: 'empty', endpoint: { path: 'empty', method: 'POST', data: {}, paginator: 'single_page' } },
        { name: 'pairs', endpoint: { path: 'pairs', method: 'POST', data: [['post_id', '{resources.posts.id}'], ['post_id', '{resources.posts.id}_duplicate'], ['title', '{resources.posts.title}']], paginator: 'single_page' } },
      ],
    });
    await sync(src);
    expect(api.of('/form').map((c) => [c.headers['content-type'], c.body])).toEqual([
      ['application/x-www-form-urlencoded', 'post_id=0&static_value=constant&escaped=%7Bnot_interpolated%7D'],
      ['application/x-www-form-urlencoded', 'post_id=1&static_value=constant&escaped=%7Bnot_interpolated%7D'],
    ]);
    expect(api.of('/raw').map((c) => [c.headers['content-type'], c.body])).toEqual([
      [undefined, '0'],
      [undefined, '1'],
    ]);
    expect(api.of('/empty').map((c) => [c.headers['content-type'], c.body])).toEqual([[undefined, '']]);
    expect(api.of('/pairs')[1].body).toBe('post_id=1&post_id=1_duplicate&title=Post+1');
  });

  // dlt: configurations/test_resolve_config.py test_bind_path_param; source_configs.py VALID_CONFIGS[11]
  it('binds static params into the path, and writes params as requests writes them', async () => {
    api.handlers.set('/dlt-hub/dlt/issues/', () => ({ body: [{ id: 7 }] }));
    api.handlers.set('/dlt-hub/dlt/issues/7/comments', () => ({ body: [{ id: 70 }] }));
    const src = source({
      resources: [
        { name: 'issues', endpoint: { path: '{org}/{repo}/issues/', params: { org: 'dlt-hub', repo: 'dlt', open: true, page_size: 10, skip: null }, paginator: 'single_page' } },
        {
          name: 'comments',
          endpoint: { path: '{org}/{repo}/issues/{id}/comments', params: { org: 'dlt-hub', repo: 'dlt', id: { type: 'resolve', resource: 'issues', field: 'id' } }, paginator: 'single_page' },
        },
      ],
    });
    await sync(src);
    expect(api.seen.map((s) => [s.path, s.query])).toEqual([
      ['/dlt-hub/dlt/issues/', { open: 'True', page_size: '10' }],
      ['/dlt-hub/dlt/issues/7/comments', {}],
    ]);
  });
});

describe('auth', () => {
  // dlt: rest_api/__init__.py create_resources: auth=create_auth(endpoint_config.get("auth", client_config.get("auth")))
  it('uses an endpoint auth over the client one, and none for auth: null', async () => {
    api.handlers.set('/a|/b|/c', () => ({ body: [] }));
    const src = source({
      client: { auth: { type: 'bearer', token: '{secrets.api_token}' } },
      resources: [
        { name: 'a', endpoint: { path: 'a', paginator: 'single_page' } },
        { name: 'b', endpoint: { path: 'b', paginator: 'single_page', auth: { type: 'api_key', name: 'key', location: 'query' } } },
        { name: 'c', endpoint: { path: 'c', paginator: 'single_page', auth: null } },
      ],
    });
    await sync(src, { secret: 'tok-secret-1' });
    const by = (p: string) => api.of(p)[0];
    expect([by('/a').headers.authorization, by('/a').query]).toEqual(['Bearer tok-secret-1', {}]);
    expect([by('/b').headers.authorization, by('/b').query]).toEqual([undefined, { key: 'tok-secret-1' }]);
    expect([by('/c').headers.authorization, by('/c').query]).toEqual([undefined, {}]);
  });

  // dlt: dlt/sources/helpers/rest_client/auth.py OAuth2ClientCredentials (obtain_token, is_token_expired); source_configs.py AUTH_TYPE_CONFIGS[3]
  it('oauth2_client_credentials: the secret goes only to the token URL, the access token only to the API, renewed when it expires', async () => {
    let issued = 0;
    tokenServer.handlers.set('/oauth/token', () => ({ body: { access_token: `access-${++issued}`, expires_in: 60 } }));
    api.handlers.set('/a', () => ({ body: [{ id: 1 }] }));
    let t = Date.parse('2026-01-01T00:00:00Z');
    const src = source({
      client: {
        auth: { type: 'oauth2_client_credentials', access_token_url: `${tokenServer.url}/oauth/token`, client_id: 'my-client', client_secret: '{secrets.api_token}', access_token_request_data: { foo: 'bar' } },
      },
      resources: [{ name: 'a', endpoint: { path: 'a', paginator: 'single_page' } }],
    });
    await sync(src, { secret: 'client-secret-9', now: () => t });
    t += 30_000;
    await sync(src, { secret: 'client-secret-9', now: () => t });
    t += 61_000;
    await sync(src, { secret: 'client-secret-9', now: () => t });
    // Each sync has its own HTTP client, so each asks once; the third ask is past expiry either way.
    expect(tokenServer.seen.map((s) => [s.method, s.headers['content-type'], Object.fromEntries(new URLSearchParams(s.body))])).toEqual(
      Array(3).fill(['POST', 'application/x-www-form-urlencoded', { client_id: 'my-client', client_secret: 'client-secret-9', grant_type: 'client_credentials', foo: 'bar' }]),
    );
    expect(api.of('/a').map((s) => s.headers.authorization)).toEqual(['Bearer access-1', 'Bearer access-2', 'Bearer access-3']);
    expect(JSON.stringify(api.seen)).not.toContain('client-secret-9');
  });

  it('oauth2: one client renews the token only after expires_in, and a refused token request fails the table without the secret', async () => {
    let issued = 0;
    tokenServer.handlers.set('/oauth/token', () => ({ body: { access_token: `access-${++issued}`, expires_in: 10 } }));
    let t = 0;
    let page = 0;
    api.handlers.set('/a', () => {
      t += 4000; // every page takes 4 s of the injected clock
      page++;
      return { body: { data: page <= 5 ? [{ id: page }] : [], next: page <= 5 ? `/a?p=${page}` : null } };
    });
    const src = source({
      client: { auth: { type: 'oauth2_client_credentials', access_token_url: `${tokenServer.url}/oauth/token`, client_id: 'c' } },
      resources: [{ name: 'a', endpoint: { path: 'a', data_selector: 'data', paginator: { type: 'json_link', next_url_path: 'next' } } }],
    });
    await sync(src, { secret: 'client-secret-9', now: () => t });
    // Token 1 is issued at 0 s and expires at 10 s; pages are asked at 0, 4, 8, 12, 16 and 20 s.
    expect(api.of('/a').map((s) => s.headers.authorization)).toEqual(['Bearer access-1', 'Bearer access-1', 'Bearer access-1', 'Bearer access-2', 'Bearer access-2', 'Bearer access-2']);
    expect(tokenServer.seen).toHaveLength(2);

    tokenServer.handlers.set('/oauth/token', () => ({ status: 401, body: { error: 'invalid_client', echo: 'client-secret-9' } }));
    const failed = await sync(src, { secret: 'client-secret-9', now: () => t });
    expect(failed.resources.a.status).toBe('error');
    expect(failed.resources.a.error?.message).toBe(`a: the token server ${tokenServer.url} refused the client credentials (HTTP 401)`);
    expect(JSON.stringify(failed.resources.a.error?.toJSON())).not.toContain('client-secret-9');
  });
});

describe('incremental', () => {
  const updated = (n: number) => Array.from({ length: n }, (_, i) => ({ id: i + 1, title: `Post ${i + 1}` }));

  // dlt: integration/test_offline.py test_incremental_implicitly_filters_out_data
  it('a second sync of an unchanged API appends nothing (rows at the stored maximum are told apart by hash)', async () => {
    api.handlers.set('/posts', () => ({ body: updated(5) }));
    const src = source({ resources: [{ name: 'posts', endpoint: { path: 'posts', paginator: 'single_page', incremental: { cursor_path: 'id', initial_value: 1 } } }] });
    await sync(src);
    expect(await rows('posts')).toHaveLength(5);
    await sync(src);
    expect(await rows('posts')).toHaveLength(5);
    // A new row and one more at the boundary value arrive: only they are appended.
    api.handlers.set('/posts', () => ({ body: [...updated(6), { id: 6, title: 'Another six' }] }));
    await sync(src);
    expect((await rows('posts')).map((r) => r.title)).toEqual(['Post 1', 'Post 2', 'Post 3', 'Post 4', 'Post 5', 'Post 6', 'Another six']);
  });

  // dlt: test_offline.py test_single_resource_query_string_params incremental_in_endpoint / incremental_in_params; transform.py end_value is exclusive
  it('sends start_param/end_param, drops rows at or past end_value, and keeps no state with end_value', async () => {
    api.handlers.set('/posts', () => ({ body: updated(12) }));
    const src = source({
      resources: [{ name: 'posts', endpoint: { path: 'posts', paginator: 'single_page', params: { sort: 'desc' }, incremental: { start_param: 'since', end_param: 'until', cursor_path: 'id', initial_value: 1, end_value: 10 } } }],
    });
    await sync(src);
    await sync(src);
    expect(api.seen.map((s) => s.query)).toEqual([
      { sort: 'desc', since: '1', until: '10' },
      { sort: 'desc', since: '1', until: '10' },
    ]);
    expect((await rows('posts')).map((r) => r.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  // dlt: test_offline.py test_incremental_object_interpolation; test_headers_with_incremental_values; test_post_data_param_with_incremental_values
  it('fills {incremental.*} in params, headers and data', async () => {
    api.handlers.set('/posts', () => ({ body: [] }));
    const src = source({
      resources: [
        {
          name: 'posts',
          endpoint: {
            path: 'posts',
            method: 'POST',
            paginator: 'single_page',
            params: { initial_value: '{incremental.initial_value}', lag: '{incremental.lag}', since: '{incremental.start_value}', until: '{incremental.end_value}' },
            headers: { 'X-Start-Value': '{incremental.start_value}', 'X-Escaped': '{{not_this}}' },
            data: { last: '{incremental.last_value}' },
            incremental: { cursor_path: 'id', initial_value: 1600000000, end_value: 1700000000, lag: 3600 },
          },
        },
      ],
    });
    await sync(src);
    const [call] = api.seen;
    expect(call.query).toEqual({ initial_value: '1600000000', lag: '3600', since: '1600000000', until: '1700000000' });
    expect([call.headers['x-start-value'], call.headers['x-escaped'], call.body]).toEqual(['1600000000', '{not_this}', 'last=1600000000']);
  });

  // dlt: extract/incremental/lag.py apply_lag; transform.py (lag turns boundary deduplication off)
  it('lag starts the next sync earlier, never before initial_value, and re-read rows merge by key', async () => {
    api.handlers.set('/posts', (s) => ({ body: updated(10).filter((r) => r.id >= Number(s.query.since)) }));
    const src = source({ resources: [{ name: 'posts', primary_key: 'id', write_disposition: 'merge', endpoint: { path: 'posts', paginator: 'single_page', incremental: { start_param: 'since', cursor_path: 'id', initial_value: 2, lag: 3 } } }] });
    await sync(src);
    await sync(src);
    expect(api.seen.map((s) => s.query.since)).toEqual(['2', '7']);
    expect((await rows('posts')).map((r) => r.id).sort((a, b) => Number(a) - Number(b))).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  // dlt: extract/incremental/__init__.py can_close with row_order
  it('row_order "asc" stops paging at the first page past end_value', async () => {
    api.handlers.set('/posts', (s) => {
      const page = Number(s.query.page ?? 1);
      return { body: { data: updated(20).slice((page - 1) * 4, page * 4), total_pages: 5 } };
    });
    const src = source({
      resources: [
        {
          name: 'posts',
          endpoint: {
            path: 'posts',
            data_selector: 'data',
            paginator: { type: 'page_number', base_page: 1, total_path: 'total_pages' },
            incremental: { cursor_path: 'id', initial_value: 1, end_value: 7, row_order: 'asc' },
          },
        },
      ],
    });
    await sync(src);
    expect(api.seen.map((s) => s.query.page)).toEqual(['1', '2']);
    expect((await rows('posts')).map((r) => r.id)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  // dlt: transform.py find_cursor_value / on_cursor_value_missing; range_start "open"
  it('on_cursor_value_missing raise, include, exclude; range_start open drops rows equal to the start', async () => {
    const data = [{ id: 1, u: 5 }, { id: 2 }, { id: 3, u: null }, { id: 4, u: 6 }];
    api.handlers.set('/a|/b|/c|/d', () => ({ body: data }));
    const inc = (extra: object) => ({ cursor_path: 'u', initial_value: 5, ...extra });
    const src = source({
      resources: [
        { name: 'a', endpoint: { path: 'a', paginator: 'single_page', incremental: inc({}) } },
        { name: 'b', endpoint: { path: 'b', paginator: 'single_page', incremental: inc({ on_cursor_value_missing: 'include' }) } },
        { name: 'c', endpoint: { path: 'c', paginator: 'single_page', incremental: inc({ on_cursor_value_missing: 'exclude' }) } },
        { name: 'd', endpoint: { path: 'd', paginator: 'single_page', incremental: inc({ on_cursor_value_missing: 'exclude', range_start: 'open' }) } },
      ],
    });
    const result = await sync(src);
    expect(result.resources.a.error?.message).toBe('a: a row has no value at the incremental cursor_path "u"; set on_cursor_value_missing to "include" or "exclude" to load such rows or skip them');
    expect((await rows('b')).map((r) => r.id)).toEqual([1, 2, 3, 4]);
    expect((await rows('c')).map((r) => r.id)).toEqual([1, 4]);
    expect((await rows('d')).map((r) => r.id)).toEqual([4]);
  });
});

describe('parents', () => {
  // dlt: config_setup.py build_parent_record raises when an include_from_parent field is missing
  it('fails the child, naming the field, when a parent row lacks an include_from_parent field', async () => {
    api.handlers.set('/posts', () => ({ body: [{ id: 1 }] }));
    api.handlers.set('/posts/1/comments', () => ({ body: [{ id: 10 }] }));
    const src = source({
      resources: [
        { name: 'posts', endpoint: { path: 'posts', paginator: 'single_page' } },
        { name: 'comments', endpoint: { path: 'posts/{resources.posts.id}/comments', paginator: 'single_page' }, include_from_parent: ['id', 'author'] },
      ],
    });
    const result = await sync(src);
    expect(result.resources.comments.error?.message).toBe('comments: include_from_parent needs the field "author" in each posts row, but a row has no key "author"; its keys are "id"');
  });

  // dlt: config_setup.py collect_resolved_values raises when a resolved field is missing
  it('fails the child when a parent row lacks the field its path needs', async () => {
    api.handlers.set('/posts', () => ({ body: [{ id: 1 }, { name: 'no id' }] }));
    api.handlers.set('/posts/1/comments', () => ({ body: [] }));
    const src = source({ resources: [{ name: 'posts', endpoint: { path: 'posts', paginator: 'single_page' } }, { name: 'comments', endpoint: { path: 'posts/{resources.posts.id}/comments', paginator: 'single_page' } }] });
    const result = await sync(src);
    expect(result.resources.comments.error?.message).toBe('comments: a posts row has no key "id" to fill {resources.posts.id}; its keys are "name"');
  });
});

describe('records that are not objects', () => {
  // dlt: common/normalizers/json/relational.py normalize_data_item wraps a non-dict item as {"value": item}
  it('loads each scalar or list record as {"value": item}, wherever records are read', async () => {
    api.handlers.set('/ids', () => ({ body: { data: [1, 'a', [1, 2], null] } }));
    api.handlers.set('/deep', () => ({ body: { a: { b: { c: [7, 8] } } } }));
    api.handlers.set('/count', () => ({ body: { total: 5 } }));
    api.handlers.set('/groups', () => ({ body: { groups: [{ ids: [1, 2] }, { ids: [3] }] } }));
    api.handlers.set('/posts', () => ({ body: [{ id: 1 }, { id: 2 }] }));
    api.handlers.set('/posts/\\d+/tags', (s) => ({ body: [`t${s.path.split('/')[2]}`] }));
    const src = source({
      resources: [
        { name: 'ids', endpoint: { path: 'ids', paginator: 'single_page', data_selector: 'data' } },
        { name: 'deep', endpoint: { path: 'deep', paginator: 'single_page' } },
        { name: 'count', endpoint: { path: 'count', paginator: 'single_page', data_selector: 'total' } },
        { name: 'groups', endpoint: { path: 'groups', paginator: 'single_page', data_selector: 'groups[*].ids[*]' } },
        { name: 'posts', endpoint: { path: 'posts', paginator: 'single_page' } },
        { name: 'tags', endpoint: { path: 'posts/{resources.posts.id}/tags', paginator: 'single_page' }, include_from_parent: ['id'] },
      ],
    });
    const result = await sync(src);
    expect(Object.values(result.resources).map((r) => r.status)).toEqual(Array(6).fill('done'));
    expect(await rows('ids')).toEqual([{ value: 1 }, { value: 'a' }, { value: [1, 2] }, { value: null }]);
    expect(await rows('deep')).toEqual([{ value: 7 }, { value: 8 }]);
    expect(await rows('count')).toEqual([{ value: 5 }]);
    expect(await rows('groups')).toEqual([{ value: 1 }, { value: 2 }, { value: 3 }]);
    expect(await rows('tags')).toEqual([
      { value: 't1', _posts_id: 1 },
      { value: 't2', _posts_id: 2 },
    ]);
  });
});

describe('write disposition default', () => {
  // dlt: dlt.resource appends unless write_disposition says otherwise, primary_key or not
  it('appends without write_disposition, so a key repeated within one run keeps every row', async () => {
    api.handlers.set('/posts', () => ({ body: posts }));
    api.handlers.set('/posts/\\d+/comments', () => ({ body: [{ id: 0 }, { id: 1 }] }));
    const src = source({
      resources: [
        { name: 'posts', endpoint: { path: 'posts', paginator: 'single_page' } },
        { name: 'comments', primary_key: 'id', endpoint: { path: 'posts/{resources.posts.id}/comments', paginator: 'single_page' } },
      ],
    });
    await sync(src);
    expect(await rows('comments')).toHaveLength(10);
    const merged = source({
      resources: [
        { name: 'posts', endpoint: { path: 'posts', paginator: 'single_page' } },
        { name: 'comments', primary_key: 'id', write_disposition: 'merge', endpoint: { path: 'posts/{resources.posts.id}/comments', paginator: 'single_page' } },
      ],
    });
    await store.close();
    store = await Store.open(`dlt-behaviour-${++dbN}`);
    await sync(merged);
    expect(await rows('comments')).toHaveLength(2);
  });
});

describe('include_from_parent fields', () => {
  // dlt: config_setup.py build_parent_record reads item[parent_key] and names it make_parent_key_name;
  // a field that is no key of the row is read as a JSONPath (ours, issue 9)
  it('reads a field as a literal key of the parent row first, else as a JSONPath', async () => {
    api.handlers.set('/posts', () => ({ body: [{ id: 1, 'a.b': 'literal', a: { b: 'nested' }, 'x y': 'spaced', user: { name: 'u1' } }] }));
    api.handlers.set('/posts/1/c', () => ({ body: [{ cid: 9 }] }));
    const src = source({
      resources: [
        { name: 'posts', endpoint: { path: 'posts', paginator: 'single_page' } },
        { name: 'c', endpoint: { path: 'posts/{resources.posts.id}/c', paginator: 'single_page' }, include_from_parent: ['a.b', 'x y', 'user.name'] },
      ],
    });
    const result = await sync(src);
    expect(result.resources.c.status).toBe('done');
    expect(await rows('c')).toEqual([{ cid: 9, '_posts_a_b': 'literal', '_posts_x y': 'spaced', '_posts_user_name': 'u1' }]);
  });
});

describe('placeholder fields', () => {
  const children = [
    { name: 'items', endpoint: { path: 'items', paginator: 'single_page' } },
    {
      name: 'bracket',
      endpoint: { path: "items/{resources.items['ext.id']}/kids", params: { dotted: '{resources.items.ext.id}' }, headers: { 'X-Ext': "{resources.items.['ext.id']}" }, paginator: 'single_page' },
    },
    { name: 'resolved', endpoint: { path: 'items/{key}/kids', params: { key: { type: 'resolve', resource: 'items', field: 'ext.id' } }, paginator: 'single_page' } },
    { name: 'body', endpoint: { path: 'post', method: 'POST', json: { ext: "{resources.items['ext.id']}", text: 'id {resources.items.ext.id}' }, paginator: 'single_page' } },
    { name: 'form', endpoint: { path: 'post', method: 'POST', data: { ext: '{resources.items.ext.id}' }, paginator: 'single_page' } },
  ];
  const statuses = (result: SyncResult) => Object.fromEntries(Object.entries(result.resources).map(([k, r]) => [k, r.error?.message ?? r.status]));

  // dlt: config_setup.py process_parent_data_item reads a placeholder field as a JSONPath; here, as
  // for include_from_parent, a literal key of the parent row comes first (issue 9)
  it('read a literal key of the parent row first, in path, params, json, headers, data and resolve params', async () => {
    api.handlers.set('/items', () => ({ body: [{ id: 1, 'ext.id': 'a1', ext: { id: 'nested' } }] }));
    api.handlers.set('/items/[^/]+/kids', (s) => ({ body: [{ k: s.path.split('/')[2] }] }));
    api.handlers.set('/post', () => ({ body: [{ ok: 1 }] }));
    const src = source({ resources: children });
    expect(src.resources.find((r) => r.name === 'bracket')?.parent?.refs).toEqual([
      { resource: 'items', field: "['ext.id']" },
      { resource: 'items', field: 'ext.id' },
      { resource: 'items', field: "['ext.id']" },
    ]);
    const result = await sync(src);
    expect(statuses(result)).toEqual({ items: 'done', bracket: 'done', resolved: 'done', body: 'done', form: 'done' });
    const kids = api.seen.filter((s) => s.path.endsWith('/kids'));
    expect(kids.map((s) => [s.path, s.query.dotted, s.headers['x-ext']])).toEqual([
      ['/items/a1/kids', 'a1', 'a1'],
      ['/items/a1/kids', undefined, undefined],
    ]);
    expect(api.of('/post').map((s) => s.body)).toEqual([JSON.stringify({ ext: 'a1', text: 'id a1' }), 'ext=a1']);
  });

  it('read a JSONPath when the row has no such key, and name the quoted keys a row has when neither is there', async () => {
    api.handlers.set('/items', () => ({ body: [{ id: 2, ext: { id: 'n2' } }] }));
    api.handlers.set('/items/[^/]+/kids', (s) => ({ body: [{ k: s.path.split('/')[2] }] }));
    api.handlers.set('/post', () => ({ body: [{ ok: 1 }] }));
    const result = await sync(source({ resources: children }));
    const missing = `a items row has no key "ext.id" to fill {resources.items['ext.id']}; its keys are "id", "ext"`;
    expect(statuses(result)).toEqual({ items: 'done', bracket: `bracket: ${missing}`, resolved: 'done', body: `body: ${missing}`, form: 'done' });
    expect(api.seen.filter((s) => s.path !== '/items').map((s) => `${s.path} ${s.body}`)).toEqual(['/items/n2/kids ', '/post ext=n2']);
  });
});

describe('a parent row that does not fit the child', () => {
  // dlt: __init__.py paginate_dependent_resource calls process_parent_data_item (which raises on a
  // missing include_from_parent or placeholder field) before client.paginate for that row
  it('fails the child at the first such row, after the rows before it, with no further child requests', async () => {
    api.handlers.set('/posts', () => ({ body: [{ id: 1, author: 'a' }, { id: 2, author: 'b' }, { id: 3 }, { id: 4, author: 'd' }] }));
    api.handlers.set('/posts/\\d+/comments', (s) => ({ body: [{ cid: Number(s.path.split('/')[2]) * 10 }] }));
    const src = source({
      resources: [
        { name: 'posts', endpoint: { path: 'posts', paginator: 'single_page' } },
        { name: 'comments', endpoint: { path: 'posts/{resources.posts.id}/comments', paginator: 'single_page' }, include_from_parent: ['author'] },
      ],
    });
    const result = await sync(src);
    expect(result.resources.comments.error?.message).toBe('comments: include_from_parent needs the field "author" in each posts row, but a row has no key "author"; its keys are "id"');
    expect(api.seen.map((s) => s.path)).toEqual(['/posts', '/posts/1/comments', '/posts/2/comments']);
    expect(await rows('comments')).toEqual([
      { cid: 10, _posts_author: 'a' },
      { cid: 20, _posts_author: 'b' },
    ]);
  });

  it('does the same for a placeholder field', async () => {
    api.handlers.set('/posts', () => ({ body: [{ id: 1 }, { name: 'no id' }, { id: 3 }] }));
    api.handlers.set('/posts/\\d+/comments', () => ({ body: [{ cid: 1 }] }));
    const src = source({ resources: [{ name: 'posts', endpoint: { path: 'posts', paginator: 'single_page' } }, { name: 'comments', endpoint: { path: 'posts/{resources.posts.id}/comments', paginator: 'single_page' } }] });
    const result = await sync(src);
    expect(result.resources.comments.error?.message).toBe('comments: a posts row has no key "id" to fill {resources.posts.id}; its keys are "name"');
    expect(api.seen.map((s) => s.path)).toEqual(['/posts', '/posts/1/comments']);
    expect(await rows('comments')).toEqual([{ cid: 1 }]);
  });
});

describe('list values in params and form data', () => {
  // requests' _encode_params sends a list as the key repeated and leaves out None items; dlt's
  // expand_placeholders fills placeholders inside list items (config_setup.py)
  it('sends each item as the key repeated, placeholders filled, bigints exact, None items and empty lists left out', async () => {
    api.handlers.set('/posts', () => ({ body: [{ id: 7 }] }));
    api.handlers.set('/c', () => ({ body: [{ cid: 1 }] }));
    api.handlers.set('/f', () => ({ body: [{ fid: 1 }] }));
    const src = source({
      resources: [
        { name: 'posts', endpoint: { path: 'posts', paginator: 'single_page', params: { ids: [1, 2], none: [], big: [12345678901234567891n, true] } } },
        { name: 'c', endpoint: { path: 'c', paginator: 'single_page', params: { id: ['{resources.posts.id}', null, 'x'] } } },
        { name: 'f', endpoint: { path: 'f', method: 'POST', paginator: 'single_page', data: { tag: ['a', '{resources.posts.id}'], one: 1 } } },
      ],
    });
    const result = await sync(src);
    expect(Object.values(result.resources).map((r) => r.status)).toEqual(['done', 'done', 'done']);
    expect(api.of('/posts')[0].query).toEqual({ ids: ['1', '2'], big: ['12345678901234567891', 'True'] });
    expect(api.of('/c')[0].query).toEqual({ id: ['7', 'x'] });
    expect(api.of('/f')[0].body).toBe('tag=a&tag=7&one=1');
  });
});

describe('a parent that is not selected', () => {
  // dlt: a selected=False parent is extracted to feed its children but not loaded (source.resources.extracted
  // vs selected; the tests' table_counts list only loaded tables)
  it('is walked to feed its child, and is no table the popup or exports list (they list selectedResources)', async () => {
    api.handlers.set('/posts', () => ({ body: posts }));
    api.handlers.set('/posts/\\d+/comments', (s) => ({ body: [{ cid: Number(s.path.split('/')[2]) }] }));
    const src = source({
      resources: [
        { name: 'posts', selected: false, endpoint: { path: 'posts', paginator: 'single_page' } },
        { name: 'comments', endpoint: { path: 'posts/{resources.posts.id}/comments', paginator: 'single_page' } },
      ],
    });
    const listed = selectedResources(src, DEFAULT_SETTINGS);
    expect(listed).toEqual(['comments']);
    const httpClient = new HttpClient({ baseUrl: src.baseUrl, auth: src.auth, secret: 's', headers: src.headers, retry: { ...src.retry, maxRetries: 0 } });
    const result = await runSync({ source: src, selected: listed, store, http: httpClient, signal: new AbortController().signal });
    expect(result.resources.comments.status).toBe('done');
    expect((await rows('comments')).map((r) => r.cid)).toEqual([0, 1, 2, 3, 4]);
  });
});
