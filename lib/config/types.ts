/**
 * The dlt `rest_api_source` config dialect we accept (a JSON subset of dlt's
 * `dlt/sources/rest_api/typing.py`), and the normalized form the engine runs.
 */

import type { ParentCondition } from './parent-filter';

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
/**
 * An incremental cursor value as the API sent it or the config gave it: an integer beyond
 * 2^53 − 1 from an API body is a `bigint` (see `parseJson`), never a rounded number.
 */
export type CursorValue = JsonPrimitive | bigint;

// ---------------------------------------------------------------------------------------------
// Raw config, as a user pastes it (dlt dialect)
// ---------------------------------------------------------------------------------------------

export interface BearerAuthConfig {
  type: 'bearer';
  /** The secret. In stored configs this is the placeholder `{secrets.api_token}`, filled at run time. */
  token?: string;
}
export interface ApiKeyAuthConfig {
  type: 'api_key';
  /** Header or query parameter name; dlt's default is `Authorization`. */
  name?: string;
  api_key?: string;
  /** `param` is dlt's alias of `query`; `cookie` is refused (an extension's fetch cannot set a Cookie header). */
  location?: 'header' | 'query' | 'param' | 'cookie';
}
export interface HttpBasicAuthConfig {
  type: 'http_basic';
  username: string;
  password?: string;
}
/** dlt's OAuth2ClientCredentials: a token from `access_token_url`, renewed when it expires. */
export interface OAuth2ClientCredentialsConfig {
  type: 'oauth2_client_credentials';
  access_token_url: string;
  client_id: string;
  /** The secret: kept in the API token field like any other. */
  client_secret?: string;
  access_token_request_data?: Record<string, JsonValue>;
  /** Seconds a token lives when the token response has no `expires_in` (dlt's default 3600). */
  default_token_expiration?: number;
  access_token?: string;
}
export type AuthConfig = BearerAuthConfig | ApiKeyAuthConfig | HttpBasicAuthConfig | OAuth2ClientCredentialsConfig;

/** A paginator by name (`"single_page"`) or as an object with `type` and that type's options. */
export type PaginatorConfig = string | ({ type: string } & Record<string, JsonValue>);

export type WriteDisposition = 'merge' | 'append' | 'replace';

export interface EndpointConfig {
  /** Relative to `client.base_url`; may hold `{resources.<parent>.<field>}` and `{incremental.…}` placeholders, and `{name}` bound from a static param. */
  path?: string;
  method?: 'GET' | 'POST';
  params?: Record<string, JsonPrimitive | Record<string, JsonValue>>;
  json?: Record<string, JsonValue>;
  /** A form body (an object or a list of [name, value] pairs, sent form-encoded) or a raw body (a string), as `requests`' `data`. */
  data?: Record<string, JsonPrimitive> | [string, JsonPrimitive][] | string;
  /** Sent with this endpoint's requests, over the client's; values may hold placeholders. */
  headers?: Record<string, string>;
  /** Overrides `client.auth` for this endpoint; `null` sends no credentials. */
  auth?: AuthConfig | string | null;
  /** Dotted path with indexes: `data`, `Quotes`, `data.categories`, `items[0].rows`, `$` for the root; `null` detects. */
  data_selector?: string | null;
  paginator?: PaginatorConfig;
  /** dlt's incremental loading: see IncrementalConfig. */
  incremental?: IncrementalConfig;
  /** dlt's response actions: responses to treat as a page with no rows (e.g. a 404 for a deleted parent). */
  response_actions?: ResponseActionConfig[];
}

/**
 * One of dlt's `response_actions` (`dlt/sources/rest_api/config_setup.py`), in the form JSON can
 * give: it matches a response by status code, by a substring of its body, or by both, and
 * `"ignore"` (the one action that is not Python code) makes the response a page with no rows.
 */
export interface ResponseActionConfig {
  status_code?: number;
  content?: string;
  action: 'ignore';
}

/** dlt's `IncrementalConfig` (`dlt/sources/rest_api/typing.py`, `dlt/common/incremental/typing.py`). */
export interface IncrementalConfig {
  /** Dotted path into each record, e.g. `version` or `updated_at`. */
  cursor_path: string;
  /** The start value before anything is stored (dlt's `initial_value`). */
  initial_value?: JsonPrimitive;
  /** Rows at or beyond it are dropped; with it set, no state is kept (every sync loads the same range). */
  end_value?: JsonPrimitive;
  /** Query param that receives the start value (dlt's `last_value`). */
  start_param?: string;
  /** Query param that receives `end_value`. */
  end_param?: string;
  /** Re-reads this much before the stored value: seconds for timestamps, days for dates, units for numbers. */
  lag?: number;
  range_start?: 'closed' | 'open';
  range_end?: 'open' | 'closed';
  /** The order rows arrive in; lets a walk stop at the first out-of-range row. */
  row_order?: 'asc' | 'desc';
  on_cursor_value_missing?: 'raise' | 'include' | 'exclude';
  /** Rows at the boundary value are told apart by these columns (default: the resource's primary key; `[]` disables). */
  primary_key?: string | string[];
}

/** dlt's write disposition dict, e.g. `{"disposition": "merge", "strategy": "upsert"}`. */
export interface WriteDispositionConfig {
  disposition: WriteDisposition;
  strategy?: string;
}

export interface ResourceConfig {
  name: string;
  endpoint?: string | EndpointConfig;
  primary_key?: string | string[];
  write_disposition?: WriteDisposition | WriteDispositionConfig;
  include_from_parent?: string[];
  selected?: boolean;
  /** dlt's table name; accepted with a warning: tables here are named after their resource. */
  table_name?: string;
  /** Depth of nested objects flattened into a table's columns before the rest stays JSON (exports). */
  max_table_nesting?: number;
  /** Not dlt: the parent rows this child is requested for (lib/config/parent-filter.ts). */
  parent_filter?: ParentFilterCondition | ParentFilterCondition[];
}

/** One `parent_filter` condition: a parent field and exactly one of the tests. */
export interface ParentFilterCondition {
  field: string;
  equals?: string | number | boolean;
  one_of?: (string | number | boolean)[];
  not_null?: true;
}

/** Engine settings dlt keeps in its runtime config; we let a config carry them under `client.retry`. */
export interface RetryConfig {
  /** Retries after the first attempt (the seed: 3). */
  max_retries?: number;
  /** Exponential backoff: wait backoff_factor * 2^(attempt-1) seconds (the seed: 2). */
  backoff_factor?: number;
  /** Cap on any single wait, including Retry-After (seconds). */
  max_delay_s?: number;
  status_codes?: number[];
  /** Per-request timeout (seconds). */
  timeout_s?: number;
}

export interface ClientConfig {
  base_url: string;
  headers?: Record<string, string>;
  auth?: AuthConfig;
  retry?: RetryConfig;
  /** dlt accepts it here but does not inherit it (dlt#2586); we treat it as a resource default. */
  paginator?: PaginatorConfig;
}

export interface RestApiSourceConfig {
  client: ClientConfig;
  resource_defaults?: Partial<Omit<ResourceConfig, 'name'>>;
  resources: (string | ResourceConfig)[];
}

// ---------------------------------------------------------------------------------------------
// Normalized form: every default applied, every placeholder parsed, validated.
// ---------------------------------------------------------------------------------------------

/** A paginator config in object form, with the type name resolved. */
export interface PaginatorSpec {
  type: string;
  options: Record<string, JsonValue>;
}

/** `{resources.<resource>.<field>}` found in a path or param value. */
export interface ParentRef {
  resource: string;
  /** The parent row's field: a literal key of the row when it has one, else a JSONPath (`lib/config/parent-field.ts`). */
  field: string;
}

export interface ResolvedResource {
  name: string;
  /** As configured; placeholders are substituted per parent row by the sync engine. */
  path: string;
  method: 'GET' | 'POST';
  /** A list value is sent as the key repeated (`ids=1&ids=2`), as requests sends it. */
  params: Record<string, JsonPrimitive | JsonPrimitive[]>;
  json?: Record<string, JsonValue>;
  /** Endpoint headers (over the client's); values are templates like params. */
  headers?: Record<string, string>;
  /** A form body (name/value pairs, names may repeat) or raw body (string); templates are filled like params. */
  data?: [string, JsonPrimitive][] | string;
  /** This endpoint's auth when it overrides the client's; `null` sends no credentials. */
  auth?: ResolvedAuth | null;
  /** Dotted selector; `undefined` means auto-detect (dlt's behaviour). */
  dataSelector?: string;
  paginator: PaginatorSpec;
  /** Empty for resources without a key (append only). */
  primaryKey: string[];
  writeDisposition: WriteDisposition;
  /** Set when the path or params reference a parent resource. */
  parent?: { resource: string; refs: ParentRef[] };
  /** Parent fields copied into each row as `_<parent>_<field>`. */
  includeFromParent: string[];
  selected: boolean;
  /** Incremental loading: start/end params and `{incremental.*}` placeholders filled per sync, rows outside the range dropped. */
  incremental?: ResolvedIncremental;
  /** dlt's `max_table_nesting`, for exports that flatten nested objects. */
  maxTableNesting?: number;
  /** Responses to ignore (dlt's `response_actions`); absent or empty: none. */
  responseActions?: ResponseAction[];
  /** Child resources: requested only for parent rows meeting every condition (`parent_filter`). */
  parentFilter?: ParentCondition[];
}

/**
 * A response matching every condition given (`status` equal, `content` a substring of the body)
 * is ignored: it counts as a page with no rows and ends that walk, as dlt's IgnoreResponseException.
 */
export interface ResponseAction {
  status?: number;
  content?: string;
  action: 'ignore';
}

/**
 * dlt's Incremental, resolved: what the request carries and which rows are kept
 * (`dlt/extract/incremental/transform.py` JsonIncremental). Optional fields take dlt's defaults.
 */
export interface ResolvedIncremental {
  cursorPath: string;
  initialValue: JsonPrimitive;
  endValue?: JsonPrimitive;
  startParam?: string;
  endParam?: string;
  lag?: number;
  /** default `closed`: rows equal to the start value are kept unless already loaded. */
  rangeStart?: 'closed' | 'open';
  /** default `open`: rows equal to the end value are dropped. */
  rangeEnd?: 'open' | 'closed';
  rowOrder?: 'asc' | 'desc';
  /** default `raise`. */
  onCursorValueMissing?: 'raise' | 'include' | 'exclude';
  /** Columns that tell boundary rows apart; unset means the resource's primary key, `[]` disables. */
  primaryKey?: string[];
}

export interface ResolvedAuth {
  type: AuthConfig['type'];
  /** api_key: header/param name. */
  name?: string;
  location?: 'header' | 'query';
  username?: string;
  /** oauth2_client_credentials: where the client secret is exchanged for an access token. */
  accessTokenUrl?: string;
  clientId?: string;
  /** Extra form fields of the token request. */
  tokenRequestData?: Record<string, string>;
  /** Seconds a token lives when the response has no `expires_in`. */
  defaultTokenExpirationS?: number;
}

export interface RetryPolicy {
  maxRetries: number;
  backoffFactor: number;
  maxDelayMs: number;
  statusCodes: number[];
  timeoutMs: number;
}

export interface ResolvedSource {
  baseUrl: string;
  headers: Record<string, string>;
  /** Auth scheme without the secret: the secret (API token) lives in extension storage only. */
  auth: ResolvedAuth | null;
  retry: RetryPolicy;
  resources: ResolvedResource[];
}

export interface ConfigIssue {
  /** Where: `resources[3] (sales).endpoint.paginator.type`, `client.auth`. */
  path: string;
  message: string;
}

export type ConfigResult =
  | { ok: true; source: ResolvedSource; warnings: ConfigIssue[] }
  | { ok: false; errors: ConfigIssue[]; warnings: ConfigIssue[] };

export const TOKEN_PLACEHOLDER = '{secrets.api_token}';
