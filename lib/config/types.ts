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
  location?: 'header' | 'query';
}
export interface HttpBasicAuthConfig {
  type: 'http_basic';
  username: string;
  password?: string;
}
export type AuthConfig = BearerAuthConfig | ApiKeyAuthConfig | HttpBasicAuthConfig;

/** A paginator by name (`"single_page"`) or as an object with `type` and that type's options. */
export type PaginatorConfig = string | ({ type: string } & Record<string, JsonValue>);

export type WriteDisposition = 'merge' | 'append' | 'replace';

export interface EndpointConfig {
  /** Relative to `client.base_url`; may hold `{resources.<parent>.<field>}` placeholders. */
  path?: string;
  method?: 'GET' | 'POST';
  params?: Record<string, JsonPrimitive>;
  json?: Record<string, JsonValue>;
  /** Dotted path with indexes: `data`, `Quotes`, `data.categories`, `items[0].rows`, `$` for the root. */
  data_selector?: string;
  paginator?: PaginatorConfig;
  /** dlt's incremental loading: the highest `cursor_path` value stored so far fills `{incremental.start_value}` on the next sync. */
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

export interface IncrementalConfig {
  /** Dotted path into each record, e.g. `version` or `updated_at`. */
  cursor_path: string;
  /** The start value before anything is stored (dlt's `initial_value`). */
  initial_value?: JsonPrimitive;
}

export interface ResourceConfig {
  name: string;
  endpoint?: string | EndpointConfig;
  primary_key?: string | string[];
  write_disposition?: WriteDisposition;
  include_from_parent?: string[];
  selected?: boolean;
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
  /** Dotted path into the parent row. */
  field: string;
}

export interface ResolvedResource {
  name: string;
  /** As configured; placeholders are substituted per parent row by the sync engine. */
  path: string;
  method: 'GET' | 'POST';
  params: Record<string, JsonPrimitive>;
  json?: Record<string, JsonValue>;
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
  /** Incremental loading; `{incremental.start_value}` in params is filled from the stored maximum. */
  incremental?: { cursorPath: string; initialValue: JsonPrimitive };
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

export interface ResolvedAuth {
  type: AuthConfig['type'];
  /** api_key: header/param name. */
  name?: string;
  location?: 'header' | 'query';
  username?: string;
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
