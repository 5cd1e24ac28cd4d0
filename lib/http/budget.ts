/**
 * One rate-limit budget shared by every request of a sync. The API counts requests in a fixed
 * window and reports `X-RateLimit-Limit`/`X-RateLimit-Remaining` on every response, but not when
 * the window ends; a 429's `Retry-After` date tells that. So: never have more requests in flight
 * than remain; when none remain, wait for the known window end, or let one request through as a
 * probe to learn it; after a 429, hold every request until its Retry-After.
 */
export interface BudgetClock {
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export class RateLimitBudget {
  private limit: number | undefined;
  private remaining: number | undefined;
  private inFlight = 0;
  private probing = false;
  private blockedUntil = 0;
  private windowEnd: number | undefined;
  /** The latest window end seen, kept after it passes so the next one gives the window's length. */
  private lastWindowEnd: number | undefined;
  private windowMs: number | undefined;
  private waiters: (() => void)[] = [];
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

  constructor(clock: BudgetClock = {}) {
    this.now = clock.now ?? Date.now;
    this.sleep = clock.sleep ?? defaultSleep;
  }

  /** When requests resume, if they are held now. */
  waitingUntil(): number | undefined {
    const t = this.now();
    if (this.blockedUntil > t) return this.blockedUntil;
    if (this.exhausted() && this.windowEnd !== undefined && this.windowEnd > t) return this.windowEnd;
    return undefined;
  }

  /**
   * Waits for a slot. `onWait` is told the time requests resume whenever this has to sleep.
   */
  async acquire(signal?: AbortSignal, onWait?: (until: number) => void): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const t = this.now();
      this.rollWindow(t);
      if (this.blockedUntil > t) {
        onWait?.(this.blockedUntil);
        await this.sleep(this.blockedUntil - t, signal);
        continue;
      }
      if (!this.exhausted()) {
        this.inFlight++;
        return;
      }
      if (this.windowEnd !== undefined && this.windowEnd > t) {
        onWait?.(this.windowEnd);
        await this.sleep(this.windowEnd - t, signal);
        continue;
      }
      if (!this.probing && this.inFlight === 0) {
        // Nothing tells when the window ends: one request finds out (it gets a 429 with Retry-After).
        this.probing = true;
        this.inFlight++;
        return;
      }
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  release(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    this.probing = false;
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** Reads the rate-limit headers of any response. */
  observe(headers: { get(name: string): string | null }): void {
    const limit = Number(headers.get('x-ratelimit-limit'));
    const remaining = Number(headers.get('x-ratelimit-remaining'));
    if (headers.get('x-ratelimit-limit') !== null && Number.isFinite(limit) && limit > 0) this.limit = limit;
    if (headers.get('x-ratelimit-remaining') !== null && Number.isFinite(remaining) && remaining >= 0) this.remaining = remaining;
  }

  /** A 429 said: no requests before `until`. That is also the end of the current window. */
  blockUntil(until: number): void {
    if (this.lastWindowEnd !== undefined && until > this.lastWindowEnd + 1000) {
      // Two window ends seen: the fixed window's length predicts the next ones.
      this.windowMs = until - this.lastWindowEnd;
    }
    this.windowEnd = until;
    this.lastWindowEnd = until;
    this.blockedUntil = Math.max(this.blockedUntil, until);
    this.remaining = 0;
  }

  private exhausted(): boolean {
    return this.remaining !== undefined && this.inFlight >= this.remaining;
  }

  /** Past the window's end the quota is back; the next response's headers give the real figure. */
  private rollWindow(t: number): void {
    if (this.windowEnd === undefined || t < this.windowEnd) return;
    this.remaining = this.limit;
    this.windowEnd = this.windowMs ? this.windowEnd + Math.ceil((t - this.windowEnd + 1) / this.windowMs) * this.windowMs : undefined;
    if (this.windowEnd !== undefined) this.lastWindowEnd = this.windowEnd;
  }
}

export function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
