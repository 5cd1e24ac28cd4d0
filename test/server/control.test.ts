import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FULFILLMENT_STATUSES, startRetailServer } from './index';
import { call, get, walkVersions } from './testkit';
import type { RetailServer, Row } from './types';

let server: RetailServer;

beforeAll(async () => {
  server = await startRetailServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.reset();
  server.clearRequests();
});

describe('mutations and the change feed', () => {
  it('gives an updated row the next global version and re-serves exactly the changed rows from the stored version.max', async () => {
    const full = await walkVersions(server, '/api/2.0/customers');
    const stored = full.lastAfter;
    const storedWithDeleted = (await walkVersions(server, '/api/2.0/customers', 'page_size=100&deleted=true')).lastAfter;
    const before = server.state().maxVersion;
    const [a, b] = full.rows;
    const updated = server.mutate({ resource: 'customers', op: 'update', id: a.id as string, patch: { note: 'Now a VIP' } });
    expect(updated.version).toBe(before + 1);
    expect(updated.note).toBe('Now a VIP');
    server.mutate({ resource: 'products', op: 'update', id: server.rows('products')[0].id as string, patch: { name: 'Renamed' } });
    const deleted = server.mutate({ resource: 'customers', op: 'delete', id: b.id as string });
    expect(deleted.version).toBe(before + 3);
    expect(server.state().maxVersion).toBe(before + 3);

    const resumed = await walkVersions(server, '/api/2.0/customers', 'page_size=100', stored);
    expect(resumed.rows.map((r) => r.id)).toEqual([a.id]);
    expect(resumed.requests).toBe(2);
    const resumedWithDeleted = await walkVersions(server, '/api/2.0/customers', 'page_size=100&deleted=true', storedWithDeleted);
    expect(resumedWithDeleted.rows.map((r) => [r.id, r.deleted_at === null])).toEqual([[a.id, true], [b.id, false]]);
  });

  it('re-serves a row updated mid-walk in a later page of the same walk', async () => {
    const first = await get(server, '/api/2.0/customers?page_size=100');
    const early: Row = first.json.data[0];
    server.mutate({ resource: 'customers', op: 'update', id: early.id as string, patch: { first_name: 'Zoë-Ann' } });
    const rest = await walkVersions(server, '/api/2.0/customers', 'page_size=100', first.json.version.max);
    const again = rest.rows.filter((r) => r.id === early.id);
    expect(again).toHaveLength(1);
    expect(again[0].first_name).toBe('Zoë-Ann');
    expect(rest.rows.at(-1)!.id).toBe(early.id);
  });

  it('creates rows of the resource\'s shape with a fresh id and the next version', async () => {
    const created = server.mutate({ resource: 'customers', op: 'create', patch: { first_name: 'Ngaio', last_name: 'Marsh' } });
    expect(created.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(created).toMatchObject({ first_name: 'Ngaio', last_name: 'Marsh', deleted_at: null, version: server.state().maxVersion });
    expect(Object.keys(created).sort()).toEqual(Object.keys(server.rows('customers')[0]).sort());
    expect(server.rows('customers')).toHaveLength(249);
  });

  it('creates quotes with a snowflake id above every existing one, so the id cursor finds them last', async () => {
    const created = server.mutate({ resource: 'quotes', op: 'create' });
    const ids = server.rows('quotes').map((q) => BigInt(q.id as string));
    expect(BigInt(created.id as string)).toBe(ids.reduce((m, id) => (id > m ? id : m)));
    expect((created.products as Row[]).every((p) => p.quote_id === created.id)).toBe(true);
    const tail = await get(server, `/api/2.0/quotes?after=${server.rows('quotes')[119].id}`);
    expect(tail.json.Quotes.map((q: Row) => q.id)).toEqual([created.id]);
  });

  it('spends a global version on changes to resources that do not expose one', () => {
    const before = server.state().maxVersion;
    const quote = server.mutate({ resource: 'quotes', op: 'update', id: server.rows('quotes')[0].id as string, patch: { note: 'Revised' } });
    expect(quote).not.toHaveProperty('version');
    expect(server.state().maxVersion).toBe(before + 1);
    expect(server.mutate({ resource: 'brands', op: 'create' }).version).toBe(before + 2);
  });

  it('rejects unknown resources, ops and ids with a clear message', () => {
    expect(() => server.mutate({ resource: 'widgets', op: 'update', id: 'x' })).toThrow(/resource must be one of/);
    expect(() => server.mutate({ resource: 'customers', op: 'update', id: 'nope' })).toThrow(/no row with id nope/);
    expect(() => server.mutate({ resource: 'customers', op: 'upsert' as 'update', id: 'x' })).toThrow(/op must be/);
  });

  it('restores the seed and the version counter on reset', async () => {
    const seeded = server.state();
    server.mutate({ resource: 'customers', op: 'create' });
    server.reset();
    expect(server.state().maxVersion).toBe(seeded.maxVersion);
    expect(server.state().counts).toEqual(seeded.counts);
  });
});

describe('control plane over HTTP', () => {
  it('resets to another dataset, quota and token', async () => {
    const res = await call(server, 'POST', '/__mock/reset', { dataset: 'small', quota: 9, window_s: 60, token: 'other-token' });
    expect(res.status).toBe(200);
    expect(res.json.state.limiter.quota).toBe(9);
    expect(res.json.state.counts.customers).toBe(8);
    expect(server.token).toBe('other-token');
    expect((await get(server, '/api/2.0/customers', 'demo-token')).status).toBe(401);
    expect((await get(server, '/api/2.0/customers', 'other-token')).json.data).toHaveLength(6);
    await call(server, 'POST', '/__mock/reset', {});
    expect(server.token).toBe('demo-token');
    expect(server.state().counts.customers).toBe(250);
  });

  it('accepts custom dataset sizes', async () => {
    const res = await call(server, 'POST', '/__mock/reset', { dataset: { customers: 3, sales: 0 } });
    expect(res.json.state.counts).toMatchObject({ customers: 3, sales: 0, fulfillments: 0, products: 230 });
    const bad = await call(server, 'POST', '/__mock/reset', { dataset: { widgets: 3 } });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toMatch(/unknown resource count "widgets"/);
  });

  it('resets to a fulfillment share and refuses one outside 0..1', async () => {
    const res = await call(server, 'POST', '/__mock/reset', { dataset: { sales: 400 }, fulfillment_share: 0.05 });
    expect(res.status).toBe(200);
    const fulfilling = server.rows('sales').filter((s) => (FULFILLMENT_STATUSES as readonly unknown[]).includes(s.status));
    expect(fulfilling).toHaveLength(20);
    const bad = await call(server, 'POST', '/__mock/reset', { fulfillment_share: 2 });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toMatch(/fulfillment_share/);
  });

  it('a sale moving into a fulfillment status gets fulfillments; within them they are updated; moving out keeps them', () => {
    const statuses = FULFILLMENT_STATUSES as readonly unknown[];
    const walkIn = server.rows('sales').find((s) => s.status === 'CLOSED')!;
    const id = String(walkIn.id);
    expect(server.rows('fulfillments', { saleId: id })).toEqual([]);

    server.mutate({ resource: 'sales', op: 'update', id, patch: { status: 'AWAITING_PICKUP' } });
    const created = server.rows('fulfillments', { saleId: id });
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(created.every((f) => f.sale_id === id && /^\d{19}$/.test(String(f.id)))).toBe(true);
    expect(created.at(-1)!.status).toBe('PENDING');

    server.mutate({ resource: 'sales', op: 'update', id, patch: { status: 'PICKED_UP_CLOSED' } });
    const picked = server.rows('fulfillments', { saleId: id });
    expect(picked.map((f) => f.id)).toEqual(created.map((f) => f.id));
    expect(picked.every((f) => f.status === 'FULFILLED')).toBe(true);

    server.mutate({ resource: 'sales', op: 'update', id, patch: { status: 'VOIDED' } });
    expect(server.rows('fulfillments', { saleId: id })).toEqual(picked);
    expect(statuses.includes(server.rows('sales').find((s) => s.id === id)!.status)).toBe(false);

    const made = server.mutate({ resource: 'sales', op: 'create', patch: { status: 'AWAITING_DISPATCH' } });
    expect(server.rows('fulfillments', { saleId: String(made.id) }).length).toBeGreaterThanOrEqual(1);
  });

  it('queues and clears faults', async () => {
    expect((await call(server, 'POST', '/__mock/faults', [{ path: '/api/2.0/users', status: 502, times: 5 }])).json).toEqual({ ok: true, queued: 1 });
    expect((await get(server, '/api/2.0/users')).status).toBe(502);
    await call(server, 'DELETE', '/__mock/faults');
    expect((await get(server, '/api/2.0/users')).status).toBe(200);
    expect((await call(server, 'POST', '/__mock/faults', { path: 'users' })).status).toBe(400);
  });

  it('mutates and returns the new row with its version', async () => {
    const id = server.rows('tags')[0].id;
    const res = await call(server, 'POST', '/__mock/mutate', { resource: 'tags', op: 'update', id, patch: { name: 'winter' } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id, name: 'winter', version: server.state().maxVersion });
    expect((await call(server, 'POST', '/__mock/mutate', { resource: 'tags', op: 'update', id: 'missing' })).status).toBe(404);
  });

  it('returns and clears the request log', async () => {
    await get(server, '/api/2.0/users?page=2');
    const log = (await call(server, 'GET', '/__mock/requests')).json;
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ method: 'GET', path: '/api/2.0/users', query: { page: '2' }, auth: 'ok', status: 200 });
    expect(typeof log[0].t).toBe('number');
    await call(server, 'DELETE', '/__mock/requests');
    expect((await call(server, 'GET', '/__mock/requests')).json).toEqual([]);
  });

  it('reports state, and answers 404 for unknown control routes and 400 for bad JSON', async () => {
    const state = (await call(server, 'GET', '/__mock/state')).json;
    expect(state.counts.inventory).toBe(460);
    expect(state.limiter).toMatchObject({ quota: 650, count: 0 });
    expect(state.maxVersion).toBeGreaterThan(1_000_000);
    expect((await call(server, 'GET', '/__mock/nothing')).status).toBe(404);
    const bad = await fetch(`${server.url}/__mock/mutate`, { method: 'POST', body: '{not json' });
    expect(bad.status).toBe(400);
  });
});
