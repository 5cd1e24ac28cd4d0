/**
 * A real store's sync under the real quota, simulated in Node with a fake clock: the local API
 * server (its limiter on the same clock) with 350 requests per 5-minute window, 20,000 sales of
 * which 5 % are in a fulfillment status, the rest of the preset at a small shop's sizes. The
 * engine runs as in the extension (lib/sync, lib/http, lib/store over fake-indexeddb, real HTTP
 * on 127.0.0.1); only waiting is simulated: the clock jumps to the next wake-up whenever every
 * request is waiting, so hours of rate-limit windows take seconds. Simulated wall time is the
 * rate-limit and backoff waits; the requests' own time is not modelled (the windows dominate it).
 *
 * Before/after: "before" is the same preset without the fulfillments' parent_filter, which is
 * what the engine did before it existed (one request per sale).
 *
 * Standalone: `npx tsx bench/simulated-store.ts` (no browser needed).
 */
import 'fake-indexeddb/auto';
import { fileURLToPath } from 'node:url';
import { resolveConfig, RETAIL_PRESET } from '../lib/config';
import type { ResolvedResource, ResolvedSource } from '../lib/config/types';
import { HttpClient, RateLimitBudget, sourceClientOptions } from '../lib/http';
import { Store } from '../lib/store';
import { runSync } from '../lib/sync/engine';
import { FULFILLMENT_STATUSES, startRetailServer, type DatasetSizes, type RetailServer, type Row } from '../test/server';

/** BENCH_SIM_SCALE shrinks the store for a quick check while developing (1 = the figures reported). */
const SIM_SCALE = Number(process.env.BENCH_SIM_SCALE ?? 1) || 1;
const simScaled = (n: number) => Math.max(1, Math.round(n * SIM_SCALE));

export const SIM = {
  quota: 350,
  windowS: 300,
  fulfillmentShare: 0.05,
  /** A one-register shop (quota 300 × 1 + 50) with 20,000 sales. */
  dataset: (): DatasetSizes => ({
    registers: 1,
    outlets: 1,
    sales: simScaled(20_000),
    customers: simScaled(8_000),
    products: simScaled(3_000),
    price_book_products: simScaled(1_500),
    consignments: simScaled(150),
    quotes: simScaled(300),
    services: simScaled(40),
  }),
  incrementalChanges: 100,
  targets: { firstSyncWindows: 1.1, incrementalWindows: 2 },
};

/**
 * Time that passes only by waiting: a sleep resolves when every HTTP request has settled and it is
 * the earliest wake-up left, and the clock jumps to it.
 */
export class SimClock {
  private t: number;
  private inFlight = 0;
  private readonly sleepers: { until: number; wake: () => void; fail: (e: unknown) => void }[] = [];
  private pumping = false;

  constructor(start: number) {
    this.t = start;
  }

  readonly now = (): number => this.t;

  readonly sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const sleeper = { until: this.t + Math.max(0, ms), wake: resolve, fail: reject };
      signal?.addEventListener('abort', () => {
        const i = this.sleepers.indexOf(sleeper);
        if (i >= 0) this.sleepers.splice(i, 1);
        reject(signal.reason);
      }, { once: true });
      this.sleepers.push(sleeper);
      this.schedule();
    });

  readonly fetch: typeof fetch = async (input, init) => {
    this.inFlight++;
    try {
      return await fetch(input, init);
    } finally {
      this.inFlight--;
      this.schedule();
    }
  };

  private schedule(): void {
    if (this.pumping) return;
    this.pumping = true;
    setImmediate(() => {
      this.pumping = false;
      if (this.inFlight > 0 || this.sleepers.length === 0) return;
      const next = Math.min(...this.sleepers.map((s) => s.until));
      this.t = Math.max(this.t, next);
      for (const s of this.sleepers.filter((x) => x.until <= this.t)) {
        this.sleepers.splice(this.sleepers.indexOf(s), 1);
        s.wake();
      }
      if (this.sleepers.length) this.schedule();
    });
  }
}

export interface SimSync {
  requests: number;
  /** Requests the API answered (not 429). */
  answered: number;
  status429: number;
  otherFailures: number;
  simulatedMs: number;
  /** Rate-limit windows during which the API answered requests. */
  windowsUsed: number;
  /** ceil(minimum requests / quota). */
  windowsMinimum: number;
  minimumRequests: number;
  fulfillmentRequests: number;
  tablesFailed: string[];
  realMs: number;
}

export interface SimResult {
  dataset: DatasetSizes & { fulfillmentShare: number; quota: number; windowS: number };
  salesInFulfillment: number;
  before?: SimSync;
  first: SimSync;
  incremental: SimSync;
}

const isVersionCursor = (r: ResolvedResource) => r.paginator.type === 'cursor' && r.paginator.options.cursor_path === 'version.max';
const urlName = (r: ResolvedResource) => r.path.replace('/api/2.0/', '').split('/')[0];

/** The fewest requests a full first sync needs: top-level pages, the filtered parents, each consignment's pages. */
function minimumFirstSync(server: RetailServer, source: ResolvedSource): number {
  let n = 0;
  for (const r of source.resources) {
    if (r.name === 'fulfillments') n += salesInFulfillment(server).length;
    else if (r.name === 'consignment_products') {
      for (const c of server.rows('consignments')) n += Math.ceil(server.rows('consignment_products', { consignmentId: String(c.id) }).length / Number(r.params.page_size)) + 1;
    } else if (r.paginator.type === 'single_page') n += 1;
    else {
      const rows = server.rows(urlName(r), { includeDeleted: r.params.deleted === 'true' || r.params.deleted === true }).length;
      if (isVersionCursor(r)) n += Math.ceil(rows / Number(r.params.page_size)) + 1;
      else n += Math.max(1, Math.ceil(rows / Number(r.params.limit ?? r.params.page_size)));
    }
  }
  return n;
}

function salesInFulfillment(server: RetailServer): Row[] {
  return server.rows('sales').filter((s) => (FULFILLMENT_STATUSES as readonly unknown[]).includes(s.status));
}

async function timedSync(server: RetailServer, clock: SimClock, source: ResolvedSource, store: Store, minimumRequests: number): Promise<SimSync> {
  server.clearRequests();
  const http = new HttpClient({
    ...sourceClientOptions(source, server.token),
    budget: new RateLimitBudget({ now: clock.now, sleep: clock.sleep }),
    fetch: clock.fetch,
    now: clock.now,
    sleep: clock.sleep,
  });
  const t0 = clock.now();
  const real0 = performance.now();
  const result = await runSync({ source, selected: source.resources.map((r) => r.name), store, http, signal: new AbortController().signal, concurrency: 3, now: clock.now });
  const log = server.requests().filter((e) => e.path.startsWith('/api/'));
  const windowMs = SIM.windowS * 1000;
  const answered = log.filter((e) => e.status !== 429);
  return {
    requests: log.length,
    answered: answered.length,
    status429: log.length - answered.length,
    otherFailures: answered.filter((e) => e.status !== 200).length,
    simulatedMs: clock.now() - t0,
    windowsUsed: new Set(answered.map((e) => Math.floor(e.t / windowMs))).size,
    windowsMinimum: Math.ceil(minimumRequests / SIM.quota),
    minimumRequests,
    fulfillmentRequests: log.filter((e) => e.path.endsWith('/fulfillments')).length,
    tablesFailed: Object.entries(result.resources).filter(([, r]) => r.status !== 'done').map(([name]) => name),
    realMs: performance.now() - real0,
  };
}

/** 100 changes: sales (a fifth of them moving into a fulfillment status), customers and products. */
function mutate(server: RetailServer, total: number): number {
  const sales = server.rows('sales').filter((s) => s.status === 'CLOSED');
  const customers = server.rows('customers');
  const products = server.rows('products');
  let n = 0;
  for (let i = 0; n < total; i++) {
    const kind = i % 3;
    if (kind === 0) {
      const sale = sales[i * 7];
      server.mutate({ resource: 'sales', op: 'update', id: String(sale.id), patch: i % 5 === 0 ? { status: 'AWAITING_PICKUP' } : { note: `changed ${i}` } });
    } else if (kind === 1) server.mutate({ resource: 'customers', op: 'update', id: String(customers[i * 5].id), patch: { note: `changed ${i}` } });
    else server.mutate({ resource: 'products', op: 'update', id: String(products[i * 3].id), patch: { name: `Renamed ${i}` } });
    n++;
  }
  return n;
}

function presetFor(server: RetailServer, withFilter: boolean): ResolvedSource {
  const result = resolveConfig({ ...RETAIL_PRESET, client: { ...RETAIL_PRESET.client, base_url: server.url } });
  if (!result.ok) throw new Error(`preset: ${JSON.stringify(result.errors)}`);
  if (withFilter) return result.source;
  return { ...result.source, resources: result.source.resources.map(({ parentFilter: _unused, ...r }) => r) };
}

/** Runs the scenario: optionally "before" (no parent filter), then the first sync and an incremental one. */
export async function simulatedStorePhase(opts: { before?: boolean; log?: (m: string) => void } = {}): Promise<SimResult> {
  const say = opts.log ?? (() => undefined);
  // A window boundary: the minimum counts whole windows, so the run starts at one.
  const clock = new SimClock(Date.UTC(2026, 10, 24, 12, 0, 0));
  const dataset = SIM.dataset();
  const server = await startRetailServer({ dataset, quota: SIM.quota, windowS: SIM.windowS, fulfillmentShare: SIM.fulfillmentShare, now: clock.now });
  let db = 0;
  try {
    const after = presetFor(server, true);
    const minimum = minimumFirstSync(server, after);
    const salesCount = salesInFulfillment(server).length;
    let before: SimSync | undefined;
    if (opts.before) {
      say('simulated store: before (every sale asked for its fulfillments) …');
      const store = await Store.open(`bench-sim-${++db}`);
      before = await timedSync(server, clock, presetFor(server, false), store, minimum);
      store.close();
      // The next run starts at a window boundary again, with a fresh quota.
      await clock.sleep(SIM.windowS * 1000 - (clock.now() % (SIM.windowS * 1000)));
    }
    say('simulated store: first sync …');
    const store = await Store.open(`bench-sim-${++db}`);
    const first = await timedSync(server, clock, after, store, minimum);
    const changed = mutate(server, SIM.incrementalChanges);
    // Changed sales in a fulfillment status, one request each, on top of one request per table.
    const incrementalMinimum = after.resources.filter((r) => !r.parent).length + changed / 3;
    say('simulated store: incremental sync …');
    await clock.sleep(SIM.windowS * 1000 - (clock.now() % (SIM.windowS * 1000)));
    const incremental = await timedSync(server, clock, after, store, Math.ceil(incrementalMinimum));
    store.close();
    return { dataset: { ...dataset, fulfillmentShare: SIM.fulfillmentShare, quota: SIM.quota, windowS: SIM.windowS }, salesInFulfillment: salesCount, before, first, incremental };
  } finally {
    await server.close();
  }
}

/** The section's printed lines (see report.ts). */
export function simulatedLines(sim: SimResult | undefined, failure: string | undefined): { figure: string; value?: string; target?: string; verdict?: 'ok' | 'MISS' | '' }[] {
  const heading = `## 6. Simulated real store (fake clock): ${SIM.quota} req / ${SIM.windowS / 60} min, ${SIM.dataset().sales?.toLocaleString('en-US')} sales, ${SIM.fulfillmentShare * 100} % in a fulfillment status`;
  if (!sim) return [{ figure: heading }, { figure: 'simulated store', value: `n/a (${failure ?? 'not run'})` }];
  const min = (ms: number) => (ms >= 3_600_000 ? `${(ms / 3_600_000).toFixed(1)} h` : `${(ms / 60_000).toFixed(1)} min`);
  const run = (s: SimSync) =>
    `${s.requests.toLocaleString('en-US')} req (${s.fulfillmentRequests.toLocaleString('en-US')} fulfillments, ${s.status429} × 429), ${min(s.simulatedMs)} simulated, ${s.windowsUsed} windows (real ${(s.realMs / 1000).toFixed(1)} s)`;
  const lines: ReturnType<typeof simulatedLines> = [{ figure: heading }];
  lines.push({ figure: 'minimum first sync', value: `${sim.first.minimumRequests.toLocaleString('en-US')} req (${sim.salesInFulfillment} filtered sales) → ${sim.first.windowsMinimum} windows` });
  if (sim.before) lines.push({ figure: 'before: first sync, every sale asked', value: run(sim.before) });
  lines.push({ figure: 'first sync', value: run(sim.first) });
  const r = sim.first.windowsUsed / sim.first.windowsMinimum;
  lines.push({ figure: '  windows / minimum', value: `${r.toFixed(2)}×`, target: `≤ ${SIM.targets.firstSyncWindows}×`, verdict: r <= SIM.targets.firstSyncWindows && !sim.first.tablesFailed.length ? 'ok' : 'MISS' });
  if (sim.before) lines.push({ figure: '  before: windows / minimum', value: `${(sim.before.windowsUsed / sim.first.windowsMinimum).toFixed(2)}×` });
  lines.push({ figure: `incremental after ${SIM.incrementalChanges} changes`, value: run(sim.incremental) });
  lines.push({
    figure: '  windows',
    value: String(sim.incremental.windowsUsed),
    target: `≤ ${SIM.targets.incrementalWindows}`,
    verdict: sim.incremental.windowsUsed <= SIM.targets.incrementalWindows && !sim.incremental.tablesFailed.length ? 'ok' : 'MISS',
  });
  const failed = [...sim.first.tablesFailed, ...sim.incremental.tablesFailed, ...(sim.before?.tablesFailed ?? [])];
  if (failed.length || sim.first.otherFailures || sim.incremental.otherFailures) {
    lines.push({ figure: '  failures', value: `tables ${failed.join(', ') || 'none'}; non-429 errors ${sim.first.otherFailures + sim.incremental.otherFailures}`, verdict: 'MISS' });
  }
  return lines;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const before = process.env.BENCH_SIM_BEFORE !== '0';
  simulatedStorePhase({ before, log: (m) => console.log(m) }).then(
    (sim) => {
      for (const l of simulatedLines(sim, undefined)) console.log(l.figure.startsWith('## ') ? `\n${l.figure}` : `${l.figure.padEnd(40)} ${l.value ?? ''} ${l.target ?? ''} ${l.verdict ?? ''}`);
      console.log(JSON.stringify(sim, null, 2));
    },
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
