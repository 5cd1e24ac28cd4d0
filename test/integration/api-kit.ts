/**
 * Small APIs for engine tests: a real HTTP server on 127.0.0.1 port 0 answering from a route
 * function (bodies as raw text, so a test can send a bare 19-digit number), and a sync of a raw
 * dlt config against it through the real config resolution, HTTP client and store
 * (fake-indexeddb), with a fake clock so retries and waits take no real time.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach } from 'vitest';
import { resolveConfig } from '@/lib/config';
import type { ResolvedSource } from '@/lib/config/types';
import { HttpClient, RateLimitBudget, sourceClientOptions } from '@/lib/http';
import { Store, type Row } from '@/lib/store';
import { runSync, type SyncResult } from '@/lib/sync/engine';

export interface ApiCall {
  method: string;
  /** Path and query as requested, e.g. `/items?cursor=c1`. */
  url: string;
  body: string;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  /** Raw text, sent as is; anything else is sent as JSON. */
  body?: unknown;
}

export interface TestApi {
  base: string;
  calls: ApiCall[];
  close(): Promise<void>;
}

export const TOKEN = 'test-token-1234';

export async function startApi(route: (call: ApiCall, url: URL) => Reply): Promise<TestApi> {
  const calls: ApiCall[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const call = { method: req.method ?? 'GET', url: req.url ?? '/', body };
      calls.push(call);
      const reply = route(call, new URL(call.url, 'http://api.test'));
      const text = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Registers per-test hooks: a fresh store (fake-indexeddb) before each test, closed after it
 * together with the API server the test put in `api`.
 */
export function eachTest(name: string): { store: Store; api: TestApi | undefined } {
  const t = { store: undefined as unknown as Store, api: undefined as TestApi | undefined };
  let n = 0;
  beforeEach(async () => {
    t.store = await Store.open(`${name}-${++n}`);
  });
  afterEach(async () => {
    t.store.close();
    await t.api?.close();
    t.api = undefined;
  });
  return t;
}

/** A config resolved as the options page would, or the errors as one thrown message. */
export function resolved(raw: unknown): ResolvedSource {
  const result = resolveConfig(raw);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.source;
}

export async function sync(store: Store, source: ResolvedSource, opts: { selected?: string[]; fullRefresh?: string[] } = {}): Promise<SyncResult> {
  let t = Date.parse('2026-11-24T12:00:00Z');
  const clock = { now: () => t, sleep: async (ms: number) => void (t += Math.max(0, ms)) };
  const client = new HttpClient({
    ...sourceClientOptions(source, TOKEN),
    budget: new RateLimitBudget(clock),
    ...clock,
  });
  return runSync({
    source,
    selected: opts.selected ?? source.resources.map((r) => r.name),
    store,
    http: client,
    signal: new AbortController().signal,
    fullRefresh: opts.fullRefresh,
    now: clock.now,
  });
}

export async function rowsOf(store: Store, table: string): Promise<Row[]> {
  const out: Row[] = [];
  for await (const batch of store.iterateRows(table)) out.push(...batch);
  return out;
}

/** The outcome of each resource as `[status, error message]`, for one readable assertion. */
export function outcomes(result: SyncResult): Record<string, [string, string | undefined]> {
  return Object.fromEntries(Object.entries(result.resources).map(([name, r]) => [name, [r.status, r.error?.message]]));
}
