import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startRetailServer } from './index';
import { get } from './testkit';
import type { RetailServer } from './types';

let server: RetailServer;
let now = Date.UTC(2024, 4, 1, 12, 0, 0);

beforeAll(async () => {
  server = await startRetailServer({ dataset: 'small', now: () => now });
});
afterAll(() => server.close());
beforeEach(() => {
  server.reset();
  server.clearRequests();
});

describe('fault injection', () => {
  it('fails `times` matching requests with the rule status and a reason-phrase body, then serves normally', async () => {
    server.addFaults([{ path: '/api/2.0/customers', status: 503, times: 2 }]);
    const first = await get(server, '/api/2.0/customers');
    expect(first.status).toBe(503);
    expect(first.json).toEqual({ error: 'Service Unavailable', message: 'Injected fault' });
    expect(first.headers.get('retry-after')).toBeNull();
    expect((await get(server, '/api/2.0/customers')).status).toBe(503);
    expect((await get(server, '/api/2.0/customers')).status).toBe(200);
  });

  it('matches by path prefix and method only', async () => {
    server.addFaults([{ path: '/api/2.0/sales', method: 'get', status: 500 }]);
    expect((await get(server, '/api/2.0/customers')).status).toBe(200);
    const sale = server.rows('sales')[0];
    expect((await get(server, `/api/2.0/sales/${sale.id}/fulfillments`)).status).toBe(500);
    expect((await get(server, `/api/2.0/sales/${sale.id}/fulfillments`)).status).toBe(200);
  });

  it('lets `skip` requests pass before failing', async () => {
    server.addFaults([{ path: '/api/2.0/users', skip: 2, status: 502 }]);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await get(server, '/api/2.0/users')).status);
    expect(statuses).toEqual([200, 200, 502, 200]);
  });

  it('sends a date Retry-After and the documented body for an injected 429, and seconds when asked', async () => {
    server.addFaults([
      { path: '/api/2.0/users', status: 429, retry_after_s: 3 },
      { path: '/api/2.0/users', status: 429, retry_after: 'seconds', retry_after_s: 7 },
      { path: '/api/2.0/users', status: 429, retry_after: 'none' },
    ]);
    const dated = await get(server, '/api/2.0/users');
    expect(dated.status).toBe(429);
    expect(dated.json).toEqual({ error: 'Too Many Requests', message: 'Rate limiting enforced' });
    expect(dated.headers.get('retry-after')).toBe('Wed, 01 May 2024 12:00:03 GMT');
    expect((await get(server, '/api/2.0/users')).headers.get('retry-after')).toBe('7');
    expect((await get(server, '/api/2.0/users')).headers.has('retry-after')).toBe(false);
  });

  it('carries rate-limit headers on injected faults without consuming quota', async () => {
    server.addFaults([{ path: '/api/2.0/users', status: 500, times: 3 }]);
    for (let i = 0; i < 3; i++) {
      const res = await get(server, '/api/2.0/users');
      expect(res.headers.get('x-ratelimit-remaining')).toBe('350');
    }
    expect(server.state().limiter.count).toBe(0);
  });

  it('uses a custom body, and can inject a 401', async () => {
    server.addFaults([{ path: '/api/2.0/users', status: 401, body: { error: 'Access token is not valid' } }]);
    const res = await get(server, '/api/2.0/users');
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ error: 'Access token is not valid' });
  });

  it('answers 200 with truncated JSON for a malformed rule', async () => {
    server.addFaults([{ path: '/api/2.0/customers', malformed: true }]);
    const res = await fetch(`${server.url}/api/2.0/customers`, { headers: { Authorization: 'Bearer demo-token' } });
    expect(res.status).toBe(200);
    await expect(res.json()).rejects.toThrow();
    expect(server.requests()[0].status).toBe(200);
  });

  it('destroys the connection for a reset rule and logs status 0', async () => {
    server.addFaults([{ path: '/api/2.0/customers', reset: true }]);
    await expect(fetch(`${server.url}/api/2.0/customers`, { headers: { Authorization: 'Bearer demo-token' } })).rejects.toThrow();
    expect(server.requests()[0].status).toBe(0);
    expect((await get(server, '/api/2.0/customers')).status).toBe(200);
  });

  it('delays a normal response, or a fault, by delay_ms', async () => {
    server.addFaults([{ path: '/api/2.0/users', delay_ms: 150 }, { path: '/api/2.0/users', delay_ms: 150, status: 504 }]);
    let started = performance.now();
    expect((await get(server, '/api/2.0/users')).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    started = performance.now();
    expect((await get(server, '/api/2.0/users')).status).toBe(504);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    started = performance.now();
    expect((await get(server, '/api/2.0/users')).status).toBe(200);
    expect(performance.now() - started).toBeLessThan(140);
  });

  it('is cleared by clearFaults and by reset', async () => {
    server.addFaults([{ path: '/api/2.0/', status: 500, times: 10 }]);
    server.clearFaults();
    expect((await get(server, '/api/2.0/users')).status).toBe(200);
    server.addFaults([{ path: '/api/2.0/', status: 500, times: 10 }]);
    server.reset();
    expect((await get(server, '/api/2.0/users')).status).toBe(200);
  });

  it('rejects a rule without a path prefix', () => {
    expect(() => server.addFaults([{ path: 'customers', status: 500 }])).toThrow(/path/);
  });
});
