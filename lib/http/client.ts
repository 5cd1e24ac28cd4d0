/**
 * Every API request goes through here: the configured auth sent only to base_url's origin, a
 * per-request timeout, typed errors in words a store owner can act on, retries with exponential
 * backoff, and `Retry-After` honoured without spending the retry budget (docs/retail-api.md §1.5,
 * §1.6, §3.7).
 */
import statuses from 'statuses';
import type { ResolvedAuth, ResolvedSource, ResponseAction, RetryPolicy } from '@/lib/config/types';
import { maskSecrets, SyncError, type SyncErrorKind } from '@/lib/errors';
import { parseJson, stringifyJson } from '@/lib/json-text';
import { applyAuth, queryAuthParam, secretForms } from './auth';
import { OAuth2TokenSource } from './oauth2';
import { readBodyText } from './body';
import { defaultSleep, RateLimitBudget } from './budget';
import { buildRequestUrl, shownUrl, urlWithoutSecrets } from './request-url';
import { ignoredBy } from './response-actions';
import { retryAfterMs } from './retry-after';

export interface ApiRequest {
  resource: string;
  /** Relative to base_url, or an absolute URL on base_url's origin. */
  path: string;
  params?: Record<string, string | string[]>;
  method?: 'GET' | 'POST';
  json?: unknown;
  /** A form body as name/value pairs (sent `application/x-www-form-urlencoded`) or a raw body, as requests' `data`. */
  data?: [string, string][] | string;
  /** Endpoint headers, sent over the client's. */
  headers?: Record<string, string>;
  /** The endpoint's own auth (dlt: endpoint `auth` overrides the client's); `null` sends none, undefined uses the client's. */
  auth?: ResolvedAuth | null;
  /**
   * Responses to ignore (dlt's `response_actions`): a matching response, of any status, is
   * answered as `ignored` with no body instead of being parsed, retried or raised.
   */
  responseActions?: readonly ResponseAction[];
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  /** The parsed JSON body (`parseJson`: integers beyond 2^53 − 1 are `bigint`s); `null` for an empty body. */
  body: unknown;
  /** The URL as it may be shown (`showUrl`: query kept, the secret masked). */
  url: string;
  /**
   * The URL requested, query included (without query auth), for resolving a relative link the
   * response carries (RFC 3986 §5) and for telling requests apart. Never shown: the query can
   * hold customer data.
   */
  requestUrl: string;
  /** The response matched one of the request's `responseActions`: no body was read from it. */
  ignored?: true;
  /**
   * A URL the server sent with this response (a next-page link), resolved against `requestUrl`
   * (RFC 3986 §5) and without the secret (`urlWithoutSecrets`: the query auth param and any param
   * holding the token). Such links are kept in checkpoints in IndexedDB, so the token must not
   * travel with them; every request gets its auth from the client anyway. Throws a TypeError when
   * `href` is not a URL.
   */
  link(href: string): string;
}

/** A response as one attempt builds it; `request` adds `link`. */
type AttemptResponse = Omit<ApiResponse, 'link'>;

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
  /** Shared by all concurrent requests of one sync; created if absent. */
  budget?: RateLimitBudget;
  fetch?: typeof fetch;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
  /** Called when a request must wait (rate limit or backoff), so the UI can show a countdown. */
  onWait?: (w: WaitNotice) => void;
  /** Longest total wait on 429s with Retry-After for one request before giving up (default 15 minutes). */
  maxRateLimitWaitMs?: number;
}

/**
 * The client options a resolved config decides (base URL, auth, client headers, retry policy), with
 * the secret: every client of a source is built from these, so none forgets a part (e.g. headers).
 * Callers add the clock, budget, fetch and callbacks, or override `retry`.
 */
export function sourceClientOptions(source: Pick<ResolvedSource, 'baseUrl' | 'auth' | 'headers' | 'retry'>, secret: string): HttpClientOptions {
  return { baseUrl: source.baseUrl, auth: source.auth, secret, headers: source.headers, retry: source.retry };
}

const DEFAULT_MAX_RATE_WAIT_MS = 15 * 60_000;
/**
 * Until the store has answered once, a connection that fails (refused, DNS, TLS) gets only this
 * many quick retries: a store that cannot be reached at all stops the sync in seconds, not after
 * minutes of backoff on every table. Once it has answered, the configured retries apply.
 */
const UNREACHED_RETRIES = 2;
const UNREACHED_BACKOFF_MS = 500;
/** A Retry-After already past (clock skew) still gets a short pause, so we do not hammer the API. */
const MIN_RATE_LIMIT_WAIT_MS = 500;
const EXCERPT_CHARS = 300;

/** One attempt's result; errors are values so that every retry decision sits in `request`. */
type Attempt = { ok: true; response: AttemptResponse } | { ok: false; error: SyncError; retryAfterMs?: number };

export class HttpClient {
  readonly budget: RateLimitBudget;
  private readonly base: URL;
  private readonly fetchImpl: typeof fetch;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly now: () => number;
  private readonly secrets: string[];
  /** Query params that carry the secret (query auth of the client and of any endpoint seen). */
  private readonly secretParams: string[] = [];
  /** The store has answered at least one request (any HTTP status) through this client. */
  private reached = false;
  private readonly tokens: OAuth2TokenSource;

  constructor(private readonly opts: HttpClientOptions) {
    try {
      this.base = new URL(opts.baseUrl);
    } catch {
      throw new SyncError('config', `The store URL "${opts.baseUrl}" is not a valid URL`);
    }
    // Called through a wrapper: a bare `fetch` reference loses its `this` in service workers.
    this.fetchImpl = opts.fetch ?? ((input, init) => fetch(input, init));
    this.sleep = opts.sleep ?? defaultSleep;
    this.now = opts.now ?? Date.now;
    this.budget = opts.budget ?? new RateLimitBudget({ now: this.now, sleep: this.sleep });
    this.secrets = secretForms(opts.auth, opts.secret);
    this.addSecretParam(opts.auth);
    this.tokens = new OAuth2TokenSource({
      fetch: this.fetchImpl,
      now: this.now,
      mask: (text) => maskSecrets(text, this.secrets),
      onToken: (token) => this.addSecrets(secretForms(null, token)),
    });
  }

  private addSecrets(forms: string[]): void {
    for (const f of forms) if (!this.secrets.includes(f)) this.secrets.push(f);
  }

  private addSecretParam(auth: ResolvedAuth | null): void {
    const param = queryAuthParam(auth);
    if (param !== null && !this.secretParams.includes(param)) this.secretParams.push(param);
  }

  /**
   * A URL as any message may show it: query kept, the value of a query-auth param or of any param
   * equal to the secret as `***` (`shownUrl`). Every URL in this client's messages, and the
   * next links the walk names, go through here.
   */
  showUrl(url: string | URL): string {
    return shownUrl(typeof url === 'string' ? new URL(url) : url, { params: this.secretParams, secrets: this.secrets });
  }

  /** The auth a request uses: its endpoint's when set (dlt's endpoint `auth`), else the client's. */
  private authOf(req: ApiRequest): ResolvedAuth | null {
    return req.auth === undefined ? this.opts.auth : req.auth;
  }

  async request(req: ApiRequest, signal?: AbortSignal): Promise<ApiResponse> {
    const { resource } = req;
    const auth = this.authOf(req);
    if (auth && auth !== this.opts.auth) {
      this.addSecrets(secretForms(auth, this.opts.secret));
      this.addSecretParam(auth);
    }
    const target = this.target(req);
    const url = this.withQueryAuth(target, req);
    const { retry } = this.opts;
    const maxRateWait = this.opts.maxRateLimitWaitMs ?? DEFAULT_MAX_RATE_WAIT_MS;
    let retriesUsed = 0;
    let rateWaited = 0;
    let lastRateLimit: SyncError | undefined;
    for (;;) {
      if (signal?.aborted) throw cancelled(resource);
      const held = this.budget.waitingUntil();
      if (held !== undefined && rateWaited + (held - this.now()) > maxRateWait) {
        throw this.rateLimitGiveUp(resource, rateWaited, lastRateLimit?.detail);
      }
      const before = this.now();
      try {
        await this.budget.acquire(signal, (until) => this.opts.onWait?.({ resource, until, reason: 'rate_limit', attempt: retriesUsed }));
      } catch {
        throw cancelled(resource);
      }
      // Every rate-limit hold counts, including ones another request's 429 caused.
      rateWaited += this.now() - before;
      let attempt: Attempt;
      try {
        // An expired token is renewed before the attempt, as dlt's OAuth2ClientCredentials does in __call__.
        const credential = auth?.type === 'oauth2_client_credentials' ? await this.tokens.token(auth, this.opts.secret, resource, signal) : this.opts.secret;
        attempt = await this.once(url, target.href, req, signal, credential);
      } catch (err) {
        if (err instanceof SyncError) attempt = { ok: false, error: this.masked(err) };
        else throw err;
      } finally {
        this.budget.release();
      }
      if (attempt.ok) {
        const { requestUrl } = attempt.response;
        return { ...attempt.response, link: (href) => urlWithoutSecrets(new URL(href, requestUrl), { params: this.secretParams, secrets: this.secrets }).href };
      }
      const { error, retryAfterMs: hinted } = attempt;
      if (error.kind === 'cancelled') throw error;

      if (error.status === 429 && hinted !== undefined) {
        // A 429 that says when to come back is the API pacing us, not a failure.
        lastRateLimit = error;
        const wait = clamp(hinted, MIN_RATE_LIMIT_WAIT_MS, retry.maxDelayMs);
        if (rateWaited + wait > maxRateWait) throw this.rateLimitGiveUp(resource, rateWaited, error.detail);
        // The wait itself happens in the next acquire, shared with every other request of the sync.
        this.budget.blockUntil(this.now() + wait, { windowEnd: wait === hinted });
        continue;
      }

      if (!error.retryable) throw error;
      // Until the store has answered once, a failed connection gets a few quick retries, then ends the sync.
      const unreached = error.kind === 'network' && !this.reached;
      if (retriesUsed >= (unreached ? Math.min(UNREACHED_RETRIES, retry.maxRetries) : retry.maxRetries)) {
        if (unreached) throw this.unreachable(error, retriesUsed);
        if (retriesUsed === 0) throw error;
        throw this.error(error.kind, `${error.message} (gave up after ${retriesUsed + 1} attempts)`, { resource, status: error.status, detail: error.detail });
      }
      retriesUsed++;
      const wait = unreached
        ? UNREACHED_BACKOFF_MS * 2 ** (retriesUsed - 1)
        : clamp(hinted ?? retry.backoffFactor * 2 ** (retriesUsed - 1) * 1000, 0, retry.maxDelayMs);
      this.opts.onWait?.({ resource, until: this.now() + wait, reason: 'backoff', attempt: retriesUsed });
      try {
        await this.sleep(wait, signal);
      } catch {
        throw cancelled(resource);
      }
    }
  }

  /** The store was never reached: every other request would fail the same way, so this one ends the sync. */
  private unreachable(error: SyncError, retriesUsed: number): SyncError {
    const tries = retriesUsed ? ` (gave up after ${retriesUsed + 1} attempts)` : '';
    return this.error('network', `${error.message}${tries}`, { resource: error.resource, detail: error.detail, scope: 'sync' });
  }

  private rateLimitGiveUp(resource: string, waited: number, detail: string | undefined): SyncError {
    return this.error('rate_limited', `${resource}: the store kept refusing requests (rate limit) after waiting ${formatDuration(waited)}; the next sync continues from here`, {
      resource,
      status: 429,
      detail,
    });
  }

  /** Where a request goes, without query auth; an absolute URL elsewhere is refused here. */
  private target(req: ApiRequest): URL {
    try {
      return buildRequestUrl(this.base, req.resource, req.path, req.params);
    } catch (err) {
      throw err instanceof SyncError ? this.masked(err) : err;
    }
  }

  private withQueryAuth(target: URL, req: ApiRequest): URL {
    const auth = this.authOf(req);
    if (auth?.location !== 'query') return target;
    const url = new URL(target);
    applyAuth(auth, this.opts.secret, { url, headers: new Headers() });
    return url;
  }

  private headers(req: ApiRequest, credential: string): Headers {
    const headers = new Headers(this.opts.headers);
    for (const [k, v] of Object.entries(req.headers ?? {})) headers.set(k, v);
    if (!headers.has('Accept')) headers.set('Accept', 'application/json');
    // As requests: a Content-Type the endpoint sets itself is kept.
    if (!headers.has('Content-Type')) {
      if (req.data !== undefined) {
        if (typeof req.data !== 'string') headers.set('Content-Type', 'application/x-www-form-urlencoded');
      } else if (req.json !== undefined) headers.set('Content-Type', 'application/json');
    }
    // Query auth was applied to the URL already; a throwaway URL keeps it from being applied twice.
    const auth = this.authOf(req);
    if (auth?.location !== 'query') applyAuth(auth, credential, { url: new URL(this.base), headers });
    return headers;
  }

  /**
   * The request body as requests writes it: form pairs form-encoded; a raw string as a Blob
   * without a type, so fetch adds no Content-Type (requests sends none for raw data); json as JSON.
   */
  private body(req: ApiRequest): string | Blob | undefined {
    if (req.data !== undefined) return typeof req.data === 'string' ? new Blob([req.data]) : new URLSearchParams(req.data).toString();
    return req.json === undefined ? undefined : stringifyJson(req.json);
  }

  private async once(url: URL, requestUrl: string, req: ApiRequest, signal: AbortSignal | undefined, credential: string): Promise<Attempt> {
    const { resource } = req;
    const method = req.method ?? 'GET';
    const shown = this.showUrl(url);
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), this.opts.retry.timeoutMs);
    const onCancel = () => timeout.abort();
    signal?.addEventListener('abort', onCancel, { once: true });
    try {
      let res: Response;
      try {
        res = await this.fetchImpl(url.href, {
          method,
          headers: this.headers(req, credential),
          body: this.body(req),
          signal: timeout.signal,
          credentials: 'omit',
          // Following a redirect could carry a custom auth header to another site.
          redirect: 'manual',
        });
      } catch (err) {
        return { ok: false, error: this.transportError(resource, err, signal, timeout.signal, shown) };
      }
      this.reached = true;
      const { status } = res;
      this.budget.observe(res.headers, status);
      if (res.type === 'opaqueredirect' || (status >= 300 && status < 400)) {
        return { ok: false, error: this.redirectError(resource, res, shown) };
      }

      const body = await readBodyText(res);
      const prefix = `${method} ${shown} → HTTP ${status}`;
      if (body.error !== undefined && (signal?.aborted || timeout.signal.aborted)) {
        return { ok: false, error: this.transportError(resource, body.error, signal, timeout.signal, shown) };
      }
      if (req.responseActions?.length && ignoredBy(req.responseActions, status, body.text)) {
        return { ok: true, response: { status, headers: res.headers, body: null, url: shown, requestUrl, ignored: true } };
      }
      if (status >= 200 && status < 300) return this.parse(resource, res, body.text, body.error !== undefined, prefix, shown, requestUrl);

      const hinted = retryAfterMs(res.headers.get('retry-after'), this.now());
      const apiMessage = apiErrorText(body.text);
      const detail = `${prefix}: ${apiMessage || excerpt(body.text)}`;
      const error = this.statusError(resource, status, url, apiMessage, detail);
      return { ok: false, error, retryAfterMs: hinted };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onCancel);
    }
  }

  private parse(resource: string, res: Response, text: string, cutOff: boolean, prefix: string, shown: string, requestUrl: string): Attempt {
    const { status } = res;
    if (!cutOff) {
      if (text.trim() === '') return { ok: true, response: { status, headers: res.headers, body: null, url: shown, requestUrl } };
      try {
        return { ok: true, response: { status, headers: res.headers, body: parseJson(text), url: shown, requestUrl } };
      } catch {
        // fall through to the error below
      }
    }
    // A body that starts like JSON but does not parse was cut off on the way: worth another try.
    // Anything else (an HTML login or error page) will not improve by asking again.
    const truncated = cutOff || /^\s*[[{"]/.test(text);
    const detail = `${prefix}${cutOff ? ', connection closed mid-body' : ''}: ${excerpt(text) || '(empty)'}`;
    if (truncated) {
      return { ok: false, error: this.error('bad_response', `${resource}: the store's response was not complete JSON`, { resource, status, detail, retryable: true }) };
    }
    const type = res.headers.get('content-type')?.split(';')[0] || 'no content type';
    return { ok: false, error: this.error('bad_response', `${resource}: the store's response was not JSON (${type}); check the store URL`, { resource, status, detail }) };
  }

  private statusError(resource: string, status: number, url: URL, apiMessage: string, detail: string): SyncError {
    const retryable = this.opts.retry.statusCodes.includes(status);
    const opts = { resource, status, detail };
    const http = httpStatusText(status);
    if (status === 401) {
      // Never retried, whatever the config lists: the same token will be rejected again, by every table.
      return this.error('auth', `${resource}: the store rejected the API token (${http})`, { ...opts, scope: 'sync' });
    }
    // 403 may concern one resource only (a token without that permission), so it stays that table's error.
    if (status === 403) return this.error('auth', `${resource}: the store refused the API token access to this table (${http})`, opts);
    if (status === 404) return this.error('not_found', `${resource}: the store has no ${url.pathname} (${http})`, { ...opts, retryable });
    if (status === 429) return this.error('rate_limited', `${resource}: the store's rate limit was reached (${http})`, { ...opts, retryable });
    if (status >= 500) return this.error('server', `${resource}: the store had a server error (${http})`, { ...opts, retryable });
    const said = apiMessage ? `: ${apiMessage}` : '';
    return this.error('client', `${resource}: the store refused the request (${http})${said}`, { ...opts, retryable });
  }

  private redirectError(resource: string, res: Response, shown: string): SyncError {
    const location = res.headers.get('location');
    let target = '';
    if (location) {
      try {
        target = ` to ${this.showUrl(new URL(location, shown))}`;
      } catch {
        target = '';
      }
    }
    // Browsers hide the status and target of a manual redirect (an "opaqueredirect" response).
    const status = res.status || undefined;
    return this.error('config', `${resource}: the store redirected the request${target}; use the address it moved to as the store URL`, {
      resource,
      status,
      detail: `${shown} → ${status ? `HTTP ${status}` : 'redirect'}${target}`,
    });
  }

  private transportError(resource: string, err: unknown, cancel: AbortSignal | undefined, timeout: AbortSignal, shown: string): SyncError {
    if (cancel?.aborted) return cancelled(resource);
    const detail = `${shown}: ${describe(err)}`;
    if (timeout.aborted) {
      return this.error('timeout', `${resource}: the store did not answer within ${formatDuration(this.opts.retry.timeoutMs)}`, { resource, detail, retryable: true });
    }
    return this.error('network', `${resource}: could not reach the store (${new URL(shown).host})`, { resource, detail, retryable: true });
  }

  /** Every error this client raises is built here, so none can carry the secret in any spelling. */
  private error(kind: SyncErrorKind, message: string, opts: { resource?: string; status?: number; detail?: string; retryable?: boolean; scope?: 'sync' }): SyncError {
    return new SyncError(kind, maskSecrets(message, this.secrets), { ...opts, detail: opts.detail === undefined ? undefined : maskSecrets(opts.detail, this.secrets) });
  }

  private masked(err: SyncError): SyncError {
    return this.error(err.kind, err.message, { resource: err.resource, status: err.status, detail: err.detail, retryable: err.retryable });
  }
}

/** `HTTP 503 Service Unavailable`: the status with its reason phrase (RFC 9110 §15), when it has a registered one. */
export function httpStatusText(status: number): string {
  const reason = statuses.message[status];
  return reason ? `HTTP ${status} ${reason}` : `HTTP ${status}`;
}

function cancelled(resource: string): SyncError {
  return new SyncError('cancelled', `${resource}: sync cancelled`, { resource });
}

function clamp(n: number, min: number, max: number): number {
  return Math.min(Math.max(n, min), max);
}

/** The API's own explanation, from `{"error": …, "message": …}` bodies (§1.6). */
function apiErrorText(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: unknown; message?: unknown };
    return [body.error, body.message]
      .filter((x): x is string => typeof x === 'string' && x !== '')
      .join(' — ')
      .slice(0, 200);
  } catch {
    return '';
  }
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > EXCERPT_CHARS ? `${flat.slice(0, EXCERPT_CHARS)}…` : flat;
}

/** `TypeError: fetch failed (ECONNRESET)`: undici hides the useful part in `cause`. */
function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause instanceof Error ? err.cause.message : err.cause === undefined ? '' : String(err.cause);
  return `${err.name}: ${err.message}${cause ? ` (${cause})` : ''}`;
}

function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  return `${Math.round(ms / 60_000)} min`;
}
