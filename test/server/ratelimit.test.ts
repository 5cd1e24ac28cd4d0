import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startRetailServer } from './index';
import { FixedWindowLimiter, httpDate } from './ratelimit';
import { get } from './testkit';
import type { RetailServer } from './types';

describe('httpDate', () => {
  it('formats RFC 1123 dates in GMT with English names, independent of locale and time zone', () => {
    expect(httpDate(Date.UTC(2020, 6, 15, 15, 4, 5))).toBe('Wed, 15 Jul 2020 15:04:05 GMT');
    expect(httpDate(Date.UTC(2024, 0, 7, 3, 2, 1))).toBe('Sun, 07 Jan 2024 03:02:01 GMT');
  });

  it('rounds a fractional second up, so a client never retries before the window ends', () => {
    expect(httpDate(Date.UTC(2020, 6, 15, 15, 4, 5, 1))).toBe('Wed, 15 Jul 2020 15:04:06 GMT');
  });
});

describe('FixedWindowLimiter', () => {
  it('allows quota requests per epoch-aligned window and resets when the window index changes', () => {
    let now = 10_500;
    const limiter = new FixedWindowLimiter(2, 2, () => now);
    expect(limiter.hit()).toMatchObject({ allowed: true, remaining: 1, windowEndsAt: 12_000 });
    expect(limiter.hit()).toMatchObject({ allowed: true, remaining: 0 });
    expect(limiter.hit()).toMatchObject({ allowed: false, remaining: 0 });
    now = 11_999;
    expect(limiter.hit().allowed).toBe(false);
    now = 12_000;
    expect(limiter.hit()).toMatchObject({ allowed: true, remaining: 1, windowEndsAt: 14_000 });
  });
});

describe('rate limiting over HTTP', () => {
  let server: RetailServer;
  let now = Date.UTC(2024, 4, 1, 12, 0, 0, 250);

  beforeAll(async () => {
    server = await startRetailServer({ dataset: 'small', quota: 5, windowS: 2, now: () => now });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    now = Date.UTC(2024, 4, 1, 12, 0, 0, 250);
    server.reset();
    server.clearRequests();
  });

  it('answers the 6th request with 429, the documented body and a date Retry-After at the window end', async () => {
    for (let i = 1; i <= 5; i++) {
      const ok = await get(server, '/api/2.0/users');
      expect(ok.status).toBe(200);
      expect(ok.headers.get('x-ratelimit-limit')).toBe('5');
      expect(ok.headers.get('x-ratelimit-remaining')).toBe(String(5 - i));
    }
    const refused = await get(server, '/api/2.0/users');
    expect(refused.status).toBe(429);
    expect(refused.text).toBe('{"error":"Too Many Requests","message":"Rate limiting enforced"}');
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
    const retryAfter = refused.headers.get('retry-after')!;
    expect(retryAfter).toBe('Wed, 01 May 2024 12:00:02 GMT');
    const waitMs = Date.parse(retryAfter) - now;
    expect(waitMs).toBeGreaterThan(0);
    expect(waitMs).toBeLessThanOrEqual(2000);
  });

  it('succeeds again once the clock reaches the Retry-After date', async () => {
    for (let i = 0; i < 6; i++) await get(server, '/api/2.0/users');
    const refused = await get(server, '/api/2.0/users');
    now = Date.parse(refused.headers.get('retry-after')!);
    expect((await get(server, '/api/2.0/users')).status).toBe(200);
  });

  it('counts refused requests and 404s, but not 401s', async () => {
    await get(server, '/api/2.0/nowhere');
    for (let i = 0; i < 3; i++) expect((await get(server, '/api/2.0/users', 'wrong-token')).status).toBe(401);
    expect(server.state().limiter.count).toBe(1);
    for (let i = 0; i < 6; i++) await get(server, '/api/2.0/users');
    expect(server.state().limiter).toMatchObject({ quota: 5, count: 7, window_ends_at: '2024-05-01T12:00:02.000Z' });
  });

  it('takes quota and window from reset', async () => {
    server.reset({ quota: 1, windowS: 60 });
    expect((await get(server, '/api/2.0/users')).status).toBe(200);
    const refused = await get(server, '/api/2.0/users');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('Wed, 01 May 2024 12:01:00 GMT');
  });
});

describe('authentication', () => {
  let server: RetailServer;

  beforeAll(async () => {
    server = await startRetailServer({ dataset: 'empty', token: 's3cret-token' });
  });
  afterAll(() => server.close());

  it('answers 401 with the documented body for a missing, malformed or wrong token', async () => {
    const cases: [Record<string, string>, string][] = [
      [{}, 'missing'],
      [{ Authorization: 's3cret-token' }, 'invalid'],
      [{ Authorization: 'Basic s3cret-token' }, 'invalid'],
      [{ Authorization: 'Bearer S3CRET-TOKEN' }, 'invalid'],
    ];
    server.clearRequests();
    for (const [headers] of cases) {
      const res = await fetch(`${server.url}/api/2.0/customers`, { headers });
      expect(res.status).toBe(401);
      expect(await res.text()).toBe('{"error":"Access token is not valid"}');
      expect(res.headers.get('x-ratelimit-limit')).toBeNull();
    }
    expect(server.requests().map((r) => r.auth)).toEqual(cases.map(([, auth]) => auth));
  });

  it('accepts the bearer scheme case-insensitively', async () => {
    const res = await fetch(`${server.url}/api/2.0/customers`, { headers: { Authorization: 'bearer s3cret-token' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: [], version: { min: null, max: null } });
  });

  it('never writes the token into the request log, even when a client sends it in the query', async () => {
    server.clearRequests();
    await get(server, '/api/2.0/customers?api_key=s3cret-token&page_size=5');
    await get(server, '/api/2.0/customers', 'not-the-token');
    const log = JSON.stringify(server.requests());
    expect(log).not.toContain('s3cret-token');
    expect(server.requests()[0].query).toEqual({ api_key: '***', page_size: '5' });
    const overHttp = await fetch(`${server.url}/__mock/requests`).then((r) => r.text());
    expect(overHttp).not.toContain('s3cret-token');
  });
});
