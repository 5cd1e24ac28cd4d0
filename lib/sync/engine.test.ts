import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ResolvedResource, ResolvedSource } from '@/lib/config/types';
import { setParams } from '@/lib/http/request-url';
import { SyncError } from '@/lib/errors';
import type { ApiRequest, ApiResponse } from '@/lib/http';
import { Store } from '@/lib/store';
import { linkFrom } from '@/lib/paginators/testing';
import type { ResourceProgress } from '@/lib/messages';
import { runSync } from './engine';

/** The URL a fake API answered for a request, as the HTTP client reports it. */
function requestUrl(req: ApiRequest): string {
  const url = new URL(req.path, 'http://api.test');
  setParams(url.searchParams, req.params ?? {});
  return url.href;
}

/** An in-memory API: version-cursor lists and a per-parent child list, with scripted failures. */
class FakeApi {
  requests: ApiRequest[] = [];
  failAt = new Map<number, SyncError>();
  /** Larger page_size/limit values are refused with a 400, as some APIs do instead of clamping. */
  maxPageSize = Infinity;
  constructor(
    public lists: Record<string, { id: string; version: number; status?: string }[]>,
    public children: Record<string, { line: number }[]> = {},
  ) {}
  /** No secret in this fake: a URL is shown as it is. */
  showUrl(url: string): string {
    return url;
  }

  async request(req: ApiRequest): Promise<ApiResponse> {
    this.requests.push(req);
    const failure = this.failAt.get(this.requests.length);
    if (failure) throw failure;
    const asked = Number(req.params?.page_size ?? req.params?.limit ?? 0);
    if (asked > this.maxPageSize) {
      throw new SyncError('client', `${req.resource}: the store refused the request (HTTP 400): Bad Request — ${asked} rows per page is more than ${this.maxPageSize}`, {
        resource: req.resource,
        status: 400,
      });
    }
    const child = /^\/sales\/([^/]+)\/lines$/.exec(req.path);
    let body: unknown;
    if (child) body = { data: this.children[decodeURIComponent(child[1])] ?? [] };
    else if (req.params?.offset !== undefined) {
      const offset = Number(req.params.offset);
      body = { data: this.lists[req.path.slice(1)].slice(offset, offset + Number(req.params.limit)) };
    } else if (req.params?.page !== undefined) {
      const size = Number(req.params.page_size);
      const index = Number(req.params.page) - 1;
      body = { data: this.lists[req.path.slice(1)].slice(index * size, (index + 1) * size) };
    } else {
      const after = Number(req.params?.after ?? 0);
      const size = Number(req.params?.page_size ?? 100);
      const data = this.lists[req.path.slice(1)].filter((r) => r.version > after).slice(0, size);
      body = { data, version: { min: data[0]?.version ?? null, max: data.at(-1)?.version ?? null } };
    }
    return { status: 200, headers: new Headers(), body, url: req.path, requestUrl: requestUrl(req), link: linkFrom(requestUrl(req)) };
  }
}

const versionCursor = { type: 'cursor', options: { cursor_path: 'version.max', cursor_param: 'after', stop_after_empty_page: true } };

function resource(name: string, extra: Partial<ResolvedResource> = {}): ResolvedResource {
  return {
    name,
    path: `/${name}`,
    method: 'GET',
    params: { page_size: 2 },
    dataSelector: 'data',
    paginator: versionCursor,
    primaryKey: ['id'],
    writeDisposition: 'merge',
    includeFromParent: [],
    selected: true,
    ...extra,
  };
}

const lines = resource('lines', {
  path: '/sales/{resources.sales.id}/lines',
  params: {},
  paginator: { type: 'single_page', options: {} },
  primaryKey: ['_sales_id', 'line'],
  parent: { resource: 'sales', refs: [{ resource: 'sales', field: 'id' }] },
  includeFromParent: ['id'],
});

function source(...resources: ResolvedResource[]): ResolvedSource {
  return {
    baseUrl: 'http://127.0.0.1:1',
    headers: {},
    auth: null,
    retry: { maxRetries: 0, backoffFactor: 2, maxDelayMs: 1000, statusCodes: [], timeoutMs: 1000 },
    resources,
  };
}

const rows = (prefix: string, n: number, v0: number) => Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, version: v0 + i * 3 }));

let store: Store;
let n = 0;
beforeEach(async () => {
  store = await Store.open(`engine-test-${++n}`);
});
afterEach(() => store.close());

/** A table's rows in id order, as keys sort (the store returns them in the order their current copies were stored). */
async function table(name: string) {
  const out: Record<string, unknown>[] = [];
  for await (const batch of store.iterateRows(name)) out.push(...batch);
  const id = (row: Record<string, unknown>) => String(row.id ?? '');
  return out.sort((a, b) => (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0));
}

describe('runSync', () => {
  it('walks a version cursor until the empty page: ceil(N/P)+1 requests', async () => {
    const api = new FakeApi({ customers: rows('c', 5, 10) });
    const result = await runSync({ source: source(resource('customers')), selected: ['customers'], store, http: api, signal: new AbortController().signal });
    expect(result.resources.customers.status).toBe('done');
    expect(await table('customers')).toEqual(api.lists.customers);
    expect(api.requests.map((r) => r.params?.after)).toEqual([undefined, '13', '19', '22']);
    const st = await store.tableState('customers');
    expect(st).toMatchObject({ status: 'done', rowsStored: 5, pagesFetched: 4, rowsFetched: 5 });
  });

  it('a failed resource keeps its committed pages, others finish, and the next sync resumes from the checkpoint', async () => {
    const api = new FakeApi({ customers: rows('c', 5, 10), brands: rows('b', 1, 5) });
    api.failAt.set(3, new SyncError('server', 'customers: the store had a server error (HTTP 500)', { resource: 'customers', status: 500 }));
    const src = source(resource('customers'), resource('brands'));
    const first = await runSync({ source: src, selected: ['customers', 'brands'], store, http: api, signal: new AbortController().signal, concurrency: 1 });
    expect(first.resources.customers.status).toBe('error');
    expect(first.resources.customers.error?.message).toBe('customers: the store had a server error (HTTP 500)');
    expect(first.resources.brands.status).toBe('done');
    expect(await table('customers')).toEqual(api.lists.customers.slice(0, 4));
    expect((await store.tableState('customers')).error?.message).toBe('customers: the store had a server error (HTTP 500)');

    api.requests = [];
    api.failAt.clear();
    const second = await runSync({ source: src, selected: ['customers'], store, http: api, signal: new AbortController().signal });
    expect(second.resources.customers.status).toBe('done');
    // Resumed after the last committed page's version.max (19); nothing fetched twice.
    expect(api.requests.map((r) => r.params?.after)).toEqual(['19', '22']);
    expect(await table('customers')).toEqual(api.lists.customers);
    expect((await store.tableState('customers')).rowsStored).toBe(5);
  });

  it('fetches children once per parent row with a fresh paginator and copies parent fields', async () => {
    const api = new FakeApi({ sales: rows('s', 3, 1) }, { s0: [{ line: 1 }, { line: 2 }], s2: [{ line: 1 }] });
    const result = await runSync({ source: source(resource('sales'), lines), selected: ['lines'], store, http: api, signal: new AbortController().signal });
    expect(result.resources.sales.status).toBe('done'); // the parent is walked for its child
    expect(result.resources.lines.status).toBe('done');
    expect(api.requests.filter((r) => r.path.includes('/lines')).map((r) => r.path)).toEqual(['/sales/s0/lines', '/sales/s1/lines', '/sales/s2/lines']);
    expect(await table('lines')).toEqual([
      { line: 1, _sales_id: 's0' },
      { line: 2, _sales_id: 's0' },
      { line: 1, _sales_id: 's2' },
    ]);
  });

  it('resumes children after the last committed group of parents', async () => {
    const sales = rows('s', 10, 1);
    const children = Object.fromEntries(sales.map((s) => [s.id, [{ line: 1 }]]));
    const api = new FakeApi({ sales }, children);
    // Requests: 2 for sales, 8 for the first group of parents, then s8 and s9; s9 fails.
    api.failAt.set(12, new SyncError('network', 'lines: could not reach the store', { resource: 'lines' }));
    const src = source(resource('sales', { params: { page_size: 20 } }), lines);
    const first = await runSync({ source: src, selected: ['lines'], store, http: api, signal: new AbortController().signal });
    expect(first.resources.lines.status).toBe('error');
    // s8's rows are kept although its sibling s9 failed.
    expect(await table('lines')).toHaveLength(9);
    api.requests = [];
    api.failAt.clear();
    // Resumed as the controller resumes an interrupted run: sales, finished in that run, is not walked again.
    await runSync({ source: src, selected: ['lines'], store, http: api, signal: new AbortController().signal, resumeOf: 0 });
    const childPaths = api.requests.filter((r) => r.path.includes('/lines')).map((r) => r.path);
    expect(childPaths).toEqual(['/sales/s9/lines']);
    expect(await table('lines')).toHaveLength(10);
    expect((await store.tableState('lines')).rowsStored).toBe(10);
  });

  it('an outage (every parent of a group failing on the server) stops the walk; the resumed walk retries those parents first', async () => {
    const sales = rows('s', 10, 1);
    const api = new FakeApi({ sales }, Object.fromEntries(sales.map((s) => [s.id, [{ line: 1 }]])));
    const down = new SyncError('server', 'lines: the store had a server error (HTTP 503)', { resource: 'lines', status: 503 });
    // Requests 1-2 walk sales; 3-10 are the first group of eight parents.
    for (let i = 3; i <= 10; i++) api.failAt.set(i, down);
    const src = source(resource('sales', { params: { page_size: 20 } }), lines);
    const first = await runSync({ source: src, selected: ['lines'], store, http: api, signal: new AbortController().signal });
    expect(first.resources.lines.error?.message).toBe(down.message);
    expect(api.requests.filter((r) => r.path.includes('/lines'))).toHaveLength(8);
    expect((await store.tableState('lines')).failedParents?.map((p) => p.id)).toEqual(['s0', 's1', 's2', 's3', 's4', 's5', 's6', 's7']);

    api.requests = [];
    api.failAt.clear();
    const second = await runSync({ source: src, selected: ['lines'], store, http: api, signal: new AbortController().signal, resumeOf: 0 });
    expect(second.resources.lines.status).toBe('done');
    expect(api.requests.filter((r) => r.path.includes('/lines')).map((r) => r.path)).toEqual(sales.map((s) => `/sales/${s.id}/lines`));
    expect(await table('lines')).toHaveLength(10);
    expect((await store.tableState('lines')).failedParents).toEqual([]);
  });

  it('does not sync a child whose parent failed, and says why', async () => {
    const api = new FakeApi({ sales: rows('s', 1, 1) });
    api.failAt.set(1, new SyncError('auth', 'sales: the store rejected the API token (HTTP 401)', { resource: 'sales', status: 401 }));
    const result = await runSync({ source: source(resource('sales'), lines), selected: ['sales', 'lines'], store, http: api, signal: new AbortController().signal });
    expect(result.resources.sales.error?.kind).toBe('auth');
    expect(result.resources.lines.error?.message).toBe('lines: not synced: sales failed — the store rejected the API token (HTTP 401)');
    expect(result.resources.lines.error?.kind).toBe('parent_failed');
    expect(api.requests).toHaveLength(1);
  });

  it('rejects a record without its primary key with a message naming resource and key', async () => {
    const api = new FakeApi({ customers: [{ version: 1 } as never] });
    const result = await runSync({ source: source(resource('customers')), selected: ['customers'], store, http: api, signal: new AbortController().signal });
    expect(result.resources.customers.error?.message).toBe('customers: a record has no usable primary key "id" (got nothing)');
  });

  // dlt: rest_client/client.py extract_response — a single value at the selector is one record.
  it('a data_selector that lands on an object reads it as one record, which then has no primary key', async () => {
    const api = new FakeApi({ customers: rows('c', 1, 1) });
    const result = await runSync({
      source: source(resource('customers', { dataSelector: 'version' })),
      selected: ['customers'],
      store,
      http: api,
      signal: new AbortController().signal,
    });
    expect(result.resources.customers.error?.message).toBe('customers: a record has no usable primary key "id" (got nothing)');
  });

  it('a data_selector that finds nothing on the first page of a walk is a clear error, nothing stored', async () => {
    const api = new FakeApi({ customers: rows('c', 1, 1) });
    const result = await runSync({
      source: source(resource('customers', { dataSelector: 'customers' })),
      selected: ['customers'],
      store,
      http: api,
      signal: new AbortController().signal,
    });
    expect(result.resources.customers.error?.message).toBe('customers: data_selector "customers" found nothing in the response');
    expect(result.resources.customers.error?.detail).toBe('top-level keys: data, version');
    expect(await table('customers')).toEqual([]);
  });

  it('cancel keeps committed pages as a checkpoint, and the table goes back to idle', async () => {
    const api = new FakeApi({ customers: rows('c', 5, 10) });
    const abort = new AbortController();
    const http = {
      request: async (req: ApiRequest) => {
        if (api.requests.length === 2) {
          abort.abort();
          throw new SyncError('cancelled', 'customers: sync cancelled', { resource: 'customers' });
        }
        return api.request(req);
      },
      showUrl: (url: string) => api.showUrl(url),
    };
    const result = await runSync({ source: source(resource('customers')), selected: ['customers'], store, http, signal: abort.signal });
    expect(result.resources.customers.status).toBe('cancelled');
    const st = await store.tableState('customers');
    expect(st.status).toBe('idle');
    expect(st.checkpoint).toEqual({ paginator: { cursor: '19' }, done: false });
    expect(await table('customers')).toHaveLength(4);
  });

  describe('incremental', () => {
    const incremental = { params: { after: '{incremental.start_value}', page_size: 2 }, incremental: { cursorPath: 'version', initialValue: 0 } };

    it('a second sync starts after the highest stored version: one request when nothing changed', async () => {
      const api = new FakeApi({ customers: rows('c', 5, 10) });
      const src = source(resource('customers', incremental));
      await runSync({ source: src, selected: ['customers'], store, http: api, signal: new AbortController().signal });
      expect(api.requests.map((r) => r.params?.after)).toEqual(['0', '13', '19', '22']);
      api.requests = [];
      await runSync({ source: src, selected: ['customers'], store, http: api, signal: new AbortController().signal });
      expect(api.requests.map((r) => r.params?.after)).toEqual(['22']);

      api.lists.customers[1] = { id: 'c1', version: 30 }; // an update moves the row to a new version
      api.lists.customers.push({ id: 'c9', version: 31 });
      api.requests = [];
      await runSync({ source: src, selected: ['customers'], store, http: api, signal: new AbortController().signal });
      expect(api.requests.map((r) => r.params?.after)).toEqual(['22', '31']);
      const stored = await table('customers');
      expect(stored).toHaveLength(6);
      expect(stored).toContainEqual({ id: 'c1', version: 30 });
    });

    it('a full refresh walks from the initial value again', async () => {
      const api = new FakeApi({ customers: rows('c', 3, 10) });
      const src = source(resource('customers', incremental));
      await runSync({ source: src, selected: ['customers'], store, http: api, signal: new AbortController().signal });
      api.requests = [];
      await runSync({ source: src, selected: ['customers'], store, http: api, signal: new AbortController().signal, fullRefresh: ['customers'] });
      expect(api.requests.map((r) => r.params?.after)).toEqual(['0', '13', '16']);
      expect((await store.tableState('customers')).rowsStored).toBe(3);
    });

    it('children are fetched only for parents created or changed since the child last finished', async () => {
      const api = new FakeApi({ sales: rows('s', 3, 1) }, { s0: [{ line: 1 }], s1: [{ line: 1 }], s2: [{ line: 1 }] });
      const src = source(resource('sales', { ...incremental, params: { after: '{incremental.start_value}', page_size: 10 } }), lines);
      await runSync({ source: src, selected: ['lines'], store, http: api, signal: new AbortController().signal });
      expect(api.requests.filter((r) => r.path.includes('/lines'))).toHaveLength(3);

      api.lists.sales[1] = { id: 's1', version: 50 };
      api.lists.sales.push({ id: 's3', version: 51 });
      api.children.s1 = [{ line: 1 }, { line: 2 }];
      api.children.s3 = [{ line: 7 }];
      api.requests = [];
      await runSync({ source: src, selected: ['lines'], store, http: api, signal: new AbortController().signal });
      expect(api.requests.filter((r) => r.path.includes('/lines')).map((r) => r.path)).toEqual(['/sales/s1/lines', '/sales/s3/lines']);
      expect(await table('lines')).toHaveLength(5);

      api.requests = [];
      await runSync({ source: src, selected: ['lines'], store, http: api, signal: new AbortController().signal, fullRefresh: ['lines'] });
      expect(api.requests.filter((r) => r.path.includes('/lines'))).toHaveLength(4);
    });
  });

  describe('parent_filter', () => {
    const incremental = { params: { after: '{incremental.start_value}', page_size: 10 }, incremental: { cursorPath: 'version', initialValue: 0 } };
    const pickupLines = { ...lines, parentFilter: [{ field: 'status', path: ['status'], test: 'one_of' as const, values: ['PICKUP', 'DISPATCH'] }] };
    const src = source(resource('sales', incremental), pickupLines);
    const childPaths = (api: FakeApi) => api.requests.filter((r) => r.path.includes('/lines')).map((r) => r.path);
    const sales = () => [
      { id: 's0', version: 1, status: 'CLOSED' },
      { id: 's1', version: 2, status: 'PICKUP' },
      { id: 's2', version: 3, status: 'CLOSED' },
      { id: 's3', version: 4, status: 'DISPATCH' },
    ];

    it('requests the child only for parents the filter selects; the parent table keeps every row', async () => {
      const api = new FakeApi({ sales: sales() }, { s1: [{ line: 1 }], s3: [{ line: 1 }, { line: 2 }] });
      const progress: Partial<ResourceProgress>[] = [];
      const report = (name: string, p: Partial<ResourceProgress>) => void (name === 'lines' && progress.push(p));
      const result = await runSync({ source: src, selected: ['sales', 'lines'], store, http: api, signal: new AbortController().signal, report });
      expect(result.resources.lines.status).toBe('done');
      expect(childPaths(api)).toEqual(['/sales/s1/lines', '/sales/s3/lines']);
      expect(await table('sales')).toHaveLength(4);
      expect(await table('lines')).toEqual([
        { line: 1, _sales_id: 's1' },
        { line: 2, _sales_id: 's3' },
        { line: 1, _sales_id: 's3' },
      ].sort((a, b) => a.line - b.line));
      // Work counts the selected parents only: 2 to request, then none left.
      expect(progress.find((p) => p.parentsTotal !== undefined)).toMatchObject({ parentsTotal: 2, parentsDone: 0, requestsLeft: 2 });
      // Patches merged as the controller merges them: the table's last word.
      expect(Object.assign({}, ...progress)).toMatchObject({ parentsTotal: 2, parentsDone: 2, requestsLeft: 0, status: 'done' });
      // While sales was walked, the child's cost was already counted from its rows.
      expect(progress.filter((p) => p.status === undefined && p.requestsLeft !== undefined).map((p) => p.requestsLeft)).toContain(2);
    });

    it('incremental: a parent moving into a selected status is requested; moving within it too; moving out, its stored rows stay', async () => {
      const api = new FakeApi({ sales: sales() }, { s1: [{ line: 1 }], s3: [{ line: 1 }] });
      await runSync({ source: src, selected: ['lines'], store, http: api, signal: new AbortController().signal });
      expect(childPaths(api)).toEqual(['/sales/s1/lines', '/sales/s3/lines']);

      // s0 moves in (and now has lines), s1 moves within (its line changes), s3 moves out, s2 changes but stays out.
      api.lists.sales = [
        { id: 's0', version: 10, status: 'PICKUP' },
        { id: 's1', version: 11, status: 'DISPATCH' },
        { id: 's2', version: 12, status: 'CLOSED' },
        { id: 's3', version: 13, status: 'VOIDED' },
      ];
      api.children.s0 = [{ line: 5 }];
      api.children.s1 = [{ line: 1, shipped: true } as never];
      api.requests = [];
      await runSync({ source: src, selected: ['lines'], store, http: api, signal: new AbortController().signal });
      expect(childPaths(api)).toEqual(['/sales/s0/lines', '/sales/s1/lines']);
      expect(await table('lines')).toEqual(
        expect.arrayContaining([
          { line: 5, _sales_id: 's0' },
          { line: 1, shipped: true, _sales_id: 's1' },
          { line: 1, _sales_id: 's3' },
        ]),
      );
      expect(await table('lines')).toHaveLength(3);

      // Nothing changed: no child request at all.
      api.requests = [];
      await runSync({ source: src, selected: ['lines'], store, http: api, signal: new AbortController().signal });
      expect(childPaths(api)).toEqual([]);
    });
  });

  describe('a sync that fails as a whole', () => {
    const unreachable = () =>
      new SyncError('network', 'customers: could not reach the store (127.0.0.1:1) (gave up after 3 attempts)', { resource: 'customers', scope: 'sync', detail: 'ECONNREFUSED' });

    it('stops every table at once with the one cause; tables not started make no request', async () => {
      const api = new FakeApi({ customers: rows('c', 5, 10), brands: rows('b', 2, 1), tags: rows('t', 2, 1), sales: rows('s', 2, 1) });
      api.failAt.set(1, unreachable());
      const src = source(resource('customers'), resource('brands'), resource('tags'), resource('sales'), lines);
      const result = await runSync({ source: src, selected: ['customers', 'brands', 'tags', 'lines'], store, http: api, signal: new AbortController().signal, concurrency: 1 });
      expect(result.error?.message).toBe('customers: could not reach the store (127.0.0.1:1) (gave up after 3 attempts)');
      expect(api.requests).toHaveLength(1);
      for (const name of ['customers', 'brands', 'tags', 'sales', 'lines']) {
        expect(result.resources[name], name).toMatchObject({ status: 'error', error: { kind: 'network', scope: 'sync', message: result.error!.message } });
        expect((await store.tableState(name)).error, name).toMatchObject({ kind: 'network', scope: 'sync' });
        expect((await store.tableState(name)).status, name).toBe('error');
      }
    });

    it('stops tables already running: the cause wins over their cancellation', async () => {
      const api = new FakeApi({ customers: rows('c', 5, 10), brands: rows('b', 5, 1) });
      const abortable = {
        request: async (req: ApiRequest, signal?: AbortSignal) => {
          if (req.path === '/customers') throw unreachable();
          // brands waits on the network until the sync is stopped.
          await new Promise((_, reject) => signal?.addEventListener('abort', () => reject(new SyncError('cancelled', 'brands: sync cancelled', { resource: 'brands' }))));
          return api.request(req);
        },
        showUrl: (url: string) => api.showUrl(url),
      };
      const result = await runSync({ source: source(resource('customers'), resource('brands')), selected: ['customers', 'brands'], store, http: abortable, signal: new AbortController().signal, concurrency: 2 });
      expect(result.resources.brands).toMatchObject({ status: 'error', error: { scope: 'sync', kind: 'network' } });
      expect((await store.tableState('brands')).status).toBe('error');
    });

    it('a table failing on its own does not stop the others', async () => {
      const api = new FakeApi({ customers: rows('c', 1, 10), brands: rows('b', 1, 1) });
      api.failAt.set(1, new SyncError('server', 'customers: the store had a server error (HTTP 503 Service Unavailable)', { resource: 'customers', status: 503 }));
      const result = await runSync({ source: source(resource('customers'), resource('brands')), selected: ['customers', 'brands'], store, http: api, signal: new AbortController().signal, concurrency: 1 });
      expect(result.error).toBeUndefined();
      expect(result.resources.brands.status).toBe('done');
    });
  });

  it('a cancelled sync leaves tables it never reached exactly as they were', async () => {
    const api = new FakeApi({ customers: rows('c', 3, 10), brands: rows('b', 2, 1), tags: rows('t', 2, 1) });
    const src = source(resource('customers'), resource('brands'), resource('tags'));
    let t = 1_000;
    await runSync({ source: src, selected: ['customers', 'brands', 'tags'], store, http: api, signal: new AbortController().signal, now: () => t });
    const before = { brands: await store.tableState('brands'), tags: await store.tableState('tags') };
    t = 9_000;
    const abort = new AbortController();
    const http = {
      request: async (req: ApiRequest) => {
        abort.abort();
        throw new SyncError('cancelled', `${req.resource}: sync cancelled`, { resource: req.resource });
      },
      showUrl: (url: string) => url,
    };
    const result = await runSync({ source: src, selected: ['customers', 'brands', 'tags'], store, http, signal: abort.signal, now: () => t, concurrency: 1 });
    expect(Object.values(result.resources).map((r) => r.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    expect(await store.tableState('brands')).toEqual(before.brands);
    expect(await store.tableState('tags')).toEqual(before.tags);
    expect((await store.tableState('customers')).lastSyncedAt).toBe(1_000);
  });

  it('stops the whole sync when storage is full, keeping what was committed', async () => {
    const api = new FakeApi({ customers: rows('c', 3, 10), brands: rows('b', 2, 1), tags: rows('t', 2, 1) });
    const commitPage = store.commitPage.bind(store);
    let commits = 0;
    store.commitPage = async (resource, page, patch) => {
      if (resource === 'customers' && ++commits === 2) {
        throw new SyncError('storage', "customers: the browser's storage for this extension is full; nothing from this page was saved", { resource });
      }
      return commitPage(resource, page, patch);
    };
    const result = await runSync({
      source: source(resource('customers'), resource('brands'), resource('tags')),
      selected: ['customers', 'brands', 'tags'],
      store,
      http: api,
      signal: new AbortController().signal,
      concurrency: 1,
    });
    expect(result.resources.customers.error?.kind).toBe('storage');
    expect(result.resources.brands.error?.message).toBe("brands: not synced because the browser's storage for this extension is full");
    expect(result.resources.tags.status).toBe('error');
    expect(await table('customers')).toHaveLength(2);
    expect(api.requests.every((r) => r.path === '/customers')).toBe(true);
  });
});

describe('a page size the API refuses (HTTP 400)', () => {
  const run = (src: ResolvedSource, selected: string[], http: FakeApi | Pick<FakeApi, 'request' | 'showUrl'>, extra: Partial<Parameters<typeof runSync>[0]> = {}) =>
    runSync({ source: src, selected, store, http, signal: new AbortController().signal, ...extra });
  const sizesAsked = (api: FakeApi, path = '/customers') => api.requests.filter((r) => r.path === path).map((r) => r.params?.page_size ?? r.params?.limit);
  const reopen = async () => {
    // A new Store on the same database: what the service worker sees after a restart.
    store.close();
    store = await Store.open(`engine-test-${n}`);
  };
  // Rows come back in key order, and string ids sort as text (i10 before i2).
  const sameRows = async (name: string, want: { id: string }[]) =>
    expect(await table(name)).toEqual([...want].sort((a, b) => (a.id < b.id ? -1 : 1)));
  const networkDown = new SyncError('network', 'customers: could not reach the store (127.0.0.1)', { resource: 'customers' });

  it('halves until the API serves the page, retries the same page, walks on at that size and remembers it', async () => {
    const api = new FakeApi({ customers: rows('c', 9, 10) });
    api.maxPageSize = 3;
    const src = source(resource('customers', { params: { page_size: 8 } }));
    const progress: number[] = [];
    const result = await run(src, ['customers'], api, { report: (_r, p) => void (p.pageSizeLimit && progress.push(p.pageSizeLimit)) });
    expect(result.resources.customers).toEqual({ status: 'done' });
    expect(sizesAsked(api)).toEqual(['8', '4', '2', '2', '2', '2', '2', '2']);
    // The refused requests did not move the cursor.
    expect(api.requests.map((r) => r.params?.after)).toEqual([undefined, undefined, undefined, '13', '19', '25', '31', '34']);
    expect(await table('customers')).toEqual(api.lists.customers);
    expect((await store.tableState('customers')).pageSizeLimit).toBe(2);
    expect(progress.at(-1)).toBe(2);

    // The next sync, and a full refresh, start at the remembered size: no request is refused again.
    for (const fullRefresh of [[], ['customers']]) {
      api.requests = [];
      expect((await run(src, ['customers'], api, { fullRefresh })).resources.customers).toEqual({ status: 'done' });
      expect(sizesAsked(api).every((size) => size === '2'), `fullRefresh ${fullRefresh}`).toBe(true);
      expect((await store.tableState('customers')).pageSizeLimit).toBe(2);
    }
  });

  it('a walk resumed after a worker restart continues from its checkpoint at the remembered size', async () => {
    const api = new FakeApi({ customers: rows('c', 9, 10) });
    api.maxPageSize = 3;
    api.failAt.set(5, networkDown); // 8 and 4 refused, two pages of 2 committed, then the network drops
    const src = source(resource('customers', { params: { page_size: 8 } }));
    expect((await run(src, ['customers'], api)).resources.customers.status).toBe('error');
    expect(await table('customers')).toHaveLength(4);
    expect(await store.tableState('customers')).toMatchObject({ pageSizeLimit: 2, checkpoint: { paginator: { cursor: '19' }, done: false } });

    await reopen();
    api.requests = [];
    api.failAt.clear();
    expect((await run(src, ['customers'], api)).resources.customers).toEqual({ status: 'done' });
    expect(sizesAsked(api)).toEqual(['2', '2', '2', '2']);
    expect(api.requests[0].params?.after).toBe('19');
    expect(await table('customers')).toEqual(api.lists.customers);
  });

  it('fails with the first refusal when one row per request is refused too, and remembers nothing', async () => {
    const api = new FakeApi({ customers: rows('c', 3, 10) });
    api.maxPageSize = 0;
    const result = await run(source(resource('customers', { params: { page_size: 4 } })), ['customers'], api);
    expect(result.resources.customers.error).toMatchObject({ kind: 'client', status: 400 });
    expect(result.resources.customers.error?.message).toBe('customers: the store refused the request (HTTP 400): Bad Request — 4 rows per page is more than 0');
    expect(sizesAsked(api)).toEqual(['4', '2', '1']);
    expect((await store.tableState('customers')).pageSizeLimit).toBeUndefined();
  });

  it('a 400 at a size that already worked in the walk is not about the size: it fails at once', async () => {
    const api = new FakeApi({ customers: rows('c', 5, 10) });
    const other = new SyncError('client', 'customers: the store refused the request (HTTP 400): Bad Request — after must be an integer', { resource: 'customers', status: 400 });
    api.failAt.set(2, other);
    const result = await run(source(resource('customers')), ['customers'], api);
    expect(result.resources.customers.error?.message).toBe(other.message);
    expect(sizesAsked(api)).toEqual(['2', '2']);
    expect((await store.tableState('customers')).pageSizeLimit).toBeUndefined();
  });

  it('does not retry a 400 for a request without a page-size parameter', async () => {
    const api = new FakeApi({ customers: rows('c', 2, 10) });
    api.failAt.set(1, new SyncError('client', 'customers: the store refused the request (HTTP 400)', { resource: 'customers', status: 400 }));
    const result = await run(source(resource('customers', { params: { size: 8 } })), ['customers'], api);
    expect(result.resources.customers.error?.status).toBe(400);
    expect(api.requests).toHaveLength(1);
  });

  it("does not halve for a link paginator's next URL, which does not carry the page-size parameter", async () => {
    const requests: ApiRequest[] = [];
    const refused = new SyncError('client', 'customers: the store refused the request (HTTP 400)', { resource: 'customers', status: 400 });
    let failure: SyncError = networkDown;
    const http = {
      request: async (req: ApiRequest): Promise<ApiResponse> => {
        requests.push(req);
        if (requests.length > 1) throw failure;
        return { status: 200, headers: new Headers(), body: { data: [{ id: 'a' }], next: '/customers?cursor=b&page_size=8' }, url: req.path, requestUrl: requestUrl(req), link: linkFrom(requestUrl(req)) };
      },
      showUrl: (url: string) => url,
    };
    const linked = source(resource('customers', { params: { page_size: 8 }, paginator: { type: 'json_link', options: { next_url_path: 'next' } } }));
    await run(linked, ['customers'], http);
    // Resumed at the next URL: nothing has been served in this walk yet, and its 400 is not about page_size.
    failure = refused;
    requests.length = 1;
    const result = await run(linked, ['customers'], http);
    expect(result.resources.customers.error?.message).toBe(refused.message);
    expect(requests.slice(1).map((r) => [r.path, r.params])).toEqual([['http://api.test/customers?cursor=b&page_size=8', {}]]);
  });

  it("halves an offset paginator's own limit and goes on from the same offset: exact", async () => {
    const api = new FakeApi({ items: rows('i', 23, 1) });
    api.failAt.set(2, networkDown);
    const items = resource('items', { params: {}, paginator: { type: 'offset', options: { limit: 10, total_path: null } } });
    await run(source(items), ['items'], api);
    expect(await table('items')).toHaveLength(10);
    // The API now serves at most 4 rows: the resumed walk learns it at offset 10.
    api.maxPageSize = 4;
    api.requests = [];
    api.failAt.clear();
    expect((await run(source(items), ['items'], api)).resources.items).toEqual({ status: 'done' });
    expect(api.requests.map((r) => [r.params?.offset, r.params?.limit])).toEqual([
      ['10', '10'],
      ['10', '5'],
      ['10', '2'],
      ['12', '2'],
      ['14', '2'],
      ['16', '2'],
      ['18', '2'],
      ['20', '2'],
      ['22', '2'],
      ['24', '2'],
    ]);
    await sameRows('items', api.lists.items);
    expect((await store.tableState('items')).pageSizeLimit).toBe(2);
  });

  it('converts a page_number position to the smaller pages, and says so when it cannot', async () => {
    const pages = { type: 'page_number', options: { base_page: 1, total_path: null } };
    const api = new FakeApi({ items: rows('i', 13, 1) });
    api.failAt.set(2, networkDown);
    const items = resource('items', { params: { page_size: 4 }, paginator: pages });
    await run(source(items), ['items'], api);
    api.maxPageSize = 2;
    api.requests = [];
    api.failAt.clear();
    expect((await run(source(items), ['items'], api)).resources.items).toEqual({ status: 'done' });
    // Page 2 of 4 rows is page 3 of 2 rows.
    expect(api.requests.map((r) => [r.params?.page, r.params?.page_size])).toEqual([
      ['2', '4'],
      ['3', '2'],
      ['4', '2'],
      ['5', '2'],
      ['6', '2'],
      ['7', '2'],
      ['8', '2'],
    ]);
    await sameRows('items', api.lists.items);

    // 5 rows done are no whole number of pages of 2.
    const odd = resource('odd', { params: { page_size: 5 }, paginator: pages });
    api.lists.odd = rows('o', 12, 1);
    api.maxPageSize = Infinity;
    api.requests = [];
    api.failAt.set(2, networkDown);
    await run(source(odd), ['odd'], api);
    api.maxPageSize = 3;
    api.failAt.clear();
    const result = await run(source(odd), ['odd'], api);
    expect(result.resources.odd.error?.message).toBe(
      'odd: the store refused 5 rows per request, and the page_number paginator cannot continue from its current page with 2; run a full sync to start over',
    );
  });

  it('a child resource learns the limit once for all its parents, and keeps it', async () => {
    const sales = rows('s', 10, 1);
    const api = new FakeApi({ sales }, Object.fromEntries(sales.map((s) => [s.id, [{ line: 1 }]])));
    api.maxPageSize = 5;
    const src = source(resource('sales', { params: { page_size: 4 } }), { ...lines, params: { limit: 8 } });
    expect((await run(src, ['lines'], api)).resources.lines).toEqual({ status: 'done' });
    const childSizes = api.requests.filter((r) => r.path.endsWith('/lines')).map((r) => r.params?.limit);
    expect(childSizes).toEqual(['8', ...Array(10).fill('4')]);
    expect(await table('lines')).toHaveLength(10);
    expect((await store.tableState('lines')).pageSizeLimit).toBe(4);

    api.requests = [];
    await run(src, ['lines'], api, { fullRefresh: ['lines'] });
    expect(api.requests.filter((r) => r.path.endsWith('/lines')).map((r) => r.params?.limit)).toEqual(Array(10).fill('4'));
  });
});
