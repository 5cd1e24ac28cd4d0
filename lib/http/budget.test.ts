import { describe, expect, it } from 'vitest';
import { RateLimitBudget } from './budget';

const headers = (limit: number, remaining: number) => new Headers({ 'x-ratelimit-limit': String(limit), 'x-ratelimit-remaining': String(remaining) });

/** A clock that only sleeping advances; `sleeps` records every wait asked for. */
function clock(start = Date.parse('2026-11-24T12:00:00Z')) {
  let t = start;
  const sleeps: number[] = [];
  return {
    now: () => t,
    sleep: async (ms: number, signal?: AbortSignal) => {
      signal?.throwIfAborted();
      sleeps.push(ms);
      t += ms;
    },
    sleeps,
    get t() {
      return t;
    },
  };
}

/** A clock whose sleeps resolve only when the test moves time on, to see who is held. */
function manualClock(start = Date.parse('2026-11-24T12:00:00Z')) {
  let t = start;
  const sleepers: { until: number; wake: () => void }[] = [];
  return {
    now: () => t,
    sleep: (ms: number) => new Promise<void>((wake) => void sleepers.push({ until: t + ms, wake })),
    advanceTo(to: number) {
      t = to;
      for (const s of sleepers.splice(0)) {
        if (s.until <= t) s.wake();
        else sleepers.push(s);
      }
    },
  };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

/** Starts `n` acquires and counts how many have been granted so far. */
function acquireMany(budget: RateLimitBudget, n: number, signal?: AbortSignal) {
  const state = { granted: 0, rejected: 0 };
  const all = Array.from({ length: n }, () =>
    budget.acquire(signal).then(
      () => void state.granted++,
      () => void state.rejected++,
    ),
  );
  return { state, all: Promise.all(all) };
}

describe('RateLimitBudget', () => {
  it('lets anything through before the API has said what remains', async () => {
    const budget = new RateLimitBudget(clock());
    const { state } = acquireMany(budget, 5);
    await settle();
    expect(state.granted).toBe(5);
  });

  it('with remaining=2 and five concurrent acquires, only two go until more remain', async () => {
    const budget = new RateLimitBudget(clock());
    budget.observe(headers(10, 2), 200);
    const { state, all } = acquireMany(budget, 5);
    await settle();
    expect(state.granted).toBe(2);
    budget.observe(headers(10, 5), 200);
    budget.release();
    await settle();
    expect(state.granted).toBe(5);
    await all;
  });

  it('reads the counts as sent: a fraction rounded down, the smallest of a header sent twice; no count from other text', async () => {
    for (const [remaining, granted] of [
      ['2.0', 2],
      ['2, 2', 2],
      ['3,2', 2],
      ['0x2', 5],
      ['', 5],
      ['-1', 5],
    ] as const) {
      const budget = new RateLimitBudget(clock());
      budget.observe(new Headers({ 'x-ratelimit-limit': '10', 'x-ratelimit-remaining': remaining }), 200);
      const { state } = acquireMany(budget, 5);
      await settle();
      expect(state.granted, `remaining "${remaining}"`).toBe(granted);
    }
  });

  it('with nothing remaining and no known window end, lets exactly one probe through', async () => {
    const c = clock();
    const budget = new RateLimitBudget(c);
    budget.observe(headers(10, 0), 200);
    const { state } = acquireMany(budget, 3);
    await settle();
    expect(state.granted).toBe(1);
    expect(budget.waitingUntil()).toBeUndefined();

    // The probe meets the limit: its Retry-After is the window's end, and everyone waits for it.
    const end = c.now() + 40_000;
    budget.observe(headers(10, 0), 429);
    budget.blockUntil(end, { windowEnd: true });
    budget.release();
    expect(budget.waitingUntil()).toBe(end);
    await settle();
    expect(state.granted).toBe(3);
    expect(c.t).toBe(end);
  });

  it('after a probe that finds the window already turned, the rest go at once', async () => {
    const budget = new RateLimitBudget(clock());
    budget.observe(headers(10, 0), 200);
    const { state } = acquireMany(budget, 3);
    await settle();
    expect(state.granted).toBe(1);
    budget.observe(headers(10, 9), 200);
    budget.release();
    await settle();
    expect(state.granted).toBe(3);
  });

  it('after a 429 holds every request until Retry-After and reports the time', async () => {
    const c = manualClock();
    const budget = new RateLimitBudget(c);
    const end = c.now() + 5000;
    budget.blockUntil(end);
    expect(budget.waitingUntil()).toBe(end);
    const waits: number[] = [];
    let granted = 0;
    for (let i = 0; i < 3; i++) void budget.acquire(undefined, (u) => waits.push(u)).then(() => granted++);
    await settle();
    c.advanceTo(end - 1);
    await settle();
    expect(granted).toBe(0);
    expect(waits).toEqual([end, end, end]);
    c.advanceTo(end);
    await settle();
    expect(granted).toBe(3);
    expect(budget.waitingUntil()).toBeUndefined();
  });

  it('once the window end is known, waits for it instead of sending a request that would surely 429', async () => {
    const c = clock();
    const budget = new RateLimitBudget(c);
    const end = c.now() + 30_000;
    budget.observe(headers(10, 0), 429);
    budget.blockUntil(end, { windowEnd: true });
    await budget.acquire();
    expect(c.sleeps).toEqual([30_000]);
    // Past the window's end the quota is assumed back, up to the limit (10, one already in flight).
    const { state } = acquireMany(budget, 10);
    await settle();
    expect(state.granted).toBe(9);
    expect(c.sleeps).toEqual([30_000]);
  });

  it('learns the fixed window from two 429s and predicts the next window end without probing', async () => {
    const c = clock(Date.parse('2026-11-24T12:04:10Z'));
    const budget = new RateLimitBudget(c);
    const first = Date.parse('2026-11-24T12:05:00Z');
    budget.observe(headers(5, 0), 429);
    budget.blockUntil(first, { windowEnd: true });
    await budget.acquire();
    budget.release();
    expect(c.t).toBe(first);

    budget.observe(headers(5, 0), 200); // used up again well before the next window
    const second = Date.parse('2026-11-24T12:10:00Z');
    budget.observe(headers(5, 0), 429);
    budget.blockUntil(second, { windowEnd: true });
    await budget.acquire();
    budget.release();
    expect(c.t).toBe(second);

    budget.observe(headers(5, 0), 200); // and again, in the third window: no 429 needed to know its end
    expect(budget.waitingUntil()).toBe(Date.parse('2026-11-24T12:15:00Z'));
    await budget.acquire();
    expect(c.t).toBe(Date.parse('2026-11-24T12:15:00Z'));
  });

  it('exposes the quota and window it has learned: a lower bound after one 429, measured after two, a remembered hint before', async () => {
    const c = clock(Date.parse('2026-11-24T12:04:10Z'));
    const budget = new RateLimitBudget(c);
    expect(budget.quota()).toEqual({ limit: undefined, remaining: undefined, windowEnd: undefined, waitingUntil: undefined });
    budget.observe(headers(350, 0), 429);
    const first = Date.parse('2026-11-24T12:05:00Z');
    budget.blockUntil(first, { windowEnd: true });
    // The window held since the first response (50 s ago) at least: the shortest common window that
    // long which ends at 12:05:00 (windows are epoch-aligned) is a minute, a guess until measured.
    expect(budget.quota()).toEqual({ limit: 350, remaining: 0, windowEnd: first, waitingUntil: first, windowMs: 60_000, windowSource: 'lower_bound' });
    await budget.acquire();
    budget.release();
    budget.observe(headers(350, 0), 429);
    budget.blockUntil(Date.parse('2026-11-24T12:10:00Z'), { windowEnd: true });
    expect(budget.quota()).toMatchObject({ limit: 350, windowMs: 300_000, windowSource: 'measured', waitingUntil: Date.parse('2026-11-24T12:10:00Z') });

    const hinted = new RateLimitBudget(clock(), 300_000);
    hinted.observe(headers(350, 349));
    expect(hinted.quota()).toMatchObject({ limit: 350, remaining: 349, windowMs: 300_000, windowSource: 'remembered' });
  });

  it('takes the gcd of the gaps when windows between two 429s passed quietly', async () => {
    const c = clock(Date.parse('2026-11-24T12:00:30Z'));
    const budget = new RateLimitBudget(c);
    for (const end of ['12:05:00', '12:20:00', '12:30:00']) {
      budget.observe(headers(5, 0), 429);
      budget.blockUntil(Date.parse(`2026-11-24T${end}Z`), { windowEnd: true });
      await budget.acquire();
      budget.release();
    }
    budget.observe(headers(5, 0), 200);
    expect(budget.waitingUntil()).toBe(Date.parse('2026-11-24T12:35:00Z'));
  });

  it('a cancelled signal frees a request waiting for a slot at once', async () => {
    const budget = new RateLimitBudget(clock());
    budget.observe(headers(10, 1), 200);
    await budget.acquire();
    const abort = new AbortController();
    const { state } = acquireMany(budget, 2, abort.signal);
    await settle();
    expect(state).toEqual({ granted: 0, rejected: 0 });
    abort.abort();
    await settle();
    expect(state).toEqual({ granted: 0, rejected: 2 });
    // The abandoned waiters do not hold on to a slot.
    budget.release();
    await budget.acquire();
  });
});
