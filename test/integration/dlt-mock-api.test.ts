/**
 * Configs from dlt's own tests, run through the engine (real fetch, fake-indexeddb) against dlt's
 * mock API served over HTTP on 127.0.0.1 (test/server/dlt-mock-api.ts): the same requests and the
 * same rows dlt gets. Each test names the dlt test it follows.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resolveConfig } from '@/lib/config';
import type { ResolvedSource } from '@/lib/config/types';
import { SyncError } from '@/lib/errors';
import { HttpClient, type ApiRequest } from '@/lib/http';
import { Store, type Row } from '@/lib/store';
import { runSync, type SyncResult } from '@/lib/sync/engine';
import { comments, posts, startDltMockServer, type DltMockServer } from '../server/dlt-mock-api';

let server: DltMockServer;
let store: Store;
let dbCount = 0;

beforeAll(async () => {
  server = await startDltMockServer();
});
afterAll(() => server.close());
beforeEach(async () => {
  server.requests.length = 0;
  store = await Store.open(`dlt-mock-${++dbCount}`);
});

function source(resources: unknown[], client: Record<string, unknown> = {}): ResolvedSource {
  const result = resolveConfig({ client: { base_url: server.url, ...client }, resources });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.source;
}

function client(src: ResolvedSource): HttpClient {
  return new HttpClient({ baseUrl: src.baseUrl, auth: src.auth, secret: 'unused', headers: src.headers, retry: { ...src.retry, maxRetries: 0 } });
}

async function sync(src: ResolvedSource, http: Pick<HttpClient, 'request' | 'showUrl'> = client(src)): Promise<SyncResult> {
  return runSync({ source: src, selected: src.resources.map((r) => r.name), store, http, signal: new AbortController().signal, concurrency: 1 });
}

async function stored(name: string): Promise<Row[]> {
  const out: Row[] = [];
  for await (const batch of store.iterateRows(name)) out.push(...batch);
  return out;
}

const requested = () => server.requests.map((r) => `${r.method} ${r.url}${r.json === undefined ? '' : ` ${JSON.stringify(r.json)}`}`);
const allDone = (result: SyncResult) => expect(Object.values(result.resources).map((r) => r.error?.message ?? r.status)).toEqual(Object.values(result.resources).map(() => 'done'));

describe('dlt rest_api offline tests against dlt\'s mock API', () => {
  // dlt: tests/sources/rest_api/integration/test_offline.py test_load_mock_api
  it('detects each paginator and data selector, and reads a single-entity path as one record per parent', async () => {
    const src = source([
      'posts',
      { name: 'post_comments', endpoint: { path: 'posts/{post_id}/comments', params: { post_id: { type: 'resolve', resource: 'posts', field: 'id' } } } },
      { name: 'post_details', endpoint: { path: 'posts/{post_id}', params: { post_id: { type: 'resolve', resource: 'posts', field: 'id' } } } },
    ]);
    allDone(await sync(src));
    const byId = (a: Row, b: Row) => (a.id as number) - (b.id as number);
    expect((await stored('posts')).sort(byId)).toEqual(posts());
    expect((await stored('post_details')).sort(byId)).toEqual(posts().map((p) => ({ id: p.id, body: `Post body ${p.id}` })));
    const postComments = await stored('post_comments');
    expect(postComments).toHaveLength(50 * 25);
    expect(postComments.filter((c) => c.post_id === 0)).toEqual(comments(0));
    // dlt's requests: the first page as configured, then each next_page URL; 10 pages of comments per post.
    const urls = requested();
    expect(urls.slice(0, 5)).toEqual(['GET /posts', 'GET /posts?page=2', 'GET /posts?page=3', 'GET /posts?page=4', 'GET /posts?page=5']);
    expect(urls.filter((u) => /^GET \/posts\/\d+$/.test(u))).toHaveLength(25);
    expect(urls.filter((u) => u.startsWith('GET /posts/0/comments'))).toEqual([
      'GET /posts/0/comments',
      ...Array.from({ length: 9 }, (_, i) => `GET /posts/0/comments?page=${i + 2}`),
    ]);
    expect(urls).toHaveLength(5 + 25 + 250);
    // 280 requests over real sockets: allow for a busy machine.
  }, 30_000);

  // dlt: test_offline.py test_posts_under_results_key. "json_link" alone looks for "next", which
  // this response does not have, so dlt reads the first page only (its test takes one page too).
  it('reads records under a key with a dash; json_link with its default path finds no next page', async () => {
    allDone(await sync(source([{ name: 'posts', endpoint: { path: 'posts_under_a_different_key', data_selector: 'many-results', paginator: 'json_link' } }])));
    expect(await stored('posts')).toEqual(posts().slice(0, 5));
    expect(requested()).toEqual(['GET /posts_under_a_different_key']);
  });

  // dlt: test_offline.py test_source_with_post_request (its custom paginator written as the cursor
  // paginator's cursor_body_path, which does the same)
  it('pages a POST search through the request body', async () => {
    const src = source([
      {
        name: 'search_posts',
        endpoint: {
          path: '/posts/search',
          method: 'POST',
          json: { ids_greater_than: 50, page_size: 25, page_count: 4 },
          paginator: { type: 'cursor', cursor_path: 'next_page', cursor_body_path: 'page' },
        },
      },
    ]);
    allDone(await sync(src));
    expect(await stored('search_posts')).toEqual(posts(100).filter((p) => p.id > 50));
    expect(requested()).toEqual([
      'POST /posts/search {"ids_greater_than":50,"page_size":25,"page_count":4}',
      'POST /posts/search {"ids_greater_than":50,"page_size":25,"page_count":4,"page":2}',
    ]);
  });

  it('follows a relative next URL found by detection', async () => {
    allDone(await sync(source(['posts_relative_next_url'])));
    expect(await stored('posts_relative_next_url')).toEqual(posts());
    expect(requested()).toEqual(['GET /posts_relative_next_url', ...[2, 3, 4, 5].map((p) => `GET /posts_relative_next_url?page=${p}`)]);
  });
});

// dlt: tests/sources/helpers/rest_client/test_paginators.py, each paginator's test_client_pagination*
// (conftest.py assert_pagination: 5 pages of posts 0..24 in order).
describe('dlt test_client_pagination for each paginator', () => {
  it.each([
    ['TestHeaderLinkPaginator.test_client_pagination', { path: '/posts_header_link', paginator: 'header_link' }, 5],
    ['TestJSONLinkPaginator.test_client_pagination', { path: '/posts', paginator: { type: 'json_link', next_url_path: 'next_page' } }, 5],
    ['TestOffsetPaginator.test_client_pagination', { path: '/posts_offset_limit', paginator: { type: 'offset', offset: 0, limit: 5, total_path: 'total_records' } }, 5],
    ['TestPageNumberPaginator.test_client_pagination_one_based', { path: '/posts', paginator: { type: 'page_number', base_page: 1, page: 1, total_path: 'total_pages' } }, 5],
    ['TestPageNumberPaginator.test_client_pagination_one_based_default_page', { path: '/posts', paginator: { type: 'page_number', base_page: 1, total_path: 'total_pages' } }, 5],
    ['TestPageNumberPaginator.test_client_pagination_zero_based', { path: '/posts_zero_based', paginator: { type: 'page_number', base_page: 0, page: 0, total_path: 'total_pages' } }, 5],
    ['TestJSONResponseCursorPaginator.test_client_pagination_with_param', { path: '/posts_cursor', paginator: { type: 'cursor', cursor_path: 'next_cursor' } }, 5],
    ['TestHeaderCursorPaginator.test_client_pagination', { path: '/posts_header_cursor', paginator: { type: 'header_cursor', cursor_key: 'cursor', cursor_param: 'page' } }, 5],
    ['TestSinglePagePaginator.test_client_pagination', { path: '/posts', paginator: 'single_page' }, 1],
    [
      'TestPageNumberPaginator.test_client_pagination_with_json',
      { path: '/posts/search', method: 'POST', json: { page_size: 5, page: 1, ids_greater_than: -1 }, paginator: { type: 'page_number', base_page: 1, page_body_path: 'page', total_path: 'total_pages' } },
      5,
    ],
    [
      'TestJSONResponseCursorPaginator.test_client_pagination_with_json',
      { path: '/posts/search', method: 'POST', json: { ids_greater_than: -1, page_size: 5, page_count: 5 }, paginator: { type: 'cursor', cursor_path: 'next_page', cursor_body_path: 'page' } },
      5,
    ],
    [
      'TestOffsetPaginator.test_client_pagination_with_json',
      {
        path: '/posts_offset_limit_via_json_body',
        method: 'POST',
        json: { limit: 5, offset: 0, ids_greater_than: -1 },
        paginator: { type: 'offset', offset: 0, limit: 5, offset_body_path: 'offset', limit_body_path: 'limit', total_path: 'total_records' },
      },
      5,
    ],
  ])('%s', async (_name, endpoint, pages) => {
    allDone(await sync(source([{ name: 'posts', endpoint }])));
    expect(await stored('posts')).toEqual(posts().slice(0, pages * 5));
    expect(server.requests).toHaveLength(pages);
  });
});

describe('detection is remembered in the checkpoint', () => {
  it('a walk resumed after a failure continues with the detected paginator and data selector, not detecting again', async () => {
    const src = source(['posts']);
    const http = client(src);
    let calls = 0;
    const failing = {
      request: (req: ApiRequest, signal?: AbortSignal) => {
        if (++calls === 3) return Promise.reject(new SyncError('network', 'posts: connection reset', { resource: 'posts' }));
        return http.request(req, signal);
      },
      showUrl: (url: string) => http.showUrl(url),
    };
    const first = await sync(src, failing);
    expect(first.resources.posts.error?.message).toBe('posts: connection reset');
    const checkpoint = (await store.tableState('posts')).checkpoint;
    expect(checkpoint).toEqual({
      paginator: { detected: { type: 'json_link', options: { next_url_path: 'next_page' } }, position: { next: `${server.url}/posts?page=3` } },
      dataSelector: ['data'],
      done: false,
    });
    server.requests.length = 0;
    allDone(await sync(src));
    expect(requested()).toEqual(['GET /posts?page=3', 'GET /posts?page=4', 'GET /posts?page=5']);
    expect((await stored('posts')).sort((a, b) => (a.id as number) - (b.id as number))).toEqual(posts());
  });
});
