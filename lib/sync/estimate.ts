/**
 * How long the requests a sync still needs will take, given what the rate-limit budget knows: the
 * requests left in the current window go at the API's pace, the rest one quota per window (the
 * API's fixed windows, docs/retail-api.md §1.5). Pure, so the popup and the options page share it.
 */
import type { RateLimitQuota } from '@/lib/http/budget';

/** A request's time when nothing holds it back (fetch, parse, commit), before one has been timed. */
export const DEFAULT_MS_PER_REQUEST = 250;

export interface EstimateInput {
  requestsLeft: number;
  quota?: RateLimitQuota;
  now: number;
  /** Measured time per request in this sync, outside rate-limit waits. */
  msPerRequest?: number;
}

/** Milliseconds until `requestsLeft` requests are done. */
export function estimateMsLeft({ requestsLeft, quota, now, msPerRequest = DEFAULT_MS_PER_REQUEST }: EstimateInput): number {
  const left = Math.max(0, requestsLeft);
  const held = quota?.waitingUntil !== undefined && quota.waitingUntil > now ? quota.waitingUntil - now : 0;
  const { limit, windowMs } = quota ?? {};
  if (!limit || !windowMs) return held + left * msPerRequest;
  const windowOpen = quota!.windowEnd !== undefined && quota!.windowEnd > now;
  // Past a known window end the quota is back in full; otherwise what the API last reported.
  const available = held > 0 ? 0 : windowOpen || quota!.windowEnd === undefined ? (quota!.remaining ?? limit) : limit;
  if (left <= available) return left * msPerRequest;
  const over = left - available;
  const fullWindows = Math.ceil(over / limit) - 1;
  const untilNextWindow = held > 0 ? held : untilWindowEnd(quota!.windowEnd, windowMs, now);
  const lastBatch = over - fullWindows * limit;
  return untilNextWindow + fullWindows * windowMs + lastBatch * msPerRequest;
}

/** Time to the current window's end: fixed windows follow one known end every `windowMs`; unknown phase: a whole window. */
function untilWindowEnd(knownEnd: number | undefined, windowMs: number, now: number): number {
  if (knownEnd === undefined) return windowMs;
  if (knownEnd > now) return knownEnd - now;
  return knownEnd + (Math.floor((now - knownEnd) / windowMs) + 1) * windowMs - now;
}

/**
 * A first sync's time for `requests` at the API's limit, from the start of a window: the options
 * page's cost of a child table.
 */
export function msAtLimit(requests: number, limit: number, windowMs: number): number {
  return (Math.max(0, requests) / limit) * windowMs;
}
