import { describe, expect, it } from 'vitest';
import { estimateMsLeft, msAtLimit } from './estimate';

const NOW = Date.parse('2026-11-24T12:02:00Z');
const END = Date.parse('2026-11-24T12:05:00Z');
const quota = { limit: 350, windowMs: 300_000, windowSource: 'measured' as const };

describe('estimateMsLeft', () => {
  it('without a known quota: the requests at the measured pace, plus any hold', () => {
    expect(estimateMsLeft({ requestsLeft: 100, now: NOW, msPerRequest: 20 })).toBe(2000);
    expect(estimateMsLeft({ requestsLeft: 100, now: NOW, msPerRequest: 20, quota: { waitingUntil: NOW + 5000 } })).toBe(7000);
  });

  it('requests that fit in what the window has left go at the pace', () => {
    expect(estimateMsLeft({ requestsLeft: 100, now: NOW, msPerRequest: 20, quota: { ...quota, remaining: 200, windowEnd: END } })).toBe(2000);
  });

  it('held by the rate limit: until the window ends, then one quota per window', () => {
    // 1,000 requests: 350 after 12:05, 350 after 12:10, the last 300 after 12:15.
    const ms = estimateMsLeft({ requestsLeft: 1000, now: NOW, msPerRequest: 10, quota: { ...quota, remaining: 0, windowEnd: END, waitingUntil: END } });
    expect(ms).toBe(3 * 60_000 + 2 * 300_000 + 300 * 10);
  });

  it('uses what remains in the open window before waiting for the next', () => {
    const ms = estimateMsLeft({ requestsLeft: 400, now: NOW, msPerRequest: 10, quota: { ...quota, remaining: 100, windowEnd: END } });
    expect(ms).toBe(3 * 60_000 + 300 * 10);
  });

  it('a window end already past means a full quota again', () => {
    const ms = estimateMsLeft({ requestsLeft: 400, now: END + 1000, msPerRequest: 10, quota: { ...quota, remaining: 0, windowEnd: END } });
    expect(ms).toBe(299_000 + 50 * 10);
  });
});

describe('msAtLimit', () => {
  it('480 requests at 350 per 5 minutes take about 7 minutes', () => {
    expect(Math.round(msAtLimit(480, 350, 300_000) / 60_000)).toBe(7);
  });
});
