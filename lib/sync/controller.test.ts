import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig, RETAIL_PRESET } from '@/lib/config';
import type { SyncStatus } from '@/lib/messages';
import type { Settings } from '@/lib/settings';
import { Store } from '@/lib/store';
import { syncTimeLine } from '@/lib/ui/sync-view';
import { startRetailServer, type RetailServer } from '../../test/server';
import { knownRateLimit, SyncController } from './controller';

/** A clock whose sleeps wait until the test moves time on, so a rate-limit hold can be looked at. */
function heldClock(start: number) {
  let t = start;
  const sleepers: { until: number; wake: () => void }[] = [];
  return {
    now: () => t,
    sleep: (ms: number) => new Promise<void>((wake) => void sleepers.push({ until: t + ms, wake })),
    get sleeping() {
      return sleepers.length;
    },
    /** Moves to the earliest wake-up and wakes everyone due. */
    next() {
      if (!sleepers.length) return;
      t = Math.max(t, Math.min(...sleepers.map((s) => s.until)));
      for (const s of sleepers.filter((x) => x.until <= t)) {
        sleepers.splice(sleepers.indexOf(s), 1);
        s.wake();
      }
    },
  };
}

const settle = () => new Promise((r) => setTimeout(r, 5));
let server: RetailServer;
let clock: ReturnType<typeof heldClock>;
let n = 0;

beforeAll(async () => {
  // A window boundary, so the run's windows are predictable.
  clock = heldClock(Date.parse('2026-11-24T12:00:00Z'));
  server = await startRetailServer({ dataset: 'small', quota: 3, windowS: 10, now: clock.now });
});
afterAll(() => server.close());

function controller(token = server.token, tables = ['customers', 'products', 'sales', 'fulfillments', 'inventory']) {
  const result = resolveConfig({ ...RETAIL_PRESET, client: { ...RETAIL_PRESET.client, base_url: server.url } });
  const name = `controller-test-${++n}`;
  return new SyncController({
    openStore: () => Store.open(name),
    loadActive: async () => ({ settings: { baseUrl: server.url } as Settings, result, selected: tables }),
    loadToken: async () => token,
    now: clock.now,
    sleep: clock.sleep,
  });
}

async function until(c: SyncController, pred: (s: SyncStatus) => boolean): Promise<SyncStatus> {
  for (let i = 0; i < 2000; i++) {
    const s = await c.status();
    if (pred(s)) return s;
    if (clock.sleeping && i % 5 === 4) clock.next();
    await settle();
  }
  throw new Error('condition never held');
}

describe('SyncController status', () => {
  it('while the rate limit holds requests: the quota, the hold and work left reach the popup; the learned limit is kept', async () => {
    server.reset();
    const c = controller();
    await c.start();
    const held = await until(c, (s) => s.running && (s.rateLimit?.waitingUntil ?? 0) > clock.now());
    expect(held.rateLimit).toMatchObject({ limit: 3, remaining: 0 });
    expect(syncTimeLine(held, clock.now())).toMatch(/^Waiting for the store’s rate limit: the store allows 3 requests per (window|10 seconds)\. Resuming in \d+ s; about \d+ (s|min) left\.$/);
    const done = await until(c, (s) => !s.running);
    expect(done.lastRun).toMatchObject({ outcome: 'done', resources: ['customers', 'products', 'sales', 'fulfillments', 'inventory'] });
    expect(done.error).toBeUndefined();
    expect(done.resources.every((r) => r.status === 'done')).toBe(true);
    const store = await Store.open(`controller-test-${n}`);
    // Two window ends were seen: the window is measured and kept for the next sync's estimates.
    expect(await knownRateLimit(store)).toMatchObject({ limit: 3, windowMs: 10_000 });
    store.close();
  });

  it('a rejected token: one sync-wide error in the status, kept after the run, every table in error', async () => {
    server.reset();
    const c = controller('wrong-token');
    await c.start();
    const done = await until(c, (s) => !s.running && s.lastRun !== undefined);
    expect(done.error).toMatchObject({ kind: 'auth', status: 401, scope: 'sync' });
    expect(done.lastRun).toMatchObject({ outcome: 'failed' });
    expect(done.resources.map((r) => [r.resource, r.status, r.error?.scope])).toEqual(
      ['customers', 'products', 'sales', 'fulfillments', 'inventory'].map((name) => [name, 'error', 'sync']),
    );
    expect(server.requests().filter((e) => e.auth !== 'ok').length).toBeLessThanOrEqual(3);

    // The token is replaced: the old rejection is no longer said; the tables read as not synced.
    await c.connectionChanged();
    const after = await c.status();
    expect(after.error).toBeUndefined();
    expect(after.lastRun).toMatchObject({ outcome: 'failed' });
    expect(after.lastRun?.error).toBeUndefined();
    expect(after.resources.map((r) => [r.status, r.error])).toEqual(after.resources.map(() => ['idle', undefined]));
  });

  it('a changed connection leaves a table’s own error in place', async () => {
    server.reset();
    server.addFaults([{ path: '/api/2.0/customers', status: 404, times: 100 }]);
    const c = controller(server.token, ['customers', 'products']);
    await c.start();
    await until(c, (s) => !s.running && s.lastRun !== undefined);
    await c.connectionChanged();
    const after = await c.status();
    expect(after.resources.map((r) => [r.resource, r.status])).toEqual([
      ['customers', 'error'],
      ['products', 'done'],
    ]);
    expect(after.resources[0].error?.kind).toBe('not_found');
    server.clearFaults();
  });

  it('a second sync: tables waiting their turn show what earlier syncs stored, not 0', async () => {
    server.reset();
    const c = controller(server.token, ['customers', 'products', 'sales']);
    await c.start();
    const first = await until(c, (s) => !s.running && s.lastRun !== undefined);
    const before = new Map(first.resources.map((r) => [r.resource, r.rowsStored]));
    expect([...before.values()].every((rows) => rows > 0)).toBe(true);

    await c.start();
    // The first status of the run, before most tables have had a turn (quota 3 per window).
    const running = await until(c, (s) => s.running && s.resources.length === 3);
    expect(running.resources.some((r) => r.status === 'queued' || r.status === 'waiting')).toBe(true);
    for (const r of running.resources) expect(r.rowsStored, r.resource).toBeGreaterThanOrEqual(before.get(r.resource)!);
    await until(c, (s) => !s.running);
  });
});
