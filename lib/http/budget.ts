/**
 * One rate-limit budget shared by every request of a sync. The API counts requests in a fixed
 * window and reports `X-RateLimit-Limit`/`X-RateLimit-Remaining` on every response, but not when
 * the window ends; a 429's `Retry-After` date tells that (docs/retail-api.md §1.5). So: never have
 * more requests in flight than remain; when none remain, wait for the known window end, or let one
 * request through as a probe to learn it; after a 429, hold every request until its Retry-After.
 * Two window ends give the window's length, which predicts the following ends without probing.
 */
export interface BudgetClock {
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** What the budget knows of the API's quota, for progress messages and time estimates. */
export interface RateLimitQuota {
  /** Requests per window (`X-RateLimit-Limit`), once a response carried it. */
  limit?: number;
  /** The window's length, when known or guessed; `windowSource` says how. */
  windowMs?: number;
  /**
   * `measured`: from two window ends in this sync; `remembered`: measured by an earlier sync;
   * `lower_bound`: the known window end minus the first response seen (the window is at least that).
   */
  windowSource?: 'measured' | 'remembered' | 'lower_bound';
  /** Requests left in the current window, as last reported. */
  remaining?: number;
  /** When the current window ends, when known (learned from a 429's Retry-After, or predicted). */
  windowEnd?: number;
  /** When held requests resume, if they are held now. */
  waitingUntil?: number;
}

interface HeaderSource {
  get(name: string): string | null;
}

/** Retry-After dates have one-second resolution; gaps below that are the same window. */
const SECOND = 1000;

export class RateLimitBudget {
  private limit: number | undefined;
  private remaining: number | undefined;
  private inFlight = 0;
  private probing = false;
  private blockedUntil = 0;
  /** End of the current window, when known (learned or predicted). */
  private windowEnd: number | undefined;
  /** The latest window end learned from a 429, kept after it passes to measure the next gap. */
  private lastLearnedEnd: number | undefined;
  private windowMs: number | undefined;
  /** When the first rate-limit headers arrived: the window held at least since then. */
  private firstSeen: number | undefined;
  private readonly waiters = new Set<() => void>();
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

  /**
   * `windowHintMs`: a window length remembered from an earlier sync of the same API. It only feeds
   * `quota()` (estimates); pacing relies on what this budget learns itself.
   */
  constructor(clock: BudgetClock = {}, private readonly windowHintMs?: number) {
    this.now = clock.now ?? Date.now;
    this.sleep = clock.sleep ?? defaultSleep;
  }

  /** The quota and window as far as they are known now; see RateLimitQuota. */
  quota(): RateLimitQuota {
    const waitingUntil = this.waitingUntil();
    const end = this.windowEnd;
    const quota: RateLimitQuota = { limit: this.limit, remaining: this.remaining, windowEnd: end, waitingUntil };
    if (this.windowMs !== undefined) return { ...quota, windowMs: this.windowMs, windowSource: 'measured' };
    if (this.windowHintMs !== undefined) return { ...quota, windowMs: this.windowHintMs, windowSource: 'remembered' };
    if (end !== undefined && this.firstSeen !== undefined && end > this.firstSeen) {
      return { ...quota, windowMs: likelyWindow(end, end - this.firstSeen), windowSource: 'lower_bound' };
    }
    return quota;
  }

  /** When requests resume, if they are held now (for a countdown in the UI). */
  waitingUntil(): number | undefined {
    const t = this.now();
    this.rollWindow(t);
    if (this.blockedUntil > t) return this.blockedUntil;
    if (this.exhausted() && this.windowEnd !== undefined && this.windowEnd > t) return this.windowEnd;
    return undefined;
  }

  /**
   * Waits for a slot; every successful acquire needs one `release()`. `onWait` is told when requests
   * resume whenever this has to sleep. Rejects with the signal's reason when it aborts.
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
      if (!this.probing && this.inFlight === 0 && this.remaining === 0) {
        // Nothing tells when the window ends: one request finds out (a 429 with Retry-After, or
        // fresh headers if the window has already turned).
        this.probing = true;
        this.inFlight++;
        return;
      }
      await this.nextRelease(signal);
    }
  }

  release(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    this.probing = false;
    this.wakeAll();
  }

  /** Reads the rate-limit headers of any response; a 429 means nothing remains, whatever they say. */
  observe(headers: HeaderSource, status?: number): void {
    const limit = headerNumber(headers, 'x-ratelimit-limit');
    const remaining = headerNumber(headers, 'x-ratelimit-remaining');
    if (limit !== undefined && limit > 0) this.limit = limit;
    if (remaining !== undefined) this.remaining = remaining;
    if (this.firstSeen === undefined && (limit !== undefined || remaining !== undefined)) this.firstSeen = this.now();
    if (status === 429) this.remaining = 0;
    this.wakeAll();
  }

  /**
   * Holds every request until `until`. `windowEnd`: `until` is the API's own Retry-After, so also
   * the end of its rate-limit window (not a wait the client shortened or lengthened).
   */
  blockUntil(until: number, opts: { windowEnd?: boolean } = {}): void {
    this.blockedUntil = Math.max(this.blockedUntil, until);
    if (opts.windowEnd && until > this.now()) this.learnWindowEnd(until);
  }

  private learnWindowEnd(end: number): void {
    if (this.lastLearnedEnd !== undefined) {
      const gap = Math.round((end - this.lastLearnedEnd) / SECOND) * SECOND;
      // Windows seen may not be consecutive (a quiet window brings no 429): the gcd of the gaps is
      // the window's length.
      if (gap >= SECOND) this.windowMs = this.windowMs === undefined ? gap : gcd(this.windowMs, gap);
    }
    this.windowEnd = end;
    this.lastLearnedEnd = Math.max(this.lastLearnedEnd ?? end, end);
  }

  private exhausted(): boolean {
    return this.remaining !== undefined && this.inFlight >= this.remaining;
  }

  /** Past the window's end the quota is back; the next response's headers give the real figure. */
  private rollWindow(t: number): void {
    if (this.windowEnd === undefined || t < this.windowEnd) return;
    this.remaining = this.limit;
    this.windowEnd = this.windowMs === undefined ? undefined : this.windowEnd + (Math.floor((t - this.windowEnd) / this.windowMs) + 1) * this.windowMs;
  }

  private nextRelease(signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.waiters.delete(wake);
        reject(signal!.reason);
      };
      const wake = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      this.waiters.add(wake);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private wakeAll(): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiters) wake();
  }
}

/** Window lengths APIs commonly use (ms). */
const COMMON_WINDOWS = [1, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600].map((s) => s * SECOND);

/**
 * A guess at a window of at least `atLeast` ms ending at `end`: fixed windows are aligned to the
 * epoch (the window index is floor(now / window), docs/retail-api.md M3), so the shortest common
 * length that divides `end` and is long enough. The guess is only for estimates; two window ends
 * measure it.
 */
function likelyWindow(end: number, atLeast: number): number {
  const fits = COMMON_WINDOWS.find((w) => w >= atLeast && end % w === 0);
  return fits ?? Math.ceil(atLeast / SECOND) * SECOND;
}

/**
 * A count header (`X-RateLimit-Limit`, `X-RateLimit-Remaining`): digits, with a fraction rounded
 * down (`10.0`), or the list a proxy makes of a header sent twice (`99, 99`: the smallest counts).
 * Anything else is no count: `Number()` would read `0x10` as 16, `1e3` as 1000 and a blank as 0.
 */
function headerNumber(headers: HeaderSource, name: string): number | undefined {
  const raw = headers.get(name);
  if (raw === null) return undefined;
  let least: number | undefined;
  for (const part of raw.split(',')) {
    const text = part.trim();
    if (!/^\d+(?:\.\d+)?$/.test(text)) return undefined;
    const n = Math.floor(Number(text));
    least = least === undefined ? n : Math.min(least, n);
  }
  return least;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
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
