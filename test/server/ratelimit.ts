/**
 * Fixed-window limiter (Mock server spec M3): window index = floor(now / window), so windows are
 * epoch-aligned and their ends fall on whole seconds, which an HTTP-date can express exactly.
 */

export interface LimiterVerdict {
  allowed: boolean;
  limit: number;
  remaining: number;
  windowEndsAt: number;
}

export class FixedWindowLimiter {
  private windowIndex = -1;
  private count = 0;

  constructor(
    readonly quota: number,
    readonly windowS: number,
    private readonly now: () => number,
  ) {}

  /** Counts one authorized request, refused ones included [judgment, as VF]. */
  hit(): LimiterVerdict {
    this.roll();
    this.count += 1;
    return this.verdict();
  }

  /** The current numbers without counting a request (for injected faults, which are free). */
  peek(): LimiterVerdict {
    this.roll();
    return this.verdict();
  }

  snapshot(): { quota: number; count: number; window_ends_at: string } {
    const v = this.peek();
    return { quota: this.quota, count: this.count, window_ends_at: new Date(v.windowEndsAt).toISOString() };
  }

  private roll(): void {
    const index = Math.floor(this.now() / (this.windowS * 1000));
    if (index !== this.windowIndex) {
      this.windowIndex = index;
      this.count = 0;
    }
  }

  private verdict(): LimiterVerdict {
    return {
      allowed: this.count <= this.quota,
      limit: this.quota,
      remaining: Math.max(this.quota - this.count, 0),
      windowEndsAt: (this.windowIndex + 1) * this.windowS * 1000,
    };
  }
}

export function rateLimitHeaders(v: LimiterVerdict): Record<string, string> {
  return { 'X-RateLimit-Limit': String(v.limit), 'X-RateLimit-Remaining': String(v.remaining) };
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * RFC 1123 HTTP-date, e.g. `Wed, 15 Jul 2020 15:04:05 GMT`. Built from fixed English names so no
 * locale or ICU data can change it. Sub-second parts are rounded up, never telling a client to
 * retry before the window has actually ended.
 */
export function httpDate(ms: number): string {
  const d = new Date(Math.ceil(ms / 1000) * 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]}, ${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} GMT`;
}
