import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startRetailServer } from './index';
import { VERSIONED_RESOURCES } from './resources';
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

describe('group A: version cursor', () => {
  it('walks customers in exactly 4 requests: 100, 100, 48, then an empty page with null versions', async () => {
    const sizes: number[] = [];
    let after = 0;
    for (;;) {
      const res = await get(server, `/api/2.0/customers?page_size=100&after=${after}`);
      expect(res.status).toBe(200);
      sizes.push(res.json.data.length);
      if (res.json.data.length === 0) {
        expect(res.json.version).toEqual({ min: null, max: null });
        break;
      }
      after = res.json.version.max;
    }
    expect(sizes).toEqual([100, 100, 48, 0]);
    const log = server.requests().filter((r) => r.path === '/api/2.0/customers');
    expect(log).toHaveLength(4);
    expect(log[3].query.after).toBe(String(server.rows('customers').at(-1)!.version));
  });

  it('takes ceil(N/P)+1 requests for every version-cursor resource and returns exactly the visible rows', async () => {
    for (const resource of VERSIONED_RESOURCES) {
      const expected = server.rows(resource);
      const walk = await walkVersions(server, `/api/2.0/${resource}`);
      expect(walk.requests, resource).toBe(Math.ceil(expected.length / 100) + 1);
      expect(walk.rows, resource).toEqual(expected);
    }
  });

  it('orders rows by version, reports the page min/max, and leaves gaps between a resource\'s versions', async () => {
    const res = await get(server, '/api/2.0/products?page_size=50');
    const versions = res.json.data.map((r: Row) => r.version as number);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(res.json.version).toEqual({ min: versions[0], max: versions.at(-1) });
    const contiguous = versions.every((v: number, i: number) => i === 0 || v === versions[i - 1] + 1);
    expect(contiguous).toBe(false);
  });

  it('treats after and before as exclusive bounds', async () => {
    const all = server.rows('brands').map((r) => r.version as number);
    const res = await get(server, `/api/2.0/brands?after=${all[0]}&before=${all[3]}`);
    expect(res.json.data.map((r: Row) => r.version)).toEqual([all[1], all[2]]);
  });

  it('uses the configured default page size when page_size is absent, and clamps huge ones to 10000', async () => {
    expect((await get(server, '/api/2.0/customers')).json.data).toHaveLength(100);
    expect((await get(server, '/api/2.0/inventory?page_size=99999999')).json.data).toHaveLength(460);
    server.reset({ pageSizeDefault: 30 });
    expect((await get(server, '/api/2.0/customers')).json.data).toHaveLength(30);
  });

  it('answers 400 for a non-integer or out-of-range after, before or page_size', async () => {
    for (const [query, param] of [['after=abc', 'after'], ['before=1.5', 'before'], ['page_size=0', 'page_size'], ['page_size=ten', 'page_size'], ['after=-1', 'after']]) {
      const res = await get(server, `/api/2.0/customers?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.json).toEqual({ error: 'Bad Request', message: `${param} must be an integer` });
    }
  });

  it('includes soft-deleted rows with deleted_at only when deleted=true is given on a resource that supports it', async () => {
    const visible = await walkVersions(server, '/api/2.0/customers');
    const withDeleted = await walkVersions(server, '/api/2.0/customers', 'page_size=100&deleted=true');
    expect(visible.rows).toHaveLength(248);
    expect(withDeleted.rows).toHaveLength(250);
    const deleted = withDeleted.rows.filter((r) => r.deleted_at !== null);
    expect(deleted).toHaveLength(2);
    for (const row of deleted) expect(row.deleted_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
    expect((await walkVersions(server, '/api/2.0/products', 'page_size=100&deleted=1')).rows).toHaveLength(230);
    expect(withDeleted.rows).toEqual(server.rows('customers', { includeDeleted: true }));
  });

  it('ignores deleted=true where the API does not document it', async () => {
    server.mutate({ resource: 'sales', op: 'delete', id: server.rows('sales')[0].id as string });
    const walk = await walkVersions(server, '/api/2.0/sales', 'page_size=100&deleted=true');
    expect(walk.rows).toHaveLength(149);
  });

  it('filters serialnumbers and consignments by their documented parameters', async () => {
    const serial = server.rows('serialnumbers')[0];
    const bySale = await get(server, `/api/2.0/serialnumbers?sale_id=${serial.sale_id}`);
    expect(bySale.json.data.length).toBeGreaterThan(0);
    expect(bySale.json.data.every((r: Row) => r.sale_id === serial.sale_id)).toBe(true);
    const supplierOnly = await get(server, '/api/2.0/consignments?type=SUPPLIER');
    const expected = server.rows('consignments').filter((r) => r.type === 'SUPPLIER');
    expect(supplierOnly.json.data).toEqual(expected);
    expect(expected.length).toBeLessThan(server.rows('consignments').length);
  });

  it('ignores parameters the real API does not have, such as page on /users', async () => {
    const page1 = await get(server, '/api/2.0/users?page=1&page_size=200');
    const page2 = await get(server, '/api/2.0/users?page=2&page_size=200');
    expect(page1.json).toEqual(page2.json);
    expect(page1.json.data).toHaveLength(3);
  });
});

describe('consignment products', () => {
  it('serves rows without id or consignment_id, with 5-decimal string quantities, unique product_id per consignment', async () => {
    for (const consignment of server.rows('consignments')) {
      const walk = await walkVersions(server, `/api/2.0/consignments/${consignment.id}/products`);
      expect(walk.rows).toEqual(server.rows('consignment_products', { consignmentId: consignment.id as string }));
      for (const row of walk.rows) {
        expect(row).not.toHaveProperty('id');
        expect(row).not.toHaveProperty('consignment_id');
        for (const field of ['count', 'received', 'cost']) expect(row[field]).toMatch(/^-?\d+\.\d{5}$/);
      }
      expect(new Set(walk.rows.map((r) => r.product_id)).size).toBe(walk.rows.length);
    }
  });

  it('has a consignment with more than 100 products that needs a second page via after', async () => {
    const big = server.rows('consignments').find((c) => server.rows('consignment_products', { consignmentId: c.id as string }).length > 100)!;
    expect(big).toBeDefined();
    const walk = await walkVersions(server, `/api/2.0/consignments/${big.id}/products`);
    expect(walk.requests).toBe(3);
    expect(walk.rows.length).toBeGreaterThan(100);
  });

  it('answers 404 for an unknown consignment', async () => {
    const res = await get(server, '/api/2.0/consignments/00000000-0000-4000-8000-000000000000/products');
    expect(res.status).toBe(404);
    expect(res.json.error).toBe('Not Found');
  });
});

describe('group B: id cursor with HasNext', () => {
  it('walks quotes in 2 requests: 100 with HasNext true, then 20 with HasNext false', async () => {
    const first = await get(server, '/api/2.0/quotes?limit=100');
    expect(first.json.Quotes).toHaveLength(100);
    expect(first.json).toMatchObject({ TotalCount: 120, HasNext: true });
    const lastId = first.json.Quotes[99].id;
    const second = await get(server, `/api/2.0/quotes?limit=100&after=${lastId}`);
    expect(second.json.Quotes).toHaveLength(20);
    expect(second.json).toMatchObject({ TotalCount: 120, HasNext: false });
    expect([...first.json.Quotes, ...second.json.Quotes]).toEqual(server.rows('quotes'));
  });

  it('compares ids as big integers: an id rounded through a double resumes at the wrong row', async () => {
    const first = await get(server, '/api/2.0/quotes');
    const lastId: string = first.json.Quotes[99].id;
    const rounded = BigInt(Number(lastId)).toString();
    const exact = await get(server, `/api/2.0/quotes?after=${lastId}`);
    const lossy = await get(server, `/api/2.0/quotes?after=${rounded}`);
    expect(rounded).not.toBe(lastId);
    expect(exact.json.Quotes[0].id).not.toBe(lossy.json.Quotes[0]?.id);
    expect(BigInt(exact.json.Quotes[0].id)).toBeGreaterThan(BigInt(lastId));
  });

  it('ignores page_size, defaults limit to 100 and clamps it to 1..1000', async () => {
    expect((await get(server, '/api/2.0/quotes?page_size=5')).json.Quotes).toHaveLength(100);
    expect((await get(server, '/api/2.0/quotes?limit=0')).json.Quotes).toHaveLength(1);
    expect((await get(server, '/api/2.0/quotes?limit=5000')).json.Quotes).toHaveLength(120);
    expect((await get(server, '/api/2.0/quotes?after=x')).status).toBe(400);
  });

  it('returns an empty page with HasNext false after the last quote', async () => {
    const last = server.rows('quotes').at(-1)!.id;
    expect((await get(server, `/api/2.0/quotes?after=${last}`)).json).toEqual({ Quotes: [], TotalCount: 120, HasNext: false });
  });

  it('serves services under jobs in 1 request', async () => {
    const res = await get(server, '/api/2.0/services');
    expect(res.json).toEqual({ jobs: server.rows('services'), TotalCount: 5, HasNext: false });
  });
});

describe('group C: product categories', () => {
  it('nests rows under data.categories, sorted by full path, with page_info', async () => {
    const res = await get(server, '/api/2.0/product_categories');
    const rows: Row[] = res.json.data.categories;
    expect(rows).toHaveLength(8);
    const paths = rows.map((r) => (r.category_path as { name: string }[]).map((p) => p.name).join(' / '));
    expect(paths).toEqual([...paths].sort());
    expect(rows.filter((r) => r.parent_category_id === null)).toHaveLength(2);
    expect(res.json.page_info).toEqual({ has_next: false, last_seen: rows[7].id });
  });

  it('pages with after=last_seen until has_next is false', async () => {
    const seen: Row[] = [];
    let after = '';
    let requests = 0;
    for (;;) {
      const res = await get(server, `/api/2.0/product_categories?page_size=3${after ? `&after=${after}` : ''}`);
      requests++;
      seen.push(...res.json.data.categories);
      if (!res.json.page_info.has_next) break;
      after = res.json.page_info.last_seen;
    }
    expect(requests).toBe(3);
    expect(seen).toEqual(server.rows('product_categories'));
  });

  it('filters by parent, and rejects an unknown after id', async () => {
    const roots = await get(server, '/api/2.0/product_categories?parent=none&include=children');
    expect(roots.json.data.categories.every((r: Row) => r.parent_category_id === null)).toBe(true);
    expect(roots.json.data.categories).toHaveLength(2);
    const root = roots.json.data.categories[0];
    const family = await get(server, `/api/2.0/product_categories?parent=${root.id}`);
    expect(family.json.data.categories[0].id).toBe(root.id);
    expect(family.json.data.categories.length).toBeGreaterThan(1);
    expect((await get(server, '/api/2.0/product_categories?after=nope')).status).toBe(400);
  });
});

describe('group D: single page', () => {
  it('serves security_events newest first with no version key', async () => {
    const res = await get(server, '/api/2.0/security_events?after=5&page_size=1');
    expect(Object.keys(res.json)).toEqual(['data']);
    expect(res.json.data).toHaveLength(10);
    const ids = res.json.data.map((r: Row) => BigInt(r.id as string));
    expect(ids).toEqual([...ids].sort((a, b) => (a > b ? -1 : 1)));
  });

  it('serves variant_attributes and promotions in one page', async () => {
    expect((await get(server, '/api/2.0/variant_attributes')).json).toEqual({ data: server.rows('variant_attributes') });
    const promotions = (await get(server, '/api/2.0/promotions')).json.data as Row[];
    expect(promotions).toHaveLength(3);
    for (const p of promotions) expect(p.end_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
  });

  it('filters promotions by inclusive end_time bounds', async () => {
    const promotions = server.rows('promotions');
    const end = promotions[1].end_time as string;
    const res = await get(server, `/api/2.0/promotions?end_time_from=${end}&end_time_to=${end}`);
    expect(res.json.data.map((r: Row) => r.id)).toEqual(promotions.filter((p) => p.end_time === end).map((p) => p.id));
  });

  it('serves fulfillments per sale, carrying the sale id; [] for plain sales; 404 for unknown sales', async () => {
    const sales = server.rows('sales');
    const fulfilled = sales.find((s) => s.status === 'AWAITING_PICKUP' || s.status === 'PICKED_UP_CLOSED' || s.status === 'AWAITING_DISPATCH' || s.status === 'DISPATCHED_CLOSED')!;
    const res = await get(server, `/api/2.0/sales/${fulfilled.id}/fulfillments`);
    expect(res.json.data.length).toBeGreaterThanOrEqual(1);
    expect(res.json.data.every((f: Row) => f.sale_id === fulfilled.id)).toBe(true);
    const closed = sales.find((s) => s.status === 'CLOSED')!;
    expect((await get(server, `/api/2.0/sales/${closed.id}/fulfillments`)).json).toEqual({ data: [] });
    const missing = await get(server, '/api/2.0/sales/00000000-0000-4000-8000-000000000000/fulfillments');
    expect(missing.status).toBe(404);
    expect(missing.json.message).toContain('00000000-0000-4000-8000-000000000000');
  });
});

describe('routing', () => {
  it('answers 404 with the method and path for an unknown route', async () => {
    const res = await get(server, '/api/2.0/widgets');
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ error: 'Not Found', message: 'GET /api/2.0/widgets is not a route' });
  });

  it('answers 405 for a non-GET on a list route', async () => {
    const res = await fetch(`${server.url}/api/2.0/customers`, { method: 'POST', headers: { Authorization: `Bearer ${server.token}` } });
    expect(res.status).toBe(405);
    expect((await res.json()).error).toBe('Method Not Allowed');
  });

  it('sends UTF-8 JSON with CORS and rate-limit headers on every authorized response', async () => {
    const res = await get(server, '/api/2.0/customers?page_size=1');
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-expose-headers')).toBe('Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining');
    expect(res.headers.get('x-ratelimit-limit')).toBe('650');
    const missing = await get(server, '/api/2.0/nothing');
    expect(missing.headers.get('x-ratelimit-remaining')).not.toBeNull();
  });

  it('answers a CORS preflight with 204 and the allowed headers and methods', async () => {
    const res = await fetch(`${server.url}/api/2.0/customers`, { method: 'OPTIONS', headers: { Origin: 'http://page.example', 'Access-Control-Request-Headers': 'authorization' } });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')).toBe('Authorization, Content-Type, Accept');
    expect(res.headers.get('access-control-allow-methods')).toBe('GET, OPTIONS');
  });
});

describe('page size maximum (page_size_max)', () => {
  it('has no maximum by default', async () => {
    expect((await get(server, '/api/2.0/inventory?page_size=5000')).json.data).toHaveLength(460);
    expect((await get(server, '/api/2.0/quotes?limit=1000')).json.Quotes).toHaveLength(120);
  });

  it('refuses a page_size above the maximum with a 400 on version-cursor routes, and serves one at it', async () => {
    server.reset({ pageSizeMax: 120 });
    const refused = await get(server, '/api/2.0/customers?page_size=121');
    expect(refused.status).toBe(400);
    expect(refused.json).toEqual({ error: 'Bad Request', message: 'page_size must be at most 120' });
    expect((await get(server, '/api/2.0/customers?page_size=120')).json.data).toHaveLength(120);
    // Absent page_size means the default, which is not the client asking for too much.
    expect((await get(server, '/api/2.0/customers')).status).toBe(200);
    const consignment = server.rows('consignments')[0].id as string;
    expect((await get(server, `/api/2.0/consignments/${consignment}/products?page_size=500`)).status).toBe(400);
    expect(server.requests().map((e) => e.status)).toEqual([400, 200, 200, 400]);
  });

  it('refuses a limit above the maximum on quotes and services; page_size there is still ignored', async () => {
    server.reset({ pageSizeMax: 50 });
    for (const path of ['/api/2.0/quotes', '/api/2.0/services']) {
      const refused = await get(server, `${path}?limit=51`);
      expect(refused.status, path).toBe(400);
      expect(refused.json).toEqual({ error: 'Bad Request', message: 'limit must be at most 50' });
      expect((await get(server, `${path}?limit=50&page_size=5000`)).status, path).toBe(200);
    }
  });

  it('is set by startRetailServer and POST /__mock/reset, and reset with null removes it', async () => {
    const limited = await startRetailServer({ pageSizeMax: 10 });
    try {
      expect((await get(limited, '/api/2.0/brands?page_size=11')).status).toBe(400);
      limited.reset();
      expect((await get(limited, '/api/2.0/brands?page_size=11')).status).toBe(400); // reset keeps the start-up maximum
      const res = await call(limited, 'POST', '/__mock/reset', { page_size_max: null });
      expect(res.status).toBe(200);
      expect((await get(limited, '/api/2.0/brands?page_size=11')).status).toBe(200);
      await call(limited, 'POST', '/__mock/reset', { page_size_max: 3 });
      expect((await get(limited, '/api/2.0/brands?page_size=4')).json.message).toBe('page_size must be at most 3');
      const bad = await call(limited, 'POST', '/__mock/reset', { page_size_max: 0 });
      expect(bad.status).toBe(400);
      expect(bad.json.message).toBe('page_size_max must be a positive integer or null');
    } finally {
      await limited.close();
    }
  });
});
