import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { ResolvedAuth, RetryPolicy } from '@/lib/config/types';
import { SyncError } from '@/lib/errors';
import { RateLimitBudget } from './budget';
import { HttpClient, type HttpClientOptions, type WaitNotice } from './client';

// Characters that URL encoding changes, so a leak of the encoded form would be caught too.
const SECRET = 'tok/very+secret=42';
const SECRET_FORMS = [SECRET, encodeURIComponent(SECRET), 'tok%2Fvery%2Bsecret%3D42'];
const RETRY: RetryPolicy = { maxRetries: 3, backoffFactor: 2, maxDelayMs: 300_000, statusCodes: [429, 500, 502, 503, 504], timeoutMs: 5000 };
const T0 = Date.parse('2026-11-24T12:00:00Z');

type Reply = { status: number; body?: unknown; headers?: Record<string, string> };
type Script = Reply | Error | ((url: string) => Reply | Error);

/** A scripted fetch: answers in order (a function is called at request time) and records what was asked. */
function scripted(replies: Script[]) {
  const calls: { url: string; method: string; headers: Headers; body?: string }[] = [];
  const fetch = (async (url: string, init?: RequestInit) => {
    calls.push({ url, method: init?.method ?? 'GET', headers: new Headers(init?.headers), body: init?.body as string | undefined });
    const script = replies.shift();
    if (!script) throw new Error('no more scripted replies');
    const next = typeof script === 'function' ? script(url) : script;
    if (next instanceof Error) throw next;
    const text = next.body === undefined ? null : typeof next.body === 'string' ? next.body : JSON.stringify(next.body);
    return new Response(text, { status: next.status, headers: next.headers });
  }) as unknown as typeof globalThis.fetch;
  return { fetch, calls };
}

/** Sleeping advances this clock at once; `sleeps` records each wait. */
function fakeClock(start = T0) {
  let t = start;
  const sleeps: number[] = [];
  return {
    now: () => t,
    sleeps,
    sleep: async (ms: number, signal?: AbortSignal) => {
      signal?.throwIfAborted();
      sleeps.push(ms);
      t += ms;
    },
  };
}

function client(fetchImpl: typeof fetch, clock = fakeClock(), extra: Partial<HttpClientOptions> = {}) {
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
const settle = () => new Promise((r) => setTimeout(r, 0));

async function failure(p: Promise<unknown>): Promise<SyncError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(SyncError);
  return e as SyncError;
}

function expectNoSecret(e: SyncError) {
  const shown = JSON.stringify(e.toJSON());
  for (const form of SECRET_FORMS) expect(shown, e.message).not.toContain(form);
}

describe('HttpClient: requests', () => {
  it('sends the bearer token and Accept header to base_url, with params in the URL', async () => {
    const { fetch, calls } = scripted([{ status: 200, body: { data: [] } }]);
    const res = await client(fetch).c.request(req);
    expect(res.body).toEqual({ data: [] });
    expect(res.status).toBe(200);
    expect(calls[0].url).toBe('https://shop.example.com/api/2.0/sales?after=5');
    expect(calls[0].headers.get('authorization')).toBe(`Bearer ${SECRET}`);
    expect(calls[0].headers.get('accept')).toBe('application/json');
    expect(res.url).toBe('https://shop.example.com/api/2.0/sales?after=5');
  });

  it('posts JSON with its content type, keeping configured headers', async () => {
    const { fetch, calls } = scripted([{ status: 201, body: { id: 1 } }]);
    await client(fetch, fakeClock(), { headers: { 'X-Client': 'retail-exporter' } }).c.request({ resource: 'search', path: 'search', method: 'POST', json: { q: 'x' } });
    expect(calls[0].method).toBe('POST');
    expect(calls[0].body).toBe('{"q":"x"}');
    expect(calls[0].headers.get('content-type')).toBe('application/json');
    expect(calls[0].headers.get('x-client')).toBe('retail-exporter');
  });

  it('sends api_key auth in a query param only when the config asks for it, and never shows it', async () => {
    const { fetch, calls } = scripted([{ status: 200, body: {} }]);
    const res = await client(fetch, fakeClock(), { auth: { type: 'api_key', name: 'key', location: 'query' } }).c.request(req);
    expect(new URL(calls[0].url).searchParams.get('key')).toBe(SECRET);
    expect(calls[0].headers.get('authorization')).toBeNull();
    // Shown with the query, the secret param masked; never the secret itself.
    expect(res.url).toBe('https://shop.example.com/api/2.0/sales?after=5&key=***');
    // What a relative link is resolved against: the query as requested, without the secret.
    expect(res.requestUrl).toBe('https://shop.example.com/api/2.0/sales?after=5');
  });

  it('gives links the server sent resolved against the request and without the secret (they are kept in checkpoints)', async () => {
    const { fetch } = scripted([{ status: 200, body: {} }, { status: 200, body: {} }]);
    const query = await client(fetch, fakeClock(), { auth: { type: 'api_key', name: 'key', location: 'query' } }).c.request(req);
    expect(query.link(`?after=6&key=${encodeURIComponent(SECRET)}`)).toBe('https://shop.example.com/api/2.0/sales?after=6');
    expect(query.link('https://elsewhere.example/x?key=other&b=1')).toBe('https://elsewhere.example/x?b=1');
    // Header auth: the token echoed under any name is dropped, the rest kept as sent.
    const bearer = await client(fetch).c.request(req);
    expect(bearer.link(`/api/2.0/sales?access_token=${encodeURIComponent(SECRET)}&after=6&key=k`)).toBe('https://shop.example.com/api/2.0/sales?after=6&key=k');
    expect(() => bearer.link('http://[')).toThrow(TypeError);
  });

  it('accepts an absolute URL on base_url’s origin', async () => {
    const { fetch, calls } = scripted([{ status: 200, body: {} }]);
    await client(fetch).c.request({ resource: 'sales', path: 'https://shop.example.com/api/2.0/sales?after=9' });
    expect(calls[0].url).toBe('https://shop.example.com/api/2.0/sales?after=9');
  });

  it.each(['https://evil.example.net/x', '//evil.example.net/x', 'http://shop.example.com/api'])(
    'refuses %s before any request',
    async (path) => {
      const { fetch, calls } = scripted([]);
      const e = await failure(client(fetch).c.request({ resource: 'orders', path }));
      expect(e.kind).toBe('config');
      expect(e.message).toBe(`orders: refusing to send the API token to another site (${new URL(path, 'https://shop.example.com').origin})`);
      expect(calls).toHaveLength(0);
    },
  );

  it('reads an empty 2xx body as null', async () => {
    const { fetch } = scripted([{ status: 204 }]);
    expect((await client(fetch).c.request(req)).body).toBeNull();
  });
});

describe('HttpClient: errors and retries', () => {
  it('retries 5xx with exponential backoff 2, 4, 8 s, then reports the failure', async () => {
    const clock = fakeClock();
    const { fetch, calls } = scripted([{ status: 500 }, { status: 502 }, { status: 503 }, { status: 504 }]);
    const { c, waits } = client(fetch, clock);
    const e = await failure(c.request(req));
    expect(calls).toHaveLength(4);
    expect(clock.sleeps).toEqual([2000, 4000, 8000]);
    expect(waits).toEqual([
      { resource: 'sales', reason: 'backoff', attempt: 1, until: T0 + 2000 },
      { resource: 'sales', reason: 'backoff', attempt: 2, until: T0 + 6000 },
      { resource: 'sales', reason: 'backoff', attempt: 3, until: T0 + 14_000 },
    ]);
    expect(e.kind).toBe('server');
    expect(e.status).toBe(504);
    expect(e.message).toBe('sales: the store had a server error (HTTP 504 Gateway Timeout) (gave up after 4 attempts)');
  });

  it('caps each backoff at maxDelayMs', async () => {
    const clock = fakeClock();
    const { fetch } = scripted([{ status: 500 }, { status: 500 }, { status: 500 }, { status: 500 }]);
    await failure(client(fetch, clock, { retry: { ...RETRY, maxDelayMs: 5000 } }).c.request(req));
    expect(clock.sleeps).toEqual([2000, 4000, 5000]);
  });

  it('retries only the status codes the config lists', async () => {
    const { fetch, calls } = scripted([{ status: 500 }]);
    const e = await failure(client(fetch, fakeClock(), { retry: { ...RETRY, statusCodes: [503] } }).c.request(req));
    expect(calls).toHaveLength(1);
    expect(e.message).toBe('sales: the store had a server error (HTTP 500 Internal Server Error)');
  });

  it('succeeds after a 5xx, a dropped connection and a truncated body', async () => {
    const clock = fakeClock();
    const { fetch } = scripted([{ status: 503 }, new TypeError('fetch failed'), { status: 200, body: '{"data":[' }, { status: 200, body: { data: [1] } }]);
    expect((await client(fetch, clock).c.request(req)).body).toEqual({ data: [1] });
    expect(clock.sleeps).toEqual([2000, 4000, 8000]);
  });

  it.each([
    [401, 'sales: the store rejected the API token (HTTP 401 Unauthorized)', 'sync'],
    [403, 'sales: the store refused the API token access to this table (HTTP 403 Forbidden)', undefined],
  ])('never retries HTTP %i, even when listed, and says what the store did with the token', async (status, message, scope) => {
    const { fetch, calls } = scripted([{ status, body: { error: 'Access token is not valid' } }]);
    const e = await failure(client(fetch, fakeClock(), { retry: { ...RETRY, statusCodes: [401, 403, 500] } }).c.request(req));
    expect(calls).toHaveLength(1);
    expect(e.kind).toBe('auth');
    expect(e.message).toBe(message);
    // A rejected token fails every table alike; a forbidden table may be the only one.
    expect(e.scope).toBe(scope);
    expect(e.detail).toBe(`GET https://shop.example.com/api/2.0/sales?after=5 → HTTP ${status}: Access token is not valid`);
  });

  it('does not retry 404 and names the path', async () => {
    const { fetch, calls } = scripted([{ status: 404 }]);
    const e = await failure(client(fetch).c.request(req));
    expect(calls).toHaveLength(1);
    expect(e.kind).toBe('not_found');
    expect(e.message).toBe('sales: the store has no /api/2.0/sales (HTTP 404 Not Found)');
  });

  it('reports other 4xx as client errors with the API’s own words, without retrying', async () => {
    const { fetch, calls } = scripted([{ status: 422, body: { error: 'Unprocessable Entity', message: 'page_size must be at most 10000' } }]);
    const e = await failure(client(fetch).c.request(req));
    expect(calls).toHaveLength(1);
    expect(e.kind).toBe('client');
    expect(e.message).toBe('sales: the store refused the request (HTTP 422 Unprocessable Entity): Unprocessable Entity — page_size must be at most 10000');
    expect(e.detail).toBe('GET https://shop.example.com/api/2.0/sales?after=5 → HTTP 422: Unprocessable Entity — page_size must be at most 10000');
  });

  it('truncates a long error body in the detail', async () => {
    const { fetch } = scripted([{ status: 400, body: 'x'.repeat(5000) }]);
    const e = await failure(client(fetch).c.request(req));
    expect(e.detail!.length).toBeLessThan(400);
    expect(e.detail!.endsWith('…')).toBe(true);
  });

  it('reports a truncated body as bad_response with an excerpt, after retries', async () => {
    const { fetch } = scripted([{ status: 200, body: '{"data":[{"id"' }, { status: 200, body: '{"da' }, { status: 200, body: '[' }, { status: 200, body: '{"data":[{"id":"a"' }]);
    const e = await failure(client(fetch).c.request(req));
    expect(e.kind).toBe('bad_response');
    expect(e.message).toBe("sales: the store's response was not complete JSON (gave up after 4 attempts)");
    expect(e.detail).toBe('GET https://shop.example.com/api/2.0/sales?after=5 → HTTP 200: {"data":[{"id":"a"');
  });

  it('does not retry a 2xx that is not JSON at all, and says what it was', async () => {
    const { fetch, calls } = scripted([{ status: 200, body: '<html>Sign in</html>', headers: { 'content-type': 'text/html; charset=utf-8' } }]);
    const e = await failure(client(fetch).c.request(req));
    expect(calls).toHaveLength(1);
    expect(e.kind).toBe('bad_response');
    expect(e.message).toBe("sales: the store's response was not JSON (text/html); check the store URL");
  });

  it('uses a 5xx Retry-After instead of the backoff', async () => {
    const clock = fakeClock();
    const { fetch } = scripted([{ status: 503, headers: { 'retry-after': '30' } }, { status: 200, body: {} }]);
    await client(fetch, clock).c.request(req);
    expect(clock.sleeps).toEqual([30_000]);
  });
});

describe('HttpClient: response_actions', () => {
  const IGNORE_404 = [{ status: 404, action: 'ignore' as const }];

  it('answers a matching 404 as an ignored response with no body, without retrying or failing', async () => {
    const { fetch, calls } = scripted([{ status: 404, body: { error: 'Not Found' } }]);
    const res = await client(fetch).c.request({ ...req, responseActions: IGNORE_404 });
    expect(res).toMatchObject({ status: 404, body: null, ignored: true, requestUrl: 'https://shop.example.com/api/2.0/sales?after=5' });
    expect(calls).toHaveLength(1);
  });

  it('matches by body content alone, and by status and content together', async () => {
    const content = [{ content: 'no such sale', action: 'ignore' as const }];
    const both = [{ status: 200, content: 'maintenance', action: 'ignore' as const }];
    const { fetch } = scripted([
      { status: 410, body: { error: 'no such sale' } },
      { status: 200, body: { note: 'maintenance window', data: [] } },
      { status: 200, body: { data: [] } },
    ]);
    const { c } = client(fetch);
    expect((await c.request({ ...req, responseActions: content })).ignored).toBe(true);
    expect((await c.request({ ...req, responseActions: both })).ignored).toBe(true);
    expect((await c.request({ ...req, responseActions: both })).ignored).toBeUndefined();
  });

  it('ignores a matching server error at once rather than retrying it', async () => {
    const clock = fakeClock();
    const { fetch, calls } = scripted([{ status: 503, body: 'try later' }]);
    const res = await client(fetch, clock).c.request({ ...req, responseActions: [{ status: 503, action: 'ignore' }] });
    expect(res.ignored).toBe(true);
    expect(calls).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('raises an error response no action matches, as without actions', async () => {
    const { fetch } = scripted([{ status: 422, body: { error: 'Unprocessable' } }]);
    const e = await failure(client(fetch).c.request({ ...req, responseActions: IGNORE_404 }));
    expect(e.status).toBe(422);
  });
});

describe('HttpClient: rate limits', () => {
  /** A 429 as the API sends it: Retry-After is the window's end as an RFC 1123 date. */
  const limited = (clock: { now(): number }, seconds: number) => () => ({
    status: 429,
    body: { error: 'Too Many Requests', message: 'Rate limiting enforced' },
    headers: { 'retry-after': new Date(clock.now() + seconds * 1000).toUTCString(), 'x-ratelimit-limit': '350', 'x-ratelimit-remaining': '0' },
  });

  it('honours a Retry-After date with the exact wait, without spending the retry budget', async () => {
    const clock = fakeClock();
    const { fetch, calls } = scripted([...Array.from({ length: 5 }, () => limited(clock, 10)), { status: 200, body: { ok: true } }]);
    const { c, waits } = client(fetch, clock);
    expect((await c.request(req)).body).toEqual({ ok: true });
    expect(calls).toHaveLength(6); // five 429s, more than maxRetries, and still fine
    expect(clock.sleeps).toEqual([10_000, 10_000, 10_000, 10_000, 10_000]);
    expect(waits[0]).toEqual({ resource: 'sales', reason: 'rate_limit', attempt: 0, until: T0 + 10_000 });
    expect(waits.every((w) => w.reason === 'rate_limit')).toBe(true);
  });

  it('honours Retry-After in seconds', async () => {
    const clock = fakeClock();
    const { fetch } = scripted([{ status: 429, headers: { 'retry-after': '7' } }, { status: 200, body: {} }]);
    await client(fetch, clock).c.request(req);
    expect(clock.sleeps).toEqual([7000]);
  });

  it('honours Retry-After with a decimal as seconds: 2.0 is two seconds, 2.5 two and a half', async () => {
    const clock = fakeClock();
    const { fetch, calls } = scripted([
      ...Array.from({ length: 4 }, () => ({ status: 429, headers: { 'retry-after': '2.0' } })),
      { status: 429, headers: { 'retry-after': '2.5' } },
      { status: 200, body: { ok: true } },
    ]);
    const { c, waits } = client(fetch, clock);
    expect((await c.request(req)).body).toEqual({ ok: true });
    expect(calls).toHaveLength(6);
    expect(clock.sleeps).toEqual([2000, 2000, 2000, 2000, 2500]);
    expect(waits.every((w) => w.reason === 'rate_limit')).toBe(true);
  });

  it('backs off as without a hint when Retry-After is neither seconds nor an HTTP-date', async () => {
    const clock = fakeClock();
    const { fetch } = scripted([{ status: 503, headers: { 'retry-after': 'in a while' } }, { status: 503, headers: { 'retry-after': '2024-10-20' } }, { status: 200, body: {} }]);
    await client(fetch, clock).c.request(req);
    expect(clock.sleeps).toEqual([2000, 4000]);
  });

  it('waits briefly on a Retry-After date already past, and at most maxDelayMs on a far one', async () => {
    const clock = fakeClock();
    const { fetch } = scripted([limited(clock, -30), limited(clock, 3600), { status: 200, body: {} }]);
    await client(fetch, clock, { retry: { ...RETRY, maxDelayMs: 60_000 } }).c.request(req);
    expect(clock.sleeps).toEqual([500, 60_000]);
  });

  it('does not take a shortened wait for the end of the rate-limit window', async () => {
    const clock = fakeClock();
    const drained = { status: 200, body: {}, headers: { 'x-ratelimit-limit': '350', 'x-ratelimit-remaining': '0' } };
    const { fetch } = scripted([limited(clock, -30), limited(clock, 300), drained]);
    const { c } = client(fetch, clock);
    await c.request(req);
    expect(clock.sleeps).toEqual([500, 299_500]); // HTTP dates have whole seconds
    // One real window end is not enough to predict the next: the next request probes.
    expect(c.budget.waitingUntil()).toBeUndefined();
  });

  it('keeps the whole retry budget for real failures around 429s', async () => {
    const clock = fakeClock();
    const { fetch } = scripted([{ status: 500 }, limited(clock, 10), { status: 500 }, limited(clock, 10), { status: 500 }, { status: 200, body: {} }]);
    await client(fetch, clock).c.request(req);
    expect(clock.sleeps).toEqual([2000, 10_000, 4000, 10_000, 8000]);
  });

  it('gives up on 429s once the total wait would pass the cap, with a clear message', async () => {
    const clock = fakeClock();
    const { fetch, calls } = scripted(Array.from({ length: 10 }, () => ({ status: 429, headers: { 'retry-after': '60' } })));
    const e = await failure(client(fetch, clock, { maxRateLimitWaitMs: 150_000 }).c.request(req));
    expect(calls).toHaveLength(3);
    expect(clock.sleeps).toEqual([60_000, 60_000]);
    expect(e.kind).toBe('rate_limited');
    expect(e.message).toBe('sales: the store kept refusing requests (rate limit) after waiting 2 min; the next sync continues from here');
  });

  it('counts holds caused by other requests toward the cap, and fails before sending when the hold is past it', async () => {
    const clock = fakeClock();
    const budget = new RateLimitBudget({ now: clock.now, sleep: clock.sleep });
    budget.blockUntil(T0 + 20 * 60_000);
    const { fetch, calls } = scripted([]);
    const e = await failure(client(fetch, clock, { budget }).c.request(req));
    expect(e.kind).toBe('rate_limited');
    expect(calls).toHaveLength(0);
    expect(clock.sleeps).toEqual([]);
  });

  it('a Retry-After beyond maxDelayMs is retried at maxDelayMs until the cap', async () => {
    const clock = fakeClock();
    const { fetch, calls } = scripted(Array.from({ length: 6 }, () => limited(clock, 3600)));
    const e = await failure(client(fetch, clock).c.request(req));
    expect(clock.sleeps).toEqual([300_000, 300_000, 300_000]);
    expect(calls).toHaveLength(4);
    expect(e.message).toBe('sales: the store kept refusing requests (rate limit) after waiting 15 min; the next sync continues from here');
    expect(e.detail).toContain('Too Many Requests — Rate limiting enforced');
  });

  it('a 429 without Retry-After uses the normal retry budget', async () => {
    const clock = fakeClock();
    const { fetch, calls } = scripted([{ status: 429 }, { status: 429 }, { status: 429 }, { status: 429 }]);
    const e = await failure(client(fetch, clock).c.request(req));
    expect(calls).toHaveLength(4);
    expect(clock.sleeps).toEqual([2000, 4000, 8000]);
    expect(e.kind).toBe('rate_limited');
  });

  it('a 429 holds every request sharing the budget until Retry-After', async () => {
    let t = T0;
    const sleepers: { until: number; wake: () => void }[] = [];
    const clock = { now: () => t, sleep: (ms: number) => new Promise<void>((wake) => void sleepers.push({ until: t + ms, wake })) };
    const advanceTo = (to: number) => {
      t = to;
      for (const s of sleepers.splice(0)) (s.until <= t ? s.wake() : sleepers.push(s));
    };
    const seen: string[] = [];
    const fetch = (async (url: string) => {
      const path = new URL(url).pathname;
      seen.push(`${path}@${t - T0}`);
      if (seen.length === 1) return new Response('{}', { status: 429, headers: { 'retry-after': new Date(t + 20_000).toUTCString() } });
      return new Response('{}', { status: 200 });
    }) as unknown as typeof globalThis.fetch;
    const { c, waits } = client(fetch, clock as ReturnType<typeof fakeClock>);
    const first = c.request({ resource: 'sales', path: '/a' });
    await settle();
    const second = c.request({ resource: 'products', path: '/b' });
    await settle();
    expect(seen).toEqual(['/a@0']);
    expect(c.budget.waitingUntil()).toBe(T0 + 20_000);
    expect(waits.map((w) => [w.resource, w.reason, w.until - T0])).toEqual([
      ['sales', 'rate_limit', 20_000],
      ['products', 'rate_limit', 20_000],
    ]);
    advanceTo(T0 + 20_000);
    await Promise.all([first, second]);
    expect(seen.slice(1).sort()).toEqual(['/a@20000', '/b@20000']);
  });
});

describe('HttpClient: cancel', () => {
  it('stops at once when cancelled during a backoff, without another request', async () => {
    const abort = new AbortController();
    const { fetch, calls } = scripted([{ status: 500 }, { status: 200, body: {} }]);
    const clock = fakeClock();
    const { c } = client(fetch, { ...clock, sleep: async (_ms: number, signal?: AbortSignal) => (abort.abort(), signal?.throwIfAborted()) });
    const e = await failure(c.request(req, abort.signal));
    expect(e.kind).toBe('cancelled');
    expect(e.message).toBe('sales: sync cancelled');
    expect(calls).toHaveLength(1);
  });

  it('sends nothing when already cancelled', async () => {
    const { fetch, calls } = scripted([]);
    const e = await failure(client(fetch).c.request(req, AbortSignal.abort()));
    expect(e.kind).toBe('cancelled');
    expect(calls).toHaveLength(0);
  });

  it('cancels a request waiting for a rate-limit slot', async () => {
    const clock = fakeClock();
    const budget = new RateLimitBudget({ now: clock.now, sleep: clock.sleep });
    budget.observe(new Headers({ 'x-ratelimit-remaining': '1' }), 200);
    await budget.acquire(); // another request holds the last slot
    const { fetch, calls } = scripted([]);
    const abort = new AbortController();
    const pending = client(fetch, clock, { budget }).c.request(req, abort.signal);
    await settle();
    abort.abort();
    expect((await failure(pending)).kind).toBe('cancelled');
    expect(calls).toHaveLength(0);
  });
});

describe('HttpClient: the token never shows', () => {
  const echo = { error: `bad token ${SECRET}`, message: `you sent ${encodeURIComponent(SECRET)}` };
  const cases: [string, Script[], Partial<HttpClientOptions>?][] = [
    ['400 echoing the token', [{ status: 400, body: echo }]],
    ['401 echoing the token', [{ status: 401, body: echo }]],
    ['404 echoing the token', [{ status: 404, body: echo }]],
    ['5xx echoing the token', Array.from({ length: 4 }, () => ({ status: 500, body: echo }))],
    ['429 cap echoing the token', Array.from({ length: 3 }, () => ({ status: 429, body: echo, headers: { 'retry-after': '60' } })), { maxRateLimitWaitMs: 100_000 }],
    ['truncated body echoing the token', Array.from({ length: 4 }, () => ({ status: 200, body: `{"token":"${SECRET}` }))],
    ['HTML body echoing the token', [{ status: 200, body: `<p>${SECRET}</p>`, headers: { 'content-type': 'text/html' } }]],
    ['network error naming the URL', Array.from({ length: 4 }, () => new TypeError(`connect failed for https://shop.example.com/?key=${encodeURIComponent(SECRET)}`))],
    ['redirect to a URL holding the token', [{ status: 302, headers: { location: `https://elsewhere.example/${SECRET}/x?k=${SECRET}` } }]],
    [
      'query auth with a network error',
      Array.from({ length: 4 }, () => new TypeError(`bad ${new URLSearchParams({ key: SECRET })}`)),
      { auth: { type: 'api_key', name: 'key', location: 'query' } },
    ],
    [
      'basic auth echoed back by the server',
      [{ status: 400, body: { error: `Authorization: Basic ${btoa(`owner:${SECRET}`)}` } }],
      { auth: { type: 'http_basic', username: 'owner' } as ResolvedAuth },
    ],
  ];
  it.each(cases)('%s', async (_name, replies, extra) => {
    const { fetch } = scripted([...replies]);
    const e = await failure(client(fetch, fakeClock(), extra).c.request(req));
    expect(e.kind).not.toBe('cancelled');
    expectNoSecret(e);
    if (extra?.auth?.type === 'http_basic') expect(JSON.stringify(e.toJSON())).not.toContain(btoa(`owner:${SECRET}`));
  });

  it('refusing a cross-origin path whose URL holds the token does not repeat it', async () => {
    const { fetch } = scripted([]);
    const e = await failure(client(fetch).c.request({ resource: 'x', path: `https://evil.example/?t=${SECRET}` }));
    expectNoSecret(e);
  });
});

describe('HttpClient over real sockets', () => {
  const servers: http.Server[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) {
      // Keep-alive sockets would otherwise hold `close` for seconds.
      s.closeAllConnections();
      await new Promise<void>((r) => s.close(() => r()));
    }
  });

  async function serve(handler: http.RequestListener): Promise<string> {
    const server = http.createServer(handler);
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  function realClient(baseUrl: string, retry: Partial<RetryPolicy> = {}, clock = fakeClock()) {
    return new HttpClient({ baseUrl, auth: { type: 'bearer' }, secret: SECRET, retry: { ...RETRY, ...retry }, sleep: clock.sleep, now: clock.now });
  }

  it('times out a response that never comes, and retries it', async () => {
    let n = 0;
    const base = await serve((_req, res) => {
      if (++n === 1) return; // never answers
      res.setHeader('content-type', 'application/json');
      res.end('{"data":[]}');
    });
    expect((await realClient(base, { timeoutMs: 50 }).request(req)).body).toEqual({ data: [] });
    expect(n).toBe(2);
  });

  it('reports a timeout in words, without the token', async () => {
    const base = await serve(() => undefined);
    const e = await failure(realClient(base, { timeoutMs: 50, maxRetries: 0 }).request(req));
    expect(e.kind).toBe('timeout');
    expect(e.message).toBe('sales: the store did not answer within 50 ms');
    expectNoSecret(e);
  });

  it('times out a body that stalls halfway', async () => {
    const base = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"data":[');
    });
    const e = await failure(realClient(base, { timeoutMs: 50, maxRetries: 0 }).request(req));
    expect(e.kind).toBe('timeout');
  });

  it('cancels an in-flight request at once', async () => {
    const base = await serve(() => undefined);
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 20);
    const started = Date.now();
    const e = await failure(realClient(base, { timeoutMs: 10_000 }).request(req, abort.signal));
    expect(e.kind).toBe('cancelled');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('reports a reset connection as a network error after retries', async () => {
    const base = await serve((r) => r.socket.destroy());
    const e = await failure(realClient(base, { maxRetries: 1 }).request(req));
    expect(e.kind).toBe('network');
    expect(e.message).toMatch(/^sales: could not reach the store \(127\.0\.0\.1:\d+\) \(gave up after 2 attempts\)$/);
    // It never answered once: the whole sync stops on it.
    expect(e.scope).toBe('sync');
    expectNoSecret(e);
  });

  it('a store that refuses connections from the start: two quick retries, then one error for the whole sync', async () => {
    const closed = await serve(() => undefined);
    await new Promise((r) => servers.pop()!.close(r));
    const clock = fakeClock();
    const e = await failure(realClient(closed, {}, clock).request(req));
    expect(e.kind).toBe('network');
    expect(e.scope).toBe('sync');
    expect(e.message).toMatch(/^sales: could not reach the store \(127\.0\.0\.1:\d+\) \(gave up after 3 attempts\)$/);
    // Bounded: 1.5 s of backoff in all, instead of 2 + 4 + 8 s before every table's error.
    expect(clock.sleeps).toEqual([500, 1000]);
    expect(e.detail).toMatch(/ECONNREFUSED/);
  });

  it('once the store has answered, a dropped connection keeps the configured retries and fails only its table', async () => {
    let n = 0;
    const base = await serve((r, res) => {
      if (++n === 1) return void res.end('{"data":[]}');
      r.socket.destroy();
    });
    const clock = fakeClock();
    const c = realClient(base, {}, clock);
    await c.request(req);
    const e = await failure(c.request(req));
    expect(e.kind).toBe('network');
    expect(e.scope).toBeUndefined();
    expect(clock.sleeps).toEqual([2000, 4000, 8000]);
  });

  it('reports a connection that drops mid-body as incomplete JSON, then retries it', async () => {
    let n = 0;
    const base = await serve((r, res) => {
      if (++n === 1) {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '500' });
        res.write('{"data":[{"id":"a"},');
        setTimeout(() => r.socket.destroy(), 5);
        return;
      }
      res.end('{"data":[{"id":"a"}]}');
    });
    expect((await realClient(base).request(req)).body).toEqual({ data: [{ id: 'a' }] });
    expect(n).toBe(2);

    const cut = await serve((r, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"data":[{"id":"a"},');
      setTimeout(() => r.socket.destroy(), 5);
    });
    const e = await failure(realClient(cut, { maxRetries: 0 }).request(req));
    expect(e.kind).toBe('bad_response');
    expect(e.message).toBe("sales: the store's response was not complete JSON");
    expect(e.detail).toBe(`GET ${cut}/api/2.0/sales?after=5 → HTTP 200, connection closed mid-body: {"data":[{"id":"a"},`);
  });

  it('reports a complete response holding truncated JSON as bad_response', async () => {
    const base = await serve((_r, res) => res.end('{"data":[{"id":"a"}'));
    const e = await failure(realClient(base, { maxRetries: 0 }).request(req));
    expect(e.kind).toBe('bad_response');
    expect(e.detail).toBe(`GET ${base}/api/2.0/sales?after=5 → HTTP 200: {"data":[{"id":"a"}`);
  });

  it('does not follow a redirect, so the token never reaches the other site', async () => {
    let elsewhereHits = 0;
    const elsewhere = await serve((_r, res) => {
      elsewhereHits++;
      res.end('{}');
    });
    const base = await serve((_r, res) => {
      res.writeHead(301, { location: `${elsewhere}/api/2.0/sales` });
      res.end();
    });
    const e = await failure(realClient(base).request(req));
    expect(e.kind).toBe('config');
    expect(e.status).toBe(301);
    expect(e.message).toBe(`sales: the store redirected the request to ${elsewhere}/api/2.0/sales; use the address it moved to as the store URL`);
    expect(elsewhereHits).toBe(0);
  });

  it('sends the token and reads rate-limit headers over the wire', async () => {
    let auth: string | undefined;
    const base = await serve((r, res) => {
      auth = r.headers.authorization;
      res.writeHead(200, { 'content-type': 'application/json', 'x-ratelimit-limit': '350', 'x-ratelimit-remaining': '0' });
      res.end('{"data":[]}');
    });
    const c = realClient(base);
    await c.request(req);
    expect(auth).toBe(`Bearer ${SECRET}`);
    // Nothing remains and no window end is known: only a probe may go, so nothing else is in flight.
    await c.budget.acquire();
    let second = false;
    void c.budget.acquire().then(() => (second = true));
    await settle();
    expect(second).toBe(false);
    c.budget.release();
  });
});
