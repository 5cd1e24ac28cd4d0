/**
 * Every API request goes through here: the configured auth sent only to base_url's origin, a
 * per-request timeout, typed errors in words a store owner can act on, retries with exponential
 * backoff, and `Retry-After` honoured without spending the retry budget.
 */
import type { ResolvedAuth, RetryPolicy } from '@/lib/config/types';
import { maskSecrets, SyncError } from '@/lib/errors';
import { defaultSleep, RateLimitBudget } from './budget';
import { retryAfterMs } from './retry-after';

export interface ApiRequest {
  resource: string;
  /** Relative to base_url, or an absolute URL on base_url's origin. */
  path: string;
  params?: Record<string, string>;
  method?: 'GET' | 'POST';
  json?: unknown;
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  body: unknown;
  /** The URL without its query string (safe to show). */
  url: string;
}

export interface WaitNotice {
  resource: string;
  until: number;
  reason: 'rate_limit' | 'backoff';
  attempt: number;
}

export interface HttpClientOptions {
  baseUrl: string;
  auth: ResolvedAuth | null;
  /** The API token (or password): never logged, never in messages or URLs (unless auth asks for a query param). */
  secret: string;
  headers?: Record<string, string>;
  retry: RetryPolicy;
  budget?: RateLimitBudget;
  fetch?: typeof fetch;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
  onWait?: (w: WaitNotice) => void;
  /** Longest total wait on 429s for one request before giving up (default 15 minutes). */
  maxRateLimitWaitMs?: number;
}

const DEFAULT_MAX_RATE_WAIT_MS = 15 * 60_000;

export class HttpClient {
  readonly budget: RateLimitBudget;
  private readonly base: URL;
  private readonly fetchImpl: typeof fetch;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly now: () => number;

  constructor(private readonly opts: HttpClientOptions) {
    this.base = new URL(opts.baseUrl);
    this.fetchImpl = opts.fetch ?? ((input, init) => fetch(input, init));
    this.sleep = opts.sleep ?? defaultSleep;
    this.now = opts.now ?? Date.now;
    this.budget = opts.budget ?? new RateLimitBudget({ now: this.now, sleep: this.sleep });
  }

  async request(req: ApiRequest, signal?: AbortSignal): Promise<ApiResponse> {
    const url = this.buildUrl(req);
    const { retry } = this.opts;
    const maxRateWait = this.opts.maxRateLimitWaitMs ?? DEFAULT_MAX_RATE_WAIT_MS;
    let attempt = 0;
    let rateWaited = 0;
    for (;;) {
      if (signal?.aborted) throw cancelled(req.resource);
      try {
        await this.budget.acquire(signal, (until) => this.opts.onWait?.({ resource: req.resource, until, reason: 'rate_limit', attempt }));
      } catch {
        throw cancelled(req.resource);
      }
      let outcome: ApiResponse | SyncError;
      try {
        outcome = await this.once(url, req, signal);
      } finally {
        this.budget.release();
      }
      if (!(outcome instanceof SyncError)) return outcome;
      const error = outcome;
      if (error.kind === 'cancelled' || !error.retryable) throw error;

      const hinted = (error as SyncErrorWithWait).retryAfterMs;
      if (error.kind === 'rate_limited' && hinted !== undefined) {
        // A 429 that says when to come back is the API pacing us, not a failure.
        const wait = Math.min(Math.max(hinted, 500), retry.maxDelayMs);
        if (rateWaited + wait > maxRateWait) {
          throw new SyncError('rate_limited', `${req.resource}: the store kept refusing requests (rate limit) after waiting ${Math.round(rateWaited / 1000)} s; the next sync continues from here`, {
            resource: req.resource,
            status: 429,
            detail: error.detail,
          });
        }
        rateWaited += wait;
        this.budget.blockUntil(this.now() + wait);
        continue;
      }
      // Status codes are the config's to choose; dropped connections, timeouts and truncated bodies are always retried.
      const statusRetryable = error.kind === 'server' || error.kind === 'rate_limited' ? retry.statusCodes.includes(error.status ?? 0) : true;
      if (!statusRetryable || attempt >= retry.maxRetries) {
        if (attempt === 0) throw error;
        throw new SyncError(error.kind, `${error.message} (gave up after ${attempt + 1} attempts)`, {
          resource: req.resource,
          status: error.status,
          detail: error.detail,
        });
      }
      attempt++;
      const backoff = Math.min(retry.backoffFactor * 2 ** (attempt - 1) * 1000, retry.maxDelayMs);
      const wait = hinted !== undefined ? Math.min(hinted, retry.maxDelayMs) : backoff;
      this.opts.onWait?.({ resource: req.resource, until: this.now() + wait, reason: 'backoff', attempt });
      try {
        await this.sleep(wait, signal);
      } catch {
        throw cancelled(req.resource);
      }
    }
  }

  /** The request URL; an absolute path elsewhere is refused before any byte is sent. */
  buildUrl(req: ApiRequest): URL {
    let url: URL;
    if (/^[a-z][a-z0-9+.-]*:/i.test(req.path) || req.path.startsWith('//')) {
      try {
        url = new URL(req.path, this.base);
      } catch {
        throw new SyncError('config', `${req.resource}: "${req.path}" is not a valid URL`, { resource: req.resource });
      }
      if (url.origin !== this.base.origin) {
        throw new SyncError('config', `${req.resource}: refusing to send the API token to another site (${url.origin})`, { resource: req.resource });
      }
    } else {
      const basePath = this.base.pathname.replace(/\/+$/, '');
      const rel = req.path.startsWith('/') ? req.path : `/${req.path}`;
      // A base URL with a path prefix keeps it, unless the path already starts with it.
      url = new URL(basePath && !rel.startsWith(basePath + '/') ? basePath + rel : rel, this.base.origin);
    }
    for (const [k, v] of Object.entries(req.params ?? {})) url.searchParams.set(k, v);
    const { auth, secret } = this.opts;
    if (auth?.type === 'api_key' && auth.location === 'query') url.searchParams.set(auth.name ?? 'api_key', secret);
    return url;
  }

  private headers(req: ApiRequest): Headers {
    const h = new Headers(this.opts.headers);
    h.set('Accept', 'application/json');
    if (req.json !== undefined) h.set('Content-Type', 'application/json');
    const { auth, secret } = this.opts;
    if (auth?.type === 'bearer') h.set('Authorization', `Bearer ${secret}`);
    else if (auth?.type === 'api_key' && auth.location !== 'query') h.set(auth.name ?? 'Authorization', secret);
    else if (auth?.type === 'http_basic') h.set('Authorization', `Basic ${btoa(`${auth.username ?? ''}:${secret}`)}`);
    return h;
  }

  /** One attempt: a response, or the error that describes it (never thrown, so retries stay in one place). */
  private async once(url: URL, req: ApiRequest, signal?: AbortSignal): Promise<ApiResponse | SyncError> {
    const { resource } = req;
    const shownUrl = url.origin + url.pathname;
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), this.opts.retry.timeoutMs);
    const onCancel = () => timeout.abort();
    signal?.addEventListener('abort', onCancel, { once: true });
    const mask = (text: string) => maskSecrets(text, [this.opts.secret]);
    try {
      let res: Response;
      try {
        res = await this.fetchImpl(url.href, {
          method: req.method ?? 'GET',
          headers: this.headers(req),
          body: req.json === undefined ? undefined : JSON.stringify(req.json),
          signal: timeout.signal,
          credentials: 'omit',
          redirect: 'error',
        });
      } catch (err) {
        return this.transportError(resource, err, signal, timeout.signal, shownUrl);
      }
      let text: string;
      try {
        text = await res.text();
      } catch (err) {
        return this.transportError(resource, err, signal, timeout.signal, shownUrl);
      }
      this.budget.observe(res.headers);
      const status = res.status;
      const detail = mask(`${req.method ?? 'GET'} ${shownUrl} → HTTP ${status}: ${text.slice(0, 300)}`);
      if (status >= 200 && status < 300) {
        try {
          return { status, headers: res.headers, body: text === '' ? null : JSON.parse(text), url: shownUrl };
        } catch {
          return new SyncError('bad_response', `${resource}: the store's response was not complete JSON`, { resource, status, detail, retryable: true });
        }
      }
      const apiMessage = mask(apiErrorText(text));
      if (status === 401 || status === 403) {
        return new SyncError('auth', `${resource}: the store rejected the API token (HTTP ${status})`, { resource, status, detail });
      }
      if (status === 404) {
        return new SyncError('not_found', `${resource}: the store has no ${url.pathname} (HTTP 404)`, { resource, status, detail });
      }
      if (status === 429) {
        const e = new SyncError('rate_limited', `${resource}: the store's rate limit was reached (HTTP 429)`, { resource, status, detail, retryable: true });
        return Object.assign(e, { retryAfterMs: retryAfterMs(res.headers.get('retry-after'), this.now()) });
      }
      if (status >= 500) {
        const e = new SyncError('server', `${resource}: the store had a server error (HTTP ${status})`, { resource, status, detail, retryable: true });
        return Object.assign(e, { retryAfterMs: retryAfterMs(res.headers.get('retry-after'), this.now()) });
      }
      return new SyncError('client', `${resource}: the store refused the request (HTTP ${status})${apiMessage ? `: ${apiMessage}` : ''}`, { resource, status, detail });
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onCancel);
    }
  }

  private transportError(resource: string, err: unknown, cancel: AbortSignal | undefined, timeout: AbortSignal, shownUrl: string): SyncError {
    if (cancel?.aborted) return cancelled(resource);
    const detail = maskSecrets(`${shownUrl}: ${err instanceof Error ? `${err.name}: ${err.message}${err.cause ? ` (${String((err.cause as Error).message ?? err.cause)})` : ''}` : String(err)}`, [this.opts.secret]);
    if (timeout.aborted) {
      return new SyncError('timeout', `${resource}: the store did not answer within ${Math.round(this.opts.retry.timeoutMs / 1000)} s`, { resource, detail, retryable: true });
    }
    return new SyncError('network', `${resource}: could not reach the store (${new URL(shownUrl).host})`, { resource, detail, retryable: true });
  }
}

type SyncErrorWithWait = SyncError & { retryAfterMs?: number };

function cancelled(resource: string): SyncError {
  return new SyncError('cancelled', `${resource}: sync cancelled`, { resource });
}

/** The API's own explanation, from `{"error": …, "message": …}` bodies. */
function apiErrorText(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: unknown; message?: unknown };
    return [body.error, body.message].filter((x) => typeof x === 'string').join(' — ').slice(0, 200);
  } catch {
    return '';
  }
}
