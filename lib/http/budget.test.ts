import { describe, expect, it } from 'vitest';
import { RateLimitBudget } from './budget';

const headers = (limit: number, remaining: number) => new Headers({ 'x-ratelimit-limit': String(limit), 'x-ratelimit-remaining': String(remaining) });

function clock() {
  let t = 1_000_000;
  return { now: () => t, sleep: async (ms: number) => void (t += ms), get t() { return t; } };
}

describe('RateLimitBudget', () => {
  it('never has more requests in flight than the API says remain', async () => {
    const c = clock();
    const budget = new RateLimitBudget(c);
    budget.observe(headers(10, 2));
    let granted = 0;
    const acquires = Array.from({ length: 5 }, () => budget.acquire().then(() => granted++));
    await new Promise((r) => setTimeout(r, 0));
    expect(granted).toBe(2);
    budget.observe(headers(10, 5));
    budget.release();
    await new Promise((r) => setTimeout(r, 0));
    expect(granted).toBe(5);
    for (let i = 0; i < 4; i++) budget.release();
    await Promise.all(acquires);
  });

  it('with nothing remaining and no known window end, lets exactly one probe through', async () => {
    const c = clock();
    const budget = new RateLimitBudget(c);
    budget.observe(headers(10, 0));
    let granted = 0;
    void budget.acquire().then(() => granted++);
    void budget.acquire().then(() => granted++);
    await new Promise((r) => setTimeout(r, 0));
    expect(granted).toBe(1);
  });

  it('after a 429 holds every request until Retry-After, then paces by the learned window', async () => {
    const c = clock();
    const budget = new RateLimitBudget(c);
    const waits: number[] = [];
    budget.blockUntil(c.now() + 5000);
    expect(budget.waitingUntil()).toBe(c.now() + 5000);
    await budget.acquire(undefined, (until) => waits.push(until));
    expect(c.t).toBe(1_005_000);
    expect(waits).toEqual([1_005_000]);
    budget.release();
    expect(budget.waitingUntil()).toBeUndefined();
  });

  it('learns the fixed window from two 429s and then waits for the window end without probing', async () => {
    const c = clock();
    const budget = new RateLimitBudget(c);
    budget.observe(headers(5, 0));
    budget.blockUntil(c.now() + 1000); // first window ends at +1 s
    await budget.acquire();
    budget.release();
    budget.observe(headers(5, 0));
    budget.blockUntil(c.now() + 5000); // second window ends 5 s after the first: window is 5 s
    await budget.acquire();
    budget.release();
    budget.observe(headers(5, 0)); // quota used up again in the third window
    const before = c.t;
    await budget.acquire(); // waits for the predicted window end instead of sending a doomed request
    expect(c.t - before).toBe(5000);
  });
});
