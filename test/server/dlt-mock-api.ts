/**
 * The mock API of dlt's own REST tests (dlt: tests/sources/rest_api/conftest.py `mock_api_server`
 * and tests/sources/helpers/rest_client/paginators.py), as a plain handler and as a real HTTP
 * server on 127.0.0.1, so a config from dlt's tests runs here against the responses it was
 * written for. 25 posts in pages of 5; 50 comments per post in pages of 5.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface MockRequest {
  method: string;
  /** Absolute URL, query included. */
  url: URL;
  json?: unknown;
}

export interface MockResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

const PAGE_SIZE = 5;

export const posts = (count = 25) => Array.from({ length: count }, (_, i) => ({ id: i, title: `Post ${i}` }));
export const comments = (postId: number, count = 50) =>
  Array.from({ length: count }, (_, i) => ({ id: i, post_id: postId, body: `Comment ${i} for post ${postId}` }));

/** dlt's PageNumberPaginator of the mock: records of `page` and the next page number, if any. */
function pageOf<T>(records: T[], page: number, indexBase: number) {
  const totalPages = Math.ceil(records.length / PAGE_SIZE);
  const start = (page - indexBase) * PAGE_SIZE;
  return { records: records.slice(start, start + PAGE_SIZE), totalPages, next: page + 1 < totalPages + indexBase ? page + 1 : null };
}

/** dlt's `paginate_by_page_number`: `{data, page, total_pages, next_page}`, next_page absolute unless asked. */
function byPageNumber(req: MockRequest, records: unknown[], opts: { key?: string; indexBase?: number; relative?: boolean } = {}) {
  const indexBase = opts.indexBase ?? 1;
  const page = Number(req.url.searchParams.get('page') ?? indexBase);
  const { records: slice, totalPages, next } = pageOf(records, page, indexBase);
  const body: Record<string, unknown> = { [opts.key ?? 'data']: slice, page, total_pages: totalPages };
  if (next !== null) {
    const path = `${req.url.pathname}?page=${next}`;
    body.next_page = opts.relative ? path : `${req.url.origin}${path}`;
  }
  return body;
}

const ok = (body: unknown, headers: Record<string, string> = {}): MockResponse => ({ status: 200, headers, body });

/** Answers one request as dlt's mock does; unknown paths are 404. */
export function handleDltMock(req: MockRequest): MockResponse {
  const path = req.url.pathname;
  const q = req.url.searchParams;
  let m: RegExpExecArray | null;
  if (req.method === 'GET' && path === '/posts') return ok(byPageNumber(req, posts()));
  if (path === '/posts_zero_based') return ok(byPageNumber(req, posts(), { indexBase: 0 }));
  if (path === '/posts_relative_next_url') return ok(byPageNumber(req, posts(), { relative: true }));
  if (path === '/posts_under_a_different_key') return ok(byPageNumber(req, posts(), { key: 'many-results' }));
  if (path === '/posts_header_link') {
    const page = Number(q.get('page') ?? 1);
    const { records, next } = pageOf(posts(), page, 1);
    return ok(records, next === null ? {} : { Link: `<${req.url.origin}${path}?page=${next}>; rel="next"` });
  }
  if (path === '/posts_header_cursor') {
    const page = Number(q.get('page') ?? 1);
    const { records, next } = pageOf(posts(), page, 1);
    return ok(records, next === null ? {} : { cursor: String(next) });
  }
  if (path === '/posts_offset_limit') {
    const offset = Number(q.get('offset') ?? 0);
    const limit = Number(q.get('limit') ?? 10);
    const all = posts();
    return ok({ data: all.slice(offset, offset + limit), total_records: all.length, offset, limit });
  }
  if (path === '/posts_cursor') {
    const cursor = Number(q.get('cursor') ?? 0);
    const all = posts();
    const next = cursor + PAGE_SIZE;
    return ok({ data: all.slice(cursor, next), next_cursor: next < all.length ? next : null });
  }
  if (req.method === 'POST' && path === '/posts/search') {
    const body = (req.json ?? {}) as Record<string, number>;
    const pageSize = body.page_size ?? PAGE_SIZE;
    const pageCount = body.page_count ?? 5;
    const page = body.page ?? 1;
    const records = posts(pageSize * pageCount).filter((r) => r.id > (body.ids_greater_than ?? 0));
    const totalPages = Math.ceil(records.length / pageSize);
    const data = records.slice((page - 1) * pageSize, page * pageSize);
    return ok({ data, next_page: page < totalPages ? page + 1 : null, total_pages: totalPages, total_records: records.length });
  }
  if (req.method === 'POST' && path === '/posts_offset_limit_via_json_body') {
    const body = (req.json ?? {}) as Record<string, number>;
    const offset = body.offset ?? 0;
    const limit = body.limit ?? 10;
    const records = posts().filter((r) => r.id > (body.ids_greater_than ?? 0));
    return ok({ data: records.slice(offset, offset + limit), total_records: records.length });
  }
  if ((m = /^\/posts\/(\d+)\/comments$/.exec(path))) return ok(byPageNumber(req, comments(Number(m[1]))));
  if ((m = /^\/posts\/(\d+)$/.exec(path))) return ok({ id: Number(m[1]), body: `Post body ${m[1]}` });
  return { status: 404, headers: {}, body: { error: `no route for ${path}` } };
}

export interface DltMockServer {
  url: string;
  /** Every request received, in order: method, path with query, JSON body. */
  requests: { method: string; url: string; json?: unknown }[];
  close(): Promise<void>;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

/** dlt's mock API over HTTP on 127.0.0.1 and a free port. */
export async function startDltMockServer(): Promise<DltMockServer> {
  const requests: DltMockServer['requests'] = [];
  let origin = '';
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', origin);
      const json = await readJson(req);
      requests.push({ method: req.method ?? 'GET', url: url.pathname + url.search, ...(json === undefined ? {} : { json }) });
      const out = handleDltMock({ method: req.method ?? 'GET', url, json });
      res.writeHead(out.status, { 'Content-Type': 'application/json', ...out.headers });
      res.end(JSON.stringify(out.body));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: origin,
    requests,
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}
