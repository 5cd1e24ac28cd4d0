/**
 * HTTP wiring of the mock: CORS, faults, auth, rate limit, routes (in that order), and the
 * unauthenticated test control plane under /__mock/ (Mock server spec M1–M3, M7, M8).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkFulfillmentShare, resolveSizes } from './dataset';
import { FaultQueue, TOO_MANY_REQUESTS_BODY } from './faults';
import { FixedWindowLimiter, httpDate, rateLimitHeaders } from './ratelimit';
import { API_PREFIX, matchRoute, type ApiResponse } from './routes';
import { MockError, RetailStore } from './store';
import type {
  AuthOutcome, DatasetChoice, FaultRule, MutationRequest, RequestLogEntry, ResetOptions, Row,
  RowsOptions, ServerState,
} from './types';

export interface AppSettings {
  dataset: DatasetChoice;
  token: string;
  quota?: number;
  windowS: number;
  pageSizeDefault: number;
  pageSizeMax: number | null;
  fulfillmentShare: number;
}

const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining',
};

const INVALID_TOKEN_BODY = JSON.stringify({ error: 'Access token is not valid' });
/** A body cut off mid-row, as a dropped connection behind a proxy would leave it. */
const MALFORMED_BODY = '{"data":[{"id":"0b8a1d2c-4e3f-4a5b-8c6d-7e8f9a0b1c2d","name":"Trunc';

export class RetailApp {
  private store!: RetailStore;
  private limiter!: FixedWindowLimiter;
  private readonly faults = new FaultQueue();
  private log: RequestLogEntry[] = [];
  private settings!: AppSettings;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly initial: AppSettings, private readonly now: () => number) {
    this.reset();
  }

  get token(): string {
    return this.settings.token;
  }

  /** Restores the seed, version counter, limiter and fault queue; omitted options revert to the start options. */
  reset(opts: ResetOptions = {}): void {
    const settings: AppSettings = {
      dataset: opts.dataset ?? this.initial.dataset,
      token: opts.token ?? this.initial.token,
      quota: opts.quota ?? this.initial.quota,
      windowS: opts.windowS ?? this.initial.windowS,
      pageSizeDefault: opts.pageSizeDefault ?? this.initial.pageSizeDefault,
      pageSizeMax: opts.pageSizeMax === undefined ? this.initial.pageSizeMax : opts.pageSizeMax,
      fulfillmentShare: opts.fulfillmentShare ?? this.initial.fulfillmentShare,
    };
    validateSettings(settings);
    const sizes = resolveSizes(settings.dataset);
    this.store = new RetailStore(sizes, this.now, settings.fulfillmentShare);
    // 300 × registers + 50 [doc LS-RL]; a store always has at least one register.
    const quota = settings.quota ?? 300 * Math.max(1, sizes.registers) + 50;
    this.limiter = new FixedWindowLimiter(quota, settings.windowS, this.now);
    this.faults.clear();
    this.settings = settings;
  }

  addFaults(rules: FaultRule[]): void {
    this.faults.add(rules);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  mutate(m: MutationRequest): Row {
    return this.store.mutate(m);
  }

  requests(): RequestLogEntry[] {
    return this.log.map((e) => ({ ...e, query: { ...e.query } }));
  }

  clearRequests(): void {
    this.log = [];
  }

  state(): ServerState {
    return { counts: this.store.counts(), maxVersion: this.store.maxVersion, limiter: this.limiter.snapshot() };
  }

  rows(resource: string, opts?: RowsOptions): Row[] {
    return this.store.rows(resource, opts);
  }

  /** Stops pending fault delays; their connections are closed by the caller. */
  shutdown(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    this.dispatch(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, JSON.stringify({ error: 'Internal Server Error', message: String(err) }));
    });
  };

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://mock.invalid');
    const method = (req.method ?? 'GET').toUpperCase();
    const path = url.pathname;
    if (path.startsWith('/__mock/')) return this.control(req, res, method, path);
    if (method === 'OPTIONS') {
      // Preflights are a browser artefact, not client requests, so they stay out of the log.
      send(res, 204, '', {
        'Access-Control-Allow-Headers': 'Authorization, Content-Type, Accept',
        'Access-Control-Allow-Methods': 'GET, OPTIONS',
        'Access-Control-Max-Age': '600',
      });
      return;
    }
    const auth = this.authOf(req.headers.authorization);
    const entry: RequestLogEntry = { t: this.now(), method, path, query: this.loggedQuery(url.searchParams), auth, status: 0 };
    this.log.push(entry);
    const respond = (r: ApiResponse) => {
      entry.status = r.status;
      send(res, r.status, r.body, r.headers);
    };

    const fault = this.faults.take(method, path, this.now());
    if (fault) {
      if (fault.delayMs > 0) await this.sleep(fault.delayMs);
      if (fault.kind === 'reset') {
        req.socket.destroy();
        return;
      }
      // Injected faults carry rate-limit headers like real responses, but cost no quota.
      const limits = rateLimitHeaders(this.limiter.peek());
      if (fault.kind === 'malformed') return respond({ status: 200, body: MALFORMED_BODY, headers: limits });
      if (fault.kind === 'respond') return respond({ status: fault.status, body: fault.body, headers: { ...limits, ...fault.headers } });
    }

    if (!path.startsWith(API_PREFIX)) {
      return respond(notFound(method, path));
    }
    // 401s are not counted: the limit applies to authorized requests [doc LS-RL].
    if (auth !== 'ok') return respond({ status: 401, body: INVALID_TOKEN_BODY });
    const verdict = this.limiter.hit();
    const limits = rateLimitHeaders(verdict);
    if (!verdict.allowed) {
      return respond({
        status: 429, body: JSON.stringify(TOO_MANY_REQUESTS_BODY), headers: { ...limits, 'Retry-After': httpDate(verdict.windowEndsAt) },
      });
    }
    respond(this.route(method, path, url.searchParams, limits));
  }

  private route(method: string, path: string, query: URLSearchParams, limits: Record<string, string>): ApiResponse {
    const handler = matchRoute(path);
    if (!handler) return { ...notFound(method, path), headers: limits };
    if (method !== 'GET') {
      return {
        status: 405, body: JSON.stringify({ error: 'Method Not Allowed', message: `${method} ${path} is not allowed; use GET` }),
        headers: { ...limits, Allow: 'GET, OPTIONS' },
      };
    }
    try {
      const r = handler({ store: this.store, pageSizeDefault: this.settings.pageSizeDefault, pageSizeMax: this.settings.pageSizeMax }, query);
      return { ...r, headers: { ...limits, ...r.headers } };
    } catch (err) {
      if (err instanceof MockError) return { status: err.status, body: errorBody(err), headers: limits };
      throw err;
    }
  }

  private authOf(header: string | undefined): AuthOutcome {
    if (header === undefined || header === '') return 'missing';
    const match = /^bearer\s+(\S+)\s*$/i.exec(header);
    return match && match[1] === this.settings.token ? 'ok' : 'invalid';
  }

  /** A client may put the token in the query (api_key location "query"); never log it. */
  private loggedQuery(params: URLSearchParams): Record<string, string> {
    const query: Record<string, string> = {};
    for (const [key, value] of params) query[key] = value.includes(this.settings.token) ? '***' : value;
    return query;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  // ---- control plane -------------------------------------------------------------------------

  private async control(req: IncomingMessage, res: ServerResponse, method: string, path: string): Promise<void> {
    if (method === 'OPTIONS') {
      send(res, 204, '', { 'Access-Control-Allow-Headers': 'Content-Type', 'Access-Control-Allow-Methods': 'GET, POST, DELETE, OPTIONS' });
      return;
    }
    const reply = (status: number, value: unknown) => send(res, status, JSON.stringify(value));
    try {
      const key = `${method} ${path.replace(/\/$/, '')}`;
      switch (key) {
        case 'POST /__mock/reset': {
          const body = (await readJson(req)) ?? {};
          this.reset({
            dataset: body.dataset as DatasetChoice | undefined, quota: body.quota as number | undefined,
            windowS: body.window_s as number | undefined, token: body.token as string | undefined,
            pageSizeDefault: body.page_size_default as number | undefined,
            pageSizeMax: body.page_size_max as number | null | undefined,
            fulfillmentShare: body.fulfillment_share as number | undefined,
          });
          return reply(200, { ok: true, state: this.state() });
        }
        case 'POST /__mock/faults': {
          const body = await readJson(req);
          const rules = Array.isArray(body) ? body : Array.isArray(body?.rules) ? body.rules : [body];
          this.addFaults(rules as FaultRule[]);
          return reply(200, { ok: true, queued: this.faults.size });
        }
        case 'DELETE /__mock/faults':
          this.clearFaults();
          return reply(200, { ok: true });
        case 'POST /__mock/mutate':
          return reply(200, this.mutate((await readJson(req)) as unknown as MutationRequest));
        case 'GET /__mock/requests':
          return reply(200, this.requests());
        case 'DELETE /__mock/requests':
          this.clearRequests();
          return reply(200, { ok: true });
        case 'GET /__mock/state':
          return reply(200, this.state());
        default:
          return reply(404, { error: 'Not Found', message: `${method} ${path} is not a control route` });
      }
    } catch (err) {
      if (err instanceof MockError) return reply(err.status, { error: err.error, message: err.message });
      return reply(400, { error: 'Bad Request', message: err instanceof Error ? err.message : String(err) });
    }
  }
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  const payload = Buffer.from(body, 'utf8');
  res.writeHead(status, {
    ...CORS_HEADERS,
    ...(status === 204 ? {} : { 'Content-Type': 'application/json; charset=utf-8' }),
    'Content-Length': String(payload.length),
    ...headers,
  });
  res.end(payload);
}

function notFound(method: string, path: string): ApiResponse {
  return { status: 404, body: JSON.stringify({ error: 'Not Found', message: `${method} ${path} is not a route` }) };
}

function errorBody(err: MockError): string {
  return JSON.stringify({ error: err.error, message: err.message });
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | null> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return null;
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new Error('request body is not valid JSON');
  }
}

function validateSettings(s: AppSettings): void {
  if (s.quota !== undefined && (!Number.isInteger(s.quota) || s.quota < 0)) throw new Error('quota must be a non-negative integer');
  if (!(typeof s.windowS === 'number' && s.windowS > 0)) throw new Error('window_s must be a positive number');
  if (!Number.isInteger(s.pageSizeDefault) || s.pageSizeDefault < 1) throw new Error('page_size_default must be a positive integer');
  if (s.pageSizeMax !== null && (!Number.isInteger(s.pageSizeMax) || s.pageSizeMax < 1)) throw new Error('page_size_max must be a positive integer or null');
  if (typeof s.token !== 'string' || s.token === '' || /\s/.test(s.token)) throw new Error('token must be a non-empty string without spaces');
  checkFulfillmentShare(s.fulfillmentShare);
}
