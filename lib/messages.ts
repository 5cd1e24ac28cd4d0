/**
 * The one typed protocol between the extension's pages (popup, options) and the background
 * service worker. Pages call `sendMessage`; the background registers one handler per type.
 */
import type { SerializedError } from '@/lib/errors';
import type { RateLimitQuota } from '@/lib/http/budget';

export type { RateLimitQuota };

export type ResourceSyncStatus = 'idle' | 'queued' | 'running' | 'waiting' | 'done' | 'error';

export interface ResourceProgress {
  resource: string;
  status: ResourceSyncStatus;
  /** Rows currently stored for this table (kept by the sync, so reading it never scans a table). */
  rowsStored: number;
  /** Of `rowsStored`, soft-deleted rows (`deleted_at` set), which exports leave out unless asked. */
  rowsDeleted?: number;
  /** Pages and rows fetched by the current (or last) run. */
  pagesFetched: number;
  rowsFetched: number;
  /**
   * For child resources: parent rows requested so far / to request in this walk (new or changed
   * parents its parent_filter selects), when known.
   */
  parentsDone?: number;
  parentsTotal?: number;
  /**
   * Requests this table still needs in the current run, as far as known: for a child, the parents
   * left (estimated from its parent's rows while that is still syncing); for a cursor walk, at
   * least one while more pages follow. Undefined: not known yet. Requests done are `pagesFetched`.
   */
  requestsLeft?: number;
  startedAt?: number;
  finishedAt?: number;
  /** Last time this table finished a sync without error (ms since epoch). */
  lastSyncedAt?: number;
  /** Rows per request the API accepts, when it refused the configured page size. */
  pageSizeLimit?: number;
  /** Set while waiting on the API's rate limit: when requests resume (ms since epoch). */
  waitingUntil?: number;
  error?: SerializedError;
}

export interface SyncStatus {
  running: boolean;
  startedAt?: number;
  finishedAt?: number;
  resources: ResourceProgress[];
  /**
   * The running (or last) sync failed as a whole (store unreachable, token rejected): every table
   * it had not finished failed for this one cause, shown once above the tables.
   */
  error?: SerializedError;
  /** While running: the API's quota as the rate-limit budget knows it (limit, window, holds). */
  rateLimit?: RateLimitQuota;
  /** While running: measured time per request outside rate-limit holds (ms). */
  msPerRequest?: number;
  /** How the last finished sync ended, kept across restarts. */
  lastRun?: LastRun;
}

export interface LastRun {
  startedAt: number;
  finishedAt: number;
  /** `failed`: a sync-wide error or at least one table failed. */
  outcome: 'done' | 'failed' | 'cancelled';
  /** The tables it was asked to sync. */
  resources: string[];
  error?: SerializedError;
}

/** The API's rate limit as the last sync learned it, for estimates before and between syncs. */
export interface KnownRateLimit {
  limit: number;
  /** Measured window length, when a sync has seen two window ends. */
  windowMs?: number;
  learnedAt: number;
}

export interface ConnectionTestResult {
  ok: boolean;
  /** Plain words for the store owner: "Connected", "The API token was rejected", … */
  message: string;
  detail?: string;
}

/** Request type → { request payload, response }. */
export interface MessageMap {
  'sync/start': { request: { resources?: string[]; fullRefresh?: string[] }; response: SyncStatus };
  'sync/cancel': { request: Record<string, never>; response: SyncStatus };
  'sync/status': { request: Record<string, never>; response: SyncStatus };
  'connection/test': { request: { baseUrl: string; token: string }; response: ConnectionTestResult };
}

export type MessageType = keyof MessageMap;
export type Message<T extends MessageType = MessageType> = { type: T } & MessageMap[T]['request'];
export type MessageResponse<T extends MessageType> = MessageMap[T]['response'];

/**
 * A value as it may cross `runtime.sendMessage`: Chrome serialises messages as JSON, where a
 * `bigint` (an API integer beyond 2^53 − 1, see `parseJson`) throws and loses the whole reply.
 * None of the replies above is meant to hold one; should one slip in, it travels as its digits.
 * The value itself is returned untouched when it holds no bigint (the usual case).
 */
export function messageSafe<T>(value: T): T {
  return hasBigInt(value, 0) ? (replaceBigInts(value) as T) : value;
}

function hasBigInt(value: unknown, depth: number): boolean {
  if (typeof value === 'bigint') return true;
  if (typeof value !== 'object' || value === null || depth > 64) return false;
  return Object.values(value).some((v) => hasBigInt(v, depth + 1));
}

function replaceBigInts(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(replaceBigInts);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceBigInts(v)]));
  return value;
}

/** Reply envelope, so a handler's failure reaches the page as data rather than a lost promise. */
export type Reply<T> = { ok: true; value: T } | { ok: false; error: SerializedError };

export async function sendMessage<T extends MessageType>(
  type: T,
  payload: MessageMap[T]['request'],
): Promise<MessageResponse<T>> {
  const reply = (await browser.runtime.sendMessage({ type, ...payload })) as Reply<MessageResponse<T>> | undefined;
  if (!reply) throw new Error(`No answer from the background for ${type}`);
  if (!reply.ok) throw Object.assign(new Error(reply.error.message), { detail: reply.error.detail, kind: reply.error.kind });
  return reply.value;
}

export type MessageHandlers = {
  [T in MessageType]: (message: Message<T>) => Promise<MessageResponse<T>>;
};
