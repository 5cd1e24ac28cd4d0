/**
 * The one error type the engine raises. `message` is written for a store owner and never contains a
 * secret; `detail` carries the technical specifics (status, URL path without query, body excerpt).
 */
export type SyncErrorKind =
  | 'config' // the source config is invalid or unsafe
  | 'auth' // 401/403: the token was rejected (never retried)
  | 'not_found' // 404
  | 'rate_limited' // 429 after the retry budget / wait cap
  | 'server' // 5xx
  | 'client' // other 4xx
  | 'network' // DNS, refused, reset
  | 'timeout' // no response within the per-request timeout
  | 'bad_response' // not JSON, truncated, or no list where the selector points
  | 'storage' // IndexedDB failed (quota exceeded and friends)
  | 'parent_failed' // a child table not synced because its parent table failed
  | 'cancelled';

/**
 * `sync`: the cause holds for every request of the sync (the store cannot be reached, the token is
 * rejected), so the whole sync stops with this one error instead of every table repeating it.
 */
export type SyncErrorScope = 'sync';

export class SyncError extends Error {
  readonly kind: SyncErrorKind;
  readonly resource?: string;
  readonly status?: number;
  readonly detail?: string;
  /** Whether the HTTP layer may retry the request that produced this error. */
  readonly retryable: boolean;
  readonly scope?: SyncErrorScope;

  constructor(
    kind: SyncErrorKind,
    message: string,
    opts: { resource?: string; status?: number; detail?: string; retryable?: boolean; cause?: unknown; scope?: SyncErrorScope } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'SyncError';
    this.kind = kind;
    this.resource = opts.resource;
    this.status = opts.status;
    this.detail = opts.detail;
    this.retryable = opts.retryable ?? false;
    if (opts.scope) this.scope = opts.scope;
  }

  /** A plain object that survives structured clone (messages, IndexedDB). */
  toJSON(): SerializedError {
    const json: SerializedError = { kind: this.kind, message: this.message, resource: this.resource, status: this.status, detail: this.detail };
    return this.scope ? { ...json, scope: this.scope } : json;
  }
}

export interface SerializedError {
  kind: SyncErrorKind;
  message: string;
  resource?: string;
  status?: number;
  detail?: string;
  scope?: SyncErrorScope;
}

/** Replace every occurrence of each secret in `text` with a mask, so no message can leak a token. */
export function maskSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) {
    if (s && s.length >= 4) out = out.split(s).join('***');
  }
  return out;
}
