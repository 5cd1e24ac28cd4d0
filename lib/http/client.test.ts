import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { RetryPolicy } from '@/lib/config/types';
import { SyncError } from '@/lib/errors';
import { RateLimitBudget } from './budget';
import { HttpClient, type WaitNotice } from './client';
import { retryAfterMs } from './retry-after';

const SECRET = 'tok-very-secret-42';
const RETRY: RetryPolicy = { maxRetries: 3, backoffFactor: 2, maxDelayMs: 300_000, statusCodes: [429, 500, 502, 503, 504], timeoutMs: 5000 };

type Reply = { status: number; body?: unknown; headers?: Record<string, string> };

/** A scripted fetch: answers in order and records what was asked. */
function scripted(replies: (Reply | Error)[]) {
  const calls: { url: string; headers: Headers }[] = [];
  const fetch = (async (url: string, init?: RequestInit) => {
    calls.push({ url, headers: new Headers(init?.headers) });
    const next = replies.shift();
    if (!next) throw new Error('no more scripted replies');
    if (next instanceof Error) throw next;
    return new Response(next.body === undefined ? '' : typeof next.body === 'string' ? next.body : JSON.stringify(next.body), {
      status: next.status,
      headers: next.headers,
    });
  }) as unknown as typeof globalThis.fetch;
  return { fetch, calls };
}

function fakeClock(start = Date.parse('2026-11-24T12:00:00Z')) {
  let t = start;
  const sleeps: number[] = [];
  return { now: () => t, sleeps, sleep: async (ms: number) => void (sleeps.push(ms), (t += ms)) };
}

function client(fetchImpl: typeof fetch, clock = fakeClock(), extra: Partial<ConstructorParameters<typeof HttpClient>[0]> = {}) {
  const waits: WaitNotice[] = [];
  const c = new HttpClient({
    baseUrl: 'https://shop.example.com',
    auth: { type: 'bearer' },
    secret: SECRET,
    retry: RETRY,
    fetch: fetchImpl,
    now: clock.now,
    sleep: clock.sleep,
    budget: new RateLimitBudget({ now: clock.now, sleep: clock.sleep }),
    onWait: (w) => waits.push(w),
    ...extra,
  });
  return { c, waits };
}

const req = { resource: 'sales', path: '/api/2.0/sales', params: { after: '5' } };

async function failure(p: Promise<unknown>): Promise<SyncError> {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(SyncError);
  return e as SyncError;
}

describe('retryAfterMs', () => {
  const now = Date.parse('Wed, 15 Jul 2020 15:04:00 GMT');
  it('reads seconds', () => expect(retryAfterMs('7', now)).toBe(7000));
  it('reads an RFC 1123 date', () => expect(retryAfterMs('Wed, 15 Jul 2020 15:04:05 GMT', now)).toBe(5000));
  it('treats a past date as now', () => expect(retryAfterMs('Wed, 15 Jul 2020 15:00:00 GMT', now)).toBe(0));
  it('ignores junk', () => expect(retryAfterMs('soon', now)).toBeUndefined());
});

describe('HttpClient', () => {
  it('sends the bearer token and Accept header to base_url, with params in the URL', async () => {
    const { fetch, calls } = scripted([{ status: 200, body: { data: [] } }]);
    const res = await client(fetch).c.request(req);
    expect(res.body).toEqual({ data: [] });
    expect(calls[0].url).toBe('https://shop.example.com/api/2.0/sales?after=5');
    expect(calls[0].headers.get('authorization')).toBe(`Bearer ${SECRET}`);
    expect(calls[0].headers.get('accept')).toBe('application/json');
    expect(res.url).toBe('https://shop.example.com/api/2.0/sales');
  });

  it('refuses an absolute URL to another origin before any request', async () => {
    const { fetch, calls } = scripted([]);
    const e = await failure(client(fetch).c.request({ resource: 'orders', path: 'https://evil.example.net/x' }));
    expect(e.kind).toBe('config');
    expect(e.message).toBe('orders: refusing to send the API token to another site (https://evil.example.net)');
    expect(calls).toHaveLength(0);
  });

  it('retries 5xx with exponential backoff 2, 4, 8 s, then reports the failure', async () => {
    const clock = fakeClock();
    const { fetch, calls } = scripted([{ status: 500 }, { status: 502 }, { status: 503 }, { status: 504 }]);
    const e = await failure(client(fetch, clock).c.request(req));
    expect(calls).toHaveLength(4);
    expect(clock.sleeps).toEqual([2000, 4000, 8000]);
    expect(e.kind).toBe('server');
    expect(e.message).toBe('sales: the store had a server error (HTTP 504) (gave up after 4 attempts)');
  });

  it('succeeds after transient failures', async () => {
    const { fetch } = scripted([{ status: 503 }, new TypeError('fetch failed'), { status: 200, body: '{"data":[' }, { status: 200, body: { data: [1] } }]);
    expect((await client(fetch).c.request(req)).body).toEqual({ data: [1] });
  });

  it.each([401, 403])('never retries HTTP %i and says the token was rejected, without the token', async (status) => {
    const { fetch, calls } = scripted([{ status, body: { error: 'Access token is not valid' } }]);
    const e = await failure(client(fetch).c.request(req));
    expect(calls).toHaveLength(1);
    expect(e.kind).toBe('auth');
    expect(e.message).toBe(`sales: the store rejected the API token (HTTP ${status})`);
    expect(JSON.stringify(e.toJSON())).not.toContain(SECRET);
  });

  it('does not retry 404 and names the path', async () => {
    const { fetch, calls } = scripted([{ status: 404 }]);
    const e = await failure(client(fetch).c.request(req));
    expect(calls).toHaveLength(1);
    expect(e.message).toBe('sales: the store has no /api/2.0/sales (HTTP 404)');
  });

  it('honours a Retry-After date on 429 without spending the retry budget', async () => {
    const clock = fakeClock();
    const at = (s: number) => new Date(clock.now() + s * 1000).toUTCString();
    const replies: Reply[] = [];
    for (let i = 0; i < 5; i++) replies.push({ status: 429, headers: { 'retry-after': at(10) } });
    replies.push({ status: 200, body: { ok: true } });
    const { fetch, calls } = scripted(replies);
    const { c, waits } = client(fetch, clock);
    const res = await c.request(req);
    expect(res.body).toEqual({ ok: true });
    expect(calls).toHaveLength(6); // five 429s, more than maxRetries, and still fine
    expect(clock.sleeps[0]).toBe(10_000);
    expect(waits.every((w) => w.reason === 'rate_limit')).toBe(true);
  });

  it('honours Retry-After in seconds', async () => {
    const clock = fakeClock();
    const { fetch } = scripted([{ status: 429, headers: { 'retry-after': '7' } }, { status: 200, body: {} }]);
    await client(fetch, clock).c.request(req);
    expect(clock.sleeps).toEqual([7000]);
  });

  it('gives up on 429s once the total wait passes the cap, with a clear message', async () => {
    const clock = fakeClock();
    const replies: Reply[] = Array.from({ length: 10 }, () => ({ status: 429, headers: { 'retry-after': '60' } }));
    const { fetch } = scripted(replies);
    const e = await failure(client(fetch, clock, { maxRateLimitWaitMs: 150_000 }).c.request(req));
    expect(e.kind).toBe('rate_limited');
    expect(e.message).toBe('sales: the store kept refusing requests (rate limit) after waiting 120 s; the next sync continues from here');
  });

  it('a 429 without Retry-After uses the normal retry budget', async () => {
    const clock = fakeClock();
    const { fetch, calls } = scripted([{ status: 429 }, { status: 429 }, { status: 429 }, { status: 429 }]);
    const e = await failure(client(fetch, clock).c.request(req));
    expect(calls).toHaveLength(4);
    expect(clock.sleeps).toEqual([2000, 4000, 8000]);
    expect(e.kind).toBe('rate_limited');
  });

  it('reports a truncated body as bad_response after retries', async () => {
    const { fetch } = scripted([{ status: 200, body: '{"data":[{"id"' }, { status: 200, body: '{"da' }, { status: 200, body: '[' }, { status: 200, body: '{' }]);
    const e = await failure(client(fetch).c.request(req));
    expect(e.kind).toBe('bad_response');
    expect(e.message).toBe("sales: the store's response was not complete JSON (gave up after 4 attempts)");
  });

  it('stops at once when cancelled', async () => {
    const abort = new AbortController();
    const { fetch } = scripted([{ status: 500 }]);
    const clock = fakeClock();
    const { c } = client(fetch, { ...clock, sleep: async () => void abort.abort() });
    const e = await failure(c.request(req, abort.signal));
    expect(e.kind).toBe('cancelled');
  });

  it('keeps the token out of every error message and detail', async () => {
    const echo = { error: `bad token ${SECRET}` };
    const cases: (Reply | Error)[][] = [
      [{ status: 400, body: echo }],
      [{ status: 401, body: echo }],
      [{ status: 404, body: echo }],
      Array.from({ length: 4 }, () => ({ status: 500, body: echo })),
      Array.from({ length: 4 }, () => new TypeError(`connect failed for ${SECRET}`)),
    ];
    for (const replies of cases) {
      const { fetch } = scripted(replies);
      const e = await failure(client(fetch).c.request(req));
      expect(JSON.stringify(e.toJSON()), e.message).not.toContain(SECRET);
    }
  });

  it('sends api_key auth in a query param only when the config asks for it', async () => {
    const { fetch, calls } = scripted([{ status: 200, body: {} }]);
    await client(fetch, fakeClock(), { auth: { type: 'api_key', name: 'key', location: 'query' } }).c.request(req);
    expect(new URL(calls[0].url).searchParams.get('key')).toBe(SECRET);
    expect(calls[0].headers.get('authorization')).toBeNull();
  });
});

describe('HttpClient over real sockets', () => {
  let server: http.Server | undefined;
  afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

  async function serve(handler: http.RequestListener): Promise<string> {
    server = http.createServer(handler);
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('times out a response that never comes, and retries it', async () => {
    let n = 0;
    const base = await serve((_req, res) => {
      if (++n === 1) return void setTimeout(() => _req.socket.destroy(), 300); // answers far too late
      res.setHeader('content-type', 'application/json');
      res.end('{"data":[]}');
    });
    const clock = fakeClock();
    const c = new HttpClient({ baseUrl: base, auth: null, secret: SECRET, retry: { ...RETRY, timeoutMs: 50 }, sleep: clock.sleep, now: clock.now });
    expect((await c.request(req)).body).toEqual({ data: [] });
    expect(n).toBe(2);
  });

  it('reports a reset connection as a network error after retries', async () => {
    const base = await serve((req) => req.socket.destroy());
    const clock = fakeClock();
    const c = new HttpClient({ baseUrl: base, auth: null, secret: SECRET, retry: { ...RETRY, maxRetries: 1 }, sleep: clock.sleep, now: clock.now });
    const e = await failure(c.request(req));
    expect(e.kind).toBe('network');
    expect(e.message).toMatch(/^sales: could not reach the store \(127\.0\.0\.1:\d+\) \(gave up after 2 attempts\)$/);
  });
});
