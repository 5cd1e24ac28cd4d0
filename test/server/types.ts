/** Public types of the local retail API server (a mock of Lightspeed X-Series API 2.0). */

export type Row = Record<string, unknown>;

export type DatasetName = 'default' | 'small' | 'empty';

/**
 * Row counts per resource, keyed by URL resource name. Missing keys take the 'default' dataset's
 * count. Derived resources are not sized directly: inventory = products × outlets, fulfillments
 * follow sales, consignment products follow consignments.
 */
export interface DatasetSizes {
  outlets?: number;
  registers?: number;
  users?: number;
  payment_types?: number;
  taxes?: number;
  tags?: number;
  brands?: number;
  suppliers?: number;
  customer_groups?: number;
  variant_attributes?: number;
  product_categories?: number;
  customers?: number;
  products?: number;
  price_book_products?: number;
  sales?: number;
  serialnumbers?: number;
  consignments?: number;
  promotions?: number;
  quotes?: number;
  services?: number;
  security_events?: number;
}

export type DatasetChoice = DatasetName | DatasetSizes;

export interface FaultRule {
  /** Path prefix, e.g. '/api/2.0/customers'. */
  path: string;
  /** Only requests with this method match (case-insensitive); any method when absent. */
  method?: string;
  /** Let this many matching requests through before failing. */
  skip?: number;
  /** How many matching requests to fail; default 1. */
  times?: number;
  /** Status to answer with; default 500. Omit with only `delay_ms` to delay a normal response. */
  status?: number;
  /** Default 'date' for 429, 'none' otherwise. */
  retry_after?: 'date' | 'seconds' | 'none';
  /** Seconds for `retry_after`; default 1. */
  retry_after_s?: number;
  /** Response body; default the documented 429 body, or {error: <reason phrase>, message: 'Injected fault'}. */
  body?: unknown;
  /** Wait this long before answering. */
  delay_ms?: number;
  /** Answer 200 with a truncated JSON body. */
  malformed?: boolean;
  /** Destroy the connection without answering. */
  reset?: boolean;
}

export type AuthOutcome = 'ok' | 'missing' | 'invalid';

export interface RequestLogEntry {
  t: number;
  method: string;
  path: string;
  query: Record<string, string>;
  auth: AuthOutcome;
  /** HTTP status sent; 0 when the connection was destroyed by a `reset` fault. */
  status: number;
}

export interface MutationRequest {
  resource: string;
  op: 'update' | 'create' | 'delete';
  id?: string;
  patch?: Record<string, unknown>;
}

export interface RetailServerOptions {
  port?: number;
  host?: string;
  dataset?: DatasetChoice;
  token?: string;
  /** Default 300 × registers + 50 (650 for the default dataset's 2 registers). */
  quota?: number;
  windowS?: number;
  pageSizeDefault?: number;
  /**
   * Largest `page_size` (version-cursor routes) or `limit` (quotes, services) answered; a larger
   * one gets a 400. Default: no maximum, as API 2.0 documents none.
   */
  pageSizeMax?: number | null;
  /**
   * Share (0..1) of seeded sales in a fulfillment status, the sales that have fulfillments: 0.25 by
   * default; about 0.05 models a walk-in shop.
   */
  fulfillmentShare?: number;
  /** Clock in ms, injectable for rate-limit tests (the limiter's windows and Retry-After dates follow it). */
  now?: () => number;
}

export interface ResetOptions {
  dataset?: DatasetChoice;
  quota?: number;
  windowS?: number;
  token?: string;
  pageSizeDefault?: number;
  /** `null` removes a maximum given at start-up. */
  pageSizeMax?: number | null;
  fulfillmentShare?: number;
}

export interface ServerState {
  counts: Record<string, number>;
  maxVersion: number;
  limiter: { quota: number; count: number; window_ends_at: string };
}

export interface RowsOptions {
  includeDeleted?: boolean;
  saleId?: string;
  consignmentId?: string;
}

export interface RetailServer {
  /** e.g. http://127.0.0.1:54321 — the base_url for configs; the API is under /api/2.0. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
  reset(opts?: ResetOptions): void;
  addFaults(rules: FaultRule[]): void;
  clearFaults(): void;
  mutate(m: MutationRequest): Row;
  requests(): RequestLogEntry[];
  clearRequests(): void;
  state(): ServerState;
  /**
   * The rows a client should end up with for a resource (URL resource name), as the API serves
   * them. includeDeleted mirrors deleted=true. 'fulfillments' needs saleId; 'consignment_products'
   * needs consignmentId.
   */
  rows(resource: string, opts?: RowsOptions): Row[];
}
