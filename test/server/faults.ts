/** Queued fault rules for retry/backoff tests (Mock server spec M7). */
import { STATUS_CODES } from 'node:http';
import { httpDate } from './ratelimit';
import type { FaultRule } from './types';

export const TOO_MANY_REQUESTS_BODY = { error: 'Too Many Requests', message: 'Rate limiting enforced' };

/** What to do with one request that a rule caught. */
export type FaultAction =
  | { kind: 'delay'; delayMs: number }
  | { kind: 'reset'; delayMs: number }
  | { kind: 'malformed'; delayMs: number }
  | { kind: 'respond'; delayMs: number; status: number; body: string; headers: Record<string, string> };

interface QueuedRule {
  rule: FaultRule;
  skipLeft: number;
  timesLeft: number;
}

export class FaultQueue {
  private rules: QueuedRule[] = [];

  add(rules: readonly FaultRule[]): void {
    for (const rule of rules) validateRule(rule);
    for (const rule of rules) {
      const times = rule.times ?? 1;
      if (times > 0) this.rules.push({ rule, skipLeft: rule.skip ?? 0, timesLeft: times });
    }
  }

  clear(): void {
    this.rules = [];
  }

  get size(): number {
    return this.rules.length;
  }

  /**
   * The first live rule matching the request consumes this request: either one of its skips (the
   * request then passes untouched) or one of its failures. Used-up rules leave the queue.
   */
  take(method: string, path: string, nowMs: number): FaultAction | undefined {
    const queued = this.rules.find(({ rule }) =>
      path.startsWith(rule.path) && (rule.method === undefined || rule.method.toUpperCase() === method));
    if (!queued) return undefined;
    if (queued.skipLeft > 0) {
      queued.skipLeft -= 1;
      return undefined;
    }
    queued.timesLeft -= 1;
    if (queued.timesLeft <= 0) this.rules.splice(this.rules.indexOf(queued), 1);
    return actionFor(queued.rule, nowMs);
  }
}

function actionFor(rule: FaultRule, nowMs: number): FaultAction {
  const delayMs = rule.delay_ms ?? 0;
  if (rule.reset) return { kind: 'reset', delayMs };
  if (rule.malformed) return { kind: 'malformed', delayMs };
  if (rule.status === undefined && rule.delay_ms !== undefined) return { kind: 'delay', delayMs };
  const status = rule.status ?? 500;
  const headers: Record<string, string> = {};
  const retryAfter = rule.retry_after ?? (status === 429 ? 'date' : 'none');
  const seconds = rule.retry_after_s ?? 1;
  if (retryAfter === 'date') headers['Retry-After'] = httpDate(nowMs + seconds * 1000);
  if (retryAfter === 'seconds') headers['Retry-After'] = String(Math.round(seconds));
  const body = rule.body !== undefined
    ? rule.body
    : status === 429 ? TOO_MANY_REQUESTS_BODY : { error: STATUS_CODES[status] ?? 'Error', message: 'Injected fault' };
  return { kind: 'respond', delayMs, status, body: typeof body === 'string' ? body : JSON.stringify(body), headers };
}

function validateRule(rule: FaultRule): void {
  if (!rule || typeof rule !== 'object') throw new Error('fault rule must be an object');
  if (typeof rule.path !== 'string' || !rule.path.startsWith('/')) {
    throw new Error(`fault rule: path must be a path prefix such as "/api/2.0/customers"; got ${JSON.stringify(rule.path)}`);
  }
  for (const key of ['skip', 'times', 'delay_ms', 'retry_after_s'] as const) {
    const value = rule[key];
    if (value !== undefined && (typeof value !== 'number' || value < 0 || !Number.isFinite(value))) {
      throw new Error(`fault rule: ${key} must be a non-negative number`);
    }
  }
  if (rule.status !== undefined && (!Number.isInteger(rule.status) || rule.status < 100 || rule.status > 599)) {
    throw new Error('fault rule: status must be an HTTP status code');
  }
  if (rule.retry_after !== undefined && !['date', 'seconds', 'none'].includes(rule.retry_after)) {
    throw new Error('fault rule: retry_after must be "date", "seconds" or "none"');
  }
}
