/**
 * The engine in Node (fake-indexeddb, real fetch) over the built-in preset against the local
 * retail API server: every table ends with exactly the server's rows, in the fewest requests.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { FULFILLMENT_SALE_STATUSES, resolveConfig, RETAIL_PRESET } from '@/lib/config';
import type { ResolvedResource, ResolvedSource } from '@/lib/config/types';
import { HttpClient, RateLimitBudget, sourceClientOptions } from '@/lib/http';
import { Store, type Row } from '@/lib/store';
import { runSync, type SyncResult } from '@/lib/sync/engine';
import { FULFILLMENT_STATUSES, startRetailServer, type RetailServer } from '../server';

// Whole-preset syncs take a few seconds each, more when other work shares the machine's two cores.
vi.setConfig({ testTimeout: 30_000 });

let server: RetailServer;
let store: Store;
let dbCount = 0;

beforeAll(async () => {
  server = await startRetailServer({ dataset: 'default' });
});
afterAll(() => server.close());
beforeEach(async () => {
  server.reset({ dataset: 'default' });
  server.clearRequests();
  store = await Store.open(`preset-${++dbCount}`);
});

function presetSource(pageSize?: number): ResolvedSource {
  const result = resolveConfig({ ...RETAIL_PRESET, client: { ...RETAIL_PRESET.client, base_url: server.url } });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  if (!pageSize) return result.source;
  // Smaller pages force multi-page walks over the demo dataset.
  const resources = result.source.resources.map((r) => (isVersionCursor(r) ? { ...r, params: { ...r.params, page_size: pageSize } } : r));
  return { ...result.source, resources };
}

const isVersionCursor = (r: ResolvedResource) => r.paginator.type === 'cursor' && r.paginator.options.cursor_path === 'version.max';

/** A fake clock that sleeping advances: retries and rate-limit waits take no real time. */
function fakeTime(start = Date.now()) {
  let t = start;
  return { now: () => t, sleep: async (ms: number) => void (t += Math.max(0, ms)) };
}

async function sync(source: ResolvedSource, selected = source.resources.map((r) => r.name), secret = server.token, fullRefresh: string[] = []): Promise<SyncResult> {
  const clock = fakeTime();
  const http = new HttpClient({
    ...sourceClientOptions(source, secret),
    budget: new RateLimitBudget({ now: clock.now, sleep: clock.sleep }),
    now: clock.now,
    sleep: clock.sleep,
  });
  return runSync({ source, selected, store, http, signal: new AbortController().signal, concurrency: 3, fullRefresh });
}

async function stored(name: string): Promise<Row[]> {
  const out: Row[] = [];
  for await (const batch of store.iterateRows(name)) out.push(...batch);
  return out;
}

const urlName = (r: ResolvedResource) => r.path.replace('/api/2.0/', '').split('/')[0];

/** The rows the server says a client should hold for a resource. */
function expectedRows(r: ResolvedResource): Row[] {
  const includeDeleted = r.params.deleted === 'true' || r.params.deleted === 'true';
  if (r.name === 'fulfillments') {
    return server.rows('sales').flatMap((s) => server.rows('fulfillments', { saleId: String(s.id) }).map((f) => ({ ...f, _sales_id: s.id })));
  }
  if (r.name === 'consignment_products') {
    return server
      .rows('consignments')
      .flatMap((c) => server.rows('consignment_products', { consignmentId: String(c.id) }).map((p) => ({ ...p, _consignments_id: c.id })));
  }
  return server.rows(urlName(r), { includeDeleted });
}

const keyString = (r: ResolvedResource, row: Row) => JSON.stringify(r.primaryKey.map((k) => row[k]));

function byKey(r: ResolvedResource, rows: Row[]): Map<string, Row> {
  return new Map(rows.map((row) => [keyString(r, row), row]));
}

/** The fewest requests the API needs for a resource's walk. */
function minimumRequests(r: ResolvedResource, rowsPerWalk: number[]): number {
  const per = (n: number) => {
    if (r.paginator.type === 'single_page') return 1;
    if (isVersionCursor(r)) return Math.ceil(n / Number(r.params.page_size)) + 1;
    const size = Number(r.params.limit ?? r.params.page_size);
    return Math.max(1, Math.ceil(n / size));
  };
  return rowsPerWalk.reduce((sum, n) => sum + per(n), 0);
}

function salesInFulfillment(): Row[] {
  return server.rows('sales').filter((s) => (FULFILLMENT_STATUSES as readonly unknown[]).includes(s.status));
}

function rowsPerWalk(r: ResolvedResource): number[] {
  const includeDeleted = r.params.deleted === 'true';
  // Only sales in a fulfillment status can have fulfillments (the server's own list of statuses).
  if (r.name === 'fulfillments') return salesInFulfillment().map((s) => server.rows('fulfillments', { saleId: String(s.id) }).length);
  if (r.name === 'consignment_products') {
    return server.rows('consignments').map((c) => server.rows('consignment_products', { consignmentId: String(c.id) }).length);
  }
  return [server.rows(urlName(r), { includeDeleted }).length];
}

function requestsFor(r: ResolvedResource): number {
  const log = server.requests();
  if (r.parent) {
    const pattern = new RegExp('^' + r.path.replace(/\{resources\.[^}]+\}/, '[^/]+').replace(/\//g, '\\/') + '$');
    return log.filter((e) => pattern.test(e.path)).length;
  }
  return log.filter((e) => e.path === r.path).length;
}

async function expectExact(source: ResolvedSource, names = source.resources.map((r) => r.name)) {
  for (const r of source.resources.filter((x) => names.includes(x.name))) {
    const want = byKey(r, expectedRows(r));
    const got = byKey(r, await stored(r.name));
    expect([...got.keys()].sort(), `${r.name} keys`).toEqual([...want.keys()].sort());
    for (const [key, row] of want) expect(got.get(key), `${r.name} ${key}`).toEqual(row);
    expect((await store.tableState(r.name)).rowsStored, `${r.name} rowsStored`).toBe(want.size);
  }
}

describe('the built-in preset against the local retail API', () => {
  it('syncs all 24 tables exactly, each in the fewest requests (preset page size)', async () => {
    const source = presetSource();
    expect(source.resources).toHaveLength(24);
    const result = await sync(source);
    for (const r of source.resources) expect(result.resources[r.name], r.name).toEqual({ status: 'done' });
    await expectExact(source);
    for (const r of source.resources) expect(requestsFor(r), `${r.name} requests`).toBe(minimumRequests(r, rowsPerWalk(r)));
  });

  it('walks multi-page version cursors at page_size 100 with ceil(N/P)+1 requests', async () => {
    const source = presetSource(100);
    const result = await sync(source);
    expect(Object.values(result.resources).every((x) => x.status === 'done')).toBe(true);
    await expectExact(source);
    const customers = source.resources.find((r) => r.name === 'customers')!;
    expect(requestsFor(customers)).toBe(Math.ceil(250 / 100) + 1); // deleted=true: all 250 rows
    for (const r of source.resources) expect(requestsFor(r), `${r.name} requests`).toBe(minimumRequests(r, rowsPerWalk(r)));
  });

  it('keeps big snowflake ids as exact strings', async () => {
    const source = presetSource();
    await sync(source, ['quotes']);
    const ids = (await stored('quotes')).map((q) => q.id);
    expect(ids.every((id) => typeof id === 'string' && /^\d{19}$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(server.rows('quotes').length);
  });

  it('ends exact through injected 5xx, 429 (date and seconds), truncated JSON and reset connections', async () => {
    server.addFaults([
      { path: '/api/2.0/customers', skip: 1, times: 2, status: 500 },
      { path: '/api/2.0/products', times: 1, status: 502 },
      { path: '/api/2.0/sales', skip: 1, times: 1, status: 503 },
      { path: '/api/2.0/inventory', times: 1, status: 504 },
      { path: '/api/2.0/brands', times: 2, status: 429, retry_after: 'date', retry_after_s: 2 },
      { path: '/api/2.0/tags', times: 1, status: 429, retry_after: 'seconds', retry_after_s: 3 },
      { path: '/api/2.0/quotes', times: 1, malformed: true },
      { path: '/api/2.0/outlets', times: 1, reset: true },
      { path: '/api/2.0/sales/', skip: 5, times: 1, status: 500 },
    ]);
    const source = presetSource(100);
    const result = await sync(source);
    for (const r of source.resources) expect(result.resources[r.name], r.name).toEqual({ status: 'done' });
    await expectExact(source);
  });

  it('a persistent failure leaves one clear error; every other table finishes exact', async () => {
    server.addFaults([{ path: '/api/2.0/customers', skip: 1, times: 100, status: 500 }]);
    const source = presetSource(100);
    const result = await sync(source);
    expect(result.resources.customers.status).toBe('error');
    expect(result.resources.customers.error?.kind).toBe('server');
    expect(result.resources.customers.error?.message).toMatch(/^customers: /);
    expect(result.resources.customers.error?.message).not.toContain(server.token);
    const others = source.resources.filter((r) => r.name !== 'customers');
    for (const r of others) expect(result.resources[r.name], r.name).toEqual({ status: 'done' });
    await expectExact(source, others.map((r) => r.name));
    // The first page stays committed, and the next sync resumes after it.
    expect((await stored('customers')).length).toBe(100);
    server.clearFaults();
    server.clearRequests();
    const again = await sync(source, ['customers']);
    expect(again.resources.customers.status).toBe('done');
    await expectExact(source, ['customers']);
    expect(server.requests().filter((e) => e.path === '/api/2.0/customers')).toHaveLength(3); // pages 2, 3 and the empty page
  });

  it('a sale whose fulfillments answer 404 (deleted meanwhile) counts as none: fulfillments finish with every other sale', async () => {
    // A sale the preset asks fulfillments for (its parent_filter), which has some.
    const gone = server.rows('sales').find((s) => FULFILLMENT_SALE_STATUSES.includes(String(s.status)) && server.rows('fulfillments', { saleId: String(s.id) }).length > 0)!;
    server.addFaults([{ path: `/api/2.0/sales/${String(gone.id)}/fulfillments`, times: 100, status: 404 }]);
    const source = presetSource();
    const result = await sync(source, ['sales', 'fulfillments']);
    expect(result.resources.fulfillments).toEqual({ status: 'done' });
    const fulfillments = source.resources.find((r) => r.name === 'fulfillments')!;
    const key = (r: Row) => String(r.id);
    const want = expectedRows(fulfillments).filter((f) => f._sales_id !== gone.id);
    expect((await stored('fulfillments')).map(key).sort()).toEqual(want.map(key).sort());
  });

  it('a rejected token is not retried and names the table without the token', async () => {
    const source = presetSource();
    const stale = server.token;
    server.reset({ dataset: 'default', token: 'another-token' });
    const result = await sync(source, ['outlets'], stale);
    expect(result.resources.outlets.error?.kind).toBe('auth');
    expect(result.resources.outlets.error?.message).toMatch(/^outlets: .*token/);
    expect(JSON.stringify(result.resources.outlets.error)).not.toContain(stale);
    expect(server.requests()).toHaveLength(1);
  });

  it('retries a response slower than the timeout and ends exact', async () => {
    server.addFaults([{ path: '/api/2.0/outlets', times: 1, delay_ms: 1000 }]);
    const preset = presetSource();
    const source = { ...preset, retry: { ...preset.retry, timeoutMs: 200 } };
    const result = await sync(source, ['outlets']);
    expect(result.resources.outlets).toEqual({ status: 'done' });
    await expectExact(source, ['outlets']);
  });
});

describe('fulfillments only for sales in a fulfillment status', () => {
  it('asks only those sales, ends exact, and an incremental sync follows sales moving into, within and out of those statuses', async () => {
    const source = presetSource();
    await sync(source, ['sales', 'fulfillments']);
    const fulfillments = source.resources.find((r) => r.name === 'fulfillments')!;
    expect(requestsFor(fulfillments)).toBe(salesInFulfillment().length);
    expect(salesInFulfillment().length).toBeLessThan(server.rows('sales').length / 3);
    await expectExact(source, ['sales', 'fulfillments']);

    const sales = server.rows('sales');
    const walkIn = sales.find((s) => s.status === 'CLOSED')!;
    const awaiting = sales.find((s) => s.status === 'AWAITING_PICKUP')!;
    const dispatched = sales.find((s) => s.status === 'DISPATCHED_CLOSED')!;
    server.mutate({ resource: 'sales', op: 'update', id: String(walkIn.id), patch: { status: 'AWAITING_DISPATCH' } });
    server.mutate({ resource: 'sales', op: 'update', id: String(awaiting.id), patch: { status: 'PICKED_UP_CLOSED' } });
    server.mutate({ resource: 'sales', op: 'update', id: String(dispatched.id), patch: { status: 'VOIDED' } });
    server.clearRequests();

    await sync(source, ['sales', 'fulfillments']);
    const asked = server.requests().filter((e) => e.path.endsWith('/fulfillments')).map((e) => e.path.split('/')[4]);
    expect(asked.sort()).toEqual([String(walkIn.id), String(awaiting.id)].sort());
    expect(server.rows('fulfillments', { saleId: String(walkIn.id) }).length).toBeGreaterThan(0);
    // Exact for every sale, the voided one's fulfillments included (the server keeps them).
    await expectExact(source, ['sales', 'fulfillments']);
  });

  it('a walk-in shop (5 % of sales in a fulfillment status) costs one request per such sale', async () => {
    server.reset({ dataset: { sales: 400 }, fulfillmentShare: 0.05 });
    server.clearRequests();
    const source = presetSource();
    await sync(source, ['fulfillments']);
    expect(server.requests().filter((e) => e.path.endsWith('/fulfillments'))).toHaveLength(20);
    await expectExact(source, ['sales', 'fulfillments']);
  });
});

describe('a store that cannot be reached', () => {
  it('stops all 24 tables with one error after a short, bounded retry of the first requests', async () => {
    const closed = await startRetailServer({ dataset: 'empty' });
    const url = closed.url;
    await closed.close();
    const preset = presetSource();
    const source = { ...preset, baseUrl: url };
    // Real time and real sleeps: the retries of the three tables that start together overlap.
    let attempts = 0;
    const counting: typeof fetch = (input, init) => (attempts++, fetch(input, init));
    const began = performance.now();
    const http = new HttpClient({ baseUrl: url, auth: source.auth, secret: 'x-token', retry: source.retry, fetch: counting });
    const result = await runSync({ source, selected: source.resources.map((r) => r.name), store, http, signal: new AbortController().signal, concurrency: 3 });
    const seconds = (performance.now() - began) / 1000;
    expect(result.error?.kind).toBe('network');
    expect(result.error?.message).toMatch(/could not reach the store \(127\.0\.0\.1:\d+\) \(gave up after 3 attempts\)$/);
    for (const r of source.resources) expect(result.resources[r.name], r.name).toMatchObject({ status: 'error', error: { scope: 'sync', message: result.error!.message } });
    // At most the three tables that start together, each tried three times within 1.5 s of backoff
    // (before: 2 + 4 + 8 s of backoff on every one of the 24 tables, 112 s in the browser).
    expect(attempts).toBeLessThanOrEqual(9);
    expect(seconds).toBeLessThan(5);
  });
});

describe('under the API rate limit', () => {
  it('paces by X-RateLimit-Remaining and Retry-After dates: exact, with at most one 429 per window learned', async () => {
    // A fixed start 3.25 s into a 10 s window keeps the run (and its 429 count) the same every time.
    const clock = fakeTime(Date.parse('2026-11-24T12:00:03.250Z'));
    const limited = await startRetailServer({ dataset: 'default', quota: 5, windowS: 10, now: clock.now });
    try {
      const result0 = resolveConfig({ ...RETAIL_PRESET, client: { ...RETAIL_PRESET.client, base_url: limited.url } });
      if (!result0.ok) throw new Error('preset');
      const names = ['customers', 'products', 'sales', 'inventory', 'price_books', 'quotes'];
      const source = {
        ...result0.source,
        resources: result0.source.resources.map((r) => (isVersionCursor(r) ? { ...r, params: { ...r.params, page_size: 100 } } : r)),
      };
      const http = new HttpClient({
        ...sourceClientOptions(source, limited.token),
        budget: new RateLimitBudget({ now: clock.now, sleep: clock.sleep }),
        now: clock.now,
        sleep: clock.sleep,
      });
      const start = clock.now();
      const result = await runSync({ source, selected: names, store, http, signal: new AbortController().signal, concurrency: 3 });
      for (const n of names) expect(result.resources[n], n).toEqual({ status: 'done' });
      const log = limited.requests();
      const ok = log.filter((e) => e.status === 200).length;
      const refused = log.filter((e) => e.status === 429).length;
      const windows = Math.ceil(ok / 5);
      // Only the first window ends are learned by probing; after that the budget waits without a doomed request.
      console.log(`rate-limited sync: ${ok} requests answered, ${refused} refused (429), ${((clock.now() - start) / 10_000).toFixed(2)} windows of 10 s used, minimum ${windows}`);
      expect(refused).toBeLessThanOrEqual(2);
      const elapsedWindows = (clock.now() - start) / 10_000;
      expect(elapsedWindows).toBeLessThanOrEqual(windows);
      for (const r of source.resources.filter((x) => names.includes(x.name))) {
        const want = new Map(limited.rows(urlName(r), { includeDeleted: r.params.deleted === 'true' }).map((row) => [String(row.id), row]));
        const got = await stored(r.name);
        expect(got.length, r.name).toBe(want.size);
        for (const row of got) expect(row, r.name).toEqual(want.get(String(row.id)));
      }
    } finally {
      await limited.close();
    }
  });
});

describe('against an API that serves at most 120 rows per request', () => {
  const versioned = (source: ResolvedSource) => source.resources.filter(isVersionCursor);
  /** A resource's requests in order: the page size asked for and the status answered. */
  const asked = (r: ResolvedResource) => {
    const pattern = new RegExp('^' + r.path.replace(/\{resources\.[^}]+\}/, '[^/]+').replace(/\//g, '\\/') + '$');
    return server.requests().filter((e) => pattern.test(e.path)).map((e) => `${e.query.page_size}:${e.status}`);
  };
  const atLimit = (n: number) => Math.ceil(n / 62) + 1;

  it('halves 500 → 250 → 125 → 62 once per table, ends exact, and the next sync starts at 62', async () => {
    server.reset({ dataset: 'default', pageSizeMax: 120 });
    const source = presetSource();
    expect(versioned(source).every((r) => r.params.page_size === 500)).toBe(true);
    const result = await sync(source);
    for (const r of source.resources) expect(result.resources[r.name], r.name).toEqual({ status: 'done' });
    await expectExact(source);

    for (const r of versioned(source)) {
      const pages = rowsPerWalk(r).reduce((sum, n) => sum + atLimit(n), 0);
      // Child walks (consignment products) share what the first parent learned.
      expect(asked(r), r.name).toEqual(['500:400', '250:400', '125:400', ...Array(pages).fill('62:200')]);
      expect((await store.tableState(r.name)).pageSizeLimit, r.name).toBe(62);
    }
    const refused = server.requests().filter((e) => e.status === 400);
    expect(refused).toHaveLength(3 * versioned(source).length);
    for (const r of source.resources.filter((x) => !isVersionCursor(x))) {
      expect((await store.tableState(r.name)).pageSizeLimit, r.name).toBeUndefined();
    }

    // A full refresh of every table (so child walks are requested again) asks for 62 from the start.
    server.clearRequests();
    const again = await sync(source, undefined, undefined, source.resources.map((r) => r.name));
    for (const r of source.resources) expect(again.resources[r.name], r.name).toEqual({ status: 'done' });
    expect(server.requests().filter((e) => e.status !== 200)).toEqual([]);
    for (const r of versioned(source)) expect(new Set(asked(r)), r.name).toEqual(new Set(['62:200']));
    await expectExact(source);
  });

  it('a walk resumed after a worker restart starts at the remembered 62 from its checkpoint', async () => {
    server.reset({ dataset: 'default', pageSizeMax: 120 });
    // 500, 250 and 125 are refused, one page of 62 is served, then the API keeps failing.
    server.addFaults([{ path: '/api/2.0/customers', skip: 4, times: 100, status: 500 }]);
    const source = presetSource();
    const first = await sync(source, ['customers']);
    expect(first.resources.customers.error?.kind).toBe('server');
    const stopped = await store.tableState('customers');
    expect(stopped).toMatchObject({ pageSizeLimit: 62, rowsStored: 62, checkpoint: { done: false } });

    store.close();
    store = await Store.open(`preset-${dbCount}`);
    server.clearFaults();
    server.clearRequests();
    expect((await sync(source, ['customers'])).resources.customers).toEqual({ status: 'done' });
    const log = server.requests();
    expect(log.map((e) => `${e.query.page_size}:${e.status}`)).toEqual(Array(atLimit(250) - 1).fill('62:200'));
    expect(log[0].query.after).toBe((stopped.checkpoint?.paginator as { cursor: string }).cursor);
    await expectExact(source, ['customers']);
  });
});
