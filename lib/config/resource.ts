/**
 * One `resources[]` entry → ResolvedResource: resource_defaults merged in the way dlt does
 * (endpoint keys replace, `params` and `json` merge key-wise, the resource wins), then every field
 * checked as dlt checks it (`dlt/sources/rest_api/config_setup.py`, `typing.py`). Parent links
 * across resources are checked afterwards in parents.ts.
 */
import { stringifyJson } from '@/lib/json-text';
import { jsonPathIssue } from '@/lib/jsonpath';
import { describeValue } from '@/lib/paginators/options';
import { resolveAuth } from './auth';
import { LOADER_HINTS, resolveMaxTableNesting, resolveWriteDisposition, warnLoaderHints } from './hints';
import { resolveIncremental } from './incremental';
import { isPlainObject, IssueLog, join, rejectUnknownKeys, resourceLabel, type PlainObject } from './issues';
import { bodyPathOption, resolvePaginator } from './paginator-spec';
import { PARENT_FILTER_KEY, resolveParentFilter } from './parent-filter';
import { resolveResponseActions } from './response-actions';
import { bindPathParams, checkPathTarget, scanJson, scanTemplate, type Contexts } from './placeholders';
import { compileRequest } from './request-template';
import { isSingleEntityPath } from './single-entity';
import { fillTemplate, isLiteral } from './template';
import type { JsonPrimitive, JsonValue, PaginatorSpec, ParentRef, ResolvedResource } from './types';

/** dlt's resource keys, plus `parent_filter`, an extension of ours (see parent-filter.ts). */
export const RESOURCE_KEYS = ['name', 'endpoint', 'primary_key', 'write_disposition', 'include_from_parent', 'selected', 'max_table_nesting', ...Object.keys(LOADER_HINTS), PARENT_FILTER_KEY];
export const ENDPOINT_KEYS = ['path', 'method', 'params', 'json', 'data', 'headers', 'auth', 'data_selector', 'paginator', 'incremental', 'response_actions'];
/** Endpoint keys dlt has that this extension does not use (yet). */
export const DLT_ONLY_ENDPOINT_KEYS: string[] = [];

export interface ResourceDraft {
  resource: ResolvedResource;
  refs: ParentRef[];
  /** Where the resource sits in the config, for messages: `resources[3] (sales)`. */
  label: string;
  /**
   * The parent_filter came from resource_defaults, not the resource: on a resource without a
   * parent it is dropped rather than refused, since defaults apply to parents and children alike.
   */
  parentFilterFromDefaults?: boolean;
}

export interface ResourceContext {
  defaults: PlainObject;
  /** `client.paginator`, already checked: the paginator of a resource that names none. */
  clientPaginator?: PaginatorSpec;
  baseUrl: URL | null;
  log: IssueLog;
}

function endpointObject(raw: unknown): PlainObject | null {
  if (raw === undefined || raw === null) return {};
  if (typeof raw === 'string') return { path: raw };
  return isPlainObject(raw) ? raw : null;
}

function mergeEndpoints(defaults: PlainObject, own: PlainObject): PlainObject {
  const merged: PlainObject = { ...defaults, ...own };
  for (const key of ['params', 'json']) {
    if (isPlainObject(defaults[key]) && isPlainObject(own[key])) merged[key] = { ...defaults[key], ...own[key] };
  }
  return merged;
}

/** Endpoint keys written at the resource level: dlt refuses them there, and the fix is to move them. */
export function rejectEndpointKeysOnResource(log: IssueLog, label: string, own: PlainObject): PlainObject {
  const rest: PlainObject = {};
  for (const [key, value] of Object.entries(own)) {
    if ((ENDPOINT_KEYS.includes(key) || key === 'response_actions') && !RESOURCE_KEYS.includes(key)) {
      log.error(join(label, key), `"${key}" is an endpoint setting, not a resource setting; move it into "endpoint": {"${key}": …}`);
    } else rest[key] = value;
  }
  return rest;
}

/**
 * One param or form value: text (a template), a number, true/false or null. An integer beyond
 * 2^53 − 1 (parseJson) is kept as the digits written. `undefined` when it is none of these.
 */
function scalarValue(value: unknown, where: string, kind: 'params' | 'data', ctx: Contexts, log: IssueLog, refs: ParentRef[]): JsonPrimitive | undefined {
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string') {
    scanTemplate(value, where, kind, ctx, log, refs);
    return value;
  }
  return undefined;
}

/**
 * A value that may also be a list, which requests sends as the key repeated (`?ids=1&ids=2`;
 * `requests.models.RequestEncodingMixin._encode_params`); dlt's expand_placeholders fills
 * placeholders inside the list's items. `undefined` (and an error) when it is neither.
 */
function paramValue(value: unknown, where: string, kind: 'params' | 'data', ctx: Contexts, log: IssueLog, refs: ParentRef[]): JsonPrimitive | JsonPrimitive[] | undefined {
  if (Array.isArray(value)) {
    const items = value.map((item, i) => scalarValue(item, `${where}[${i}]`, kind, ctx, log, refs));
    if (items.every((item) => item !== undefined)) return items as JsonPrimitive[];
  } else {
    const one = scalarValue(value, where, kind, ctx, log, refs);
    if (one !== undefined) return one;
  }
  const what = kind === 'params' ? 'param values' : 'form fields';
  log.error(where, `${what} must be text, numbers, true/false or a list of those (sent as the name repeated), got ${describeValue(value)}`);
  return undefined;
}

function resolveParams(params: PlainObject, where: string, ctx: Contexts, log: IssueLog, refs: ParentRef[]): Record<string, JsonPrimitive | JsonPrimitive[]> {
  const out: Record<string, JsonPrimitive | JsonPrimitive[]> = {};
  for (const [name, value] of Object.entries(params)) {
    const pWhere = join(where, name);
    if (isPlainObject(value)) {
      log.error(join(pWhere, 'type'), `param type ${describeValue(value.type)} is not one of "resolve", "incremental"`);
      continue;
    }
    const resolved = paramValue(value, pWhere, 'params', ctx, log, refs);
    if (resolved !== undefined) out[name] = resolved;
  }
  return out;
}

/** An HTTP field name (RFC 9110 §5.1 token): what `Headers.set` accepts. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

function resolveHeaders(raw: unknown, where: string, ctx: Contexts, log: IssueLog, refs: ParentRef[]): Record<string, string> | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!isPlainObject(raw)) {
    log.error(where, `headers must be an object of header names to text values, got ${describeValue(raw)}`);
    return undefined;
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    const hWhere = join(where, name);
    // The value is not echoed: it may well be a token.
    if (name.toLowerCase() === 'authorization' || name.toLowerCase() === 'cookie') {
      log.error(hWhere, `${name} cannot be set in headers: credentials go in auth (the token is kept in extension storage)`);
    } else if (typeof value !== 'string') log.error(hWhere, 'header values must be text');
    else {
      const nameTemplate = scanTemplate(name, hWhere, 'headers', ctx, log, refs);
      if (nameTemplate && isLiteral(nameTemplate) && !HEADER_NAME.test(fillTemplate(nameTemplate, () => ''))) {
        log.warn(hWhere, `"${fillTemplate(nameTemplate, () => '')}" is not a header name a browser can send (RFC 9110 allows no braces, spaces or colons there); the header is left out`);
        continue;
      }
      scanTemplate(value, hWhere, 'headers', ctx, log, refs);
      headers[name] = value;
    }
  }
  return headers;
}

function resolveData(raw: unknown, where: string, ctx: Contexts, log: IssueLog, refs: ParentRef[]): ResolvedResource['data'] {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'string') {
    scanTemplate(raw, where, 'data', ctx, log, refs);
    return raw;
  }
  // requests' data: a dict, or a list of (name, value) pairs where a name may repeat.
  let pairs: [unknown, unknown][] | null = null;
  if (isPlainObject(raw)) pairs = Object.entries(raw);
  else if (Array.isArray(raw) && raw.every((p) => Array.isArray(p) && p.length === 2)) pairs = raw as [unknown, unknown][];
  if (!pairs) {
    log.error(where, `data must be an object or a list of [name, value] pairs (sent form-encoded), or a string (sent as the raw body), got ${describeValue(raw)}`);
    return undefined;
  }
  const form: [string, JsonPrimitive][] = [];
  for (const [name, value] of pairs) {
    const fWhere = join(where, String(name));
    if (typeof name !== 'string') {
      log.error(fWhere, `form field names must be text, got ${describeValue(name)}`);
      continue;
    }
    scanTemplate(name, fWhere, 'data', ctx, log, refs);
    const resolved = paramValue(value, fWhere, 'data', ctx, log, refs);
    // A list is the name repeated, as requests encodes a form field whose value is a list.
    if (resolved !== undefined) for (const one of Array.isArray(resolved) ? resolved : [resolved]) form.push([name, one]);
  }
  return form;
}

function resolvePrimaryKey(raw: unknown, where: string, log: IssueLog): string[] {
  if (raw === undefined || raw === null) return [];
  const keys = typeof raw === 'string' ? [raw] : raw;
  if (Array.isArray(keys) && keys.length > 0 && keys.every((k) => typeof k === 'string' && k !== '')) return keys as string[];
  log.error(where, `primary_key must be a column name or a list of column names, got ${describeValue(raw)}`);
  return [];
}

/**
 * dlt reads each field as a plain key of the parent row (`build_parent_record`), so any non-empty
 * text is a field; one that is no key of a row but a JSONPath is read as a path (parent-record.ts).
 */
function resolveIncludeFromParent(raw: unknown, where: string, log: IssueLog): string[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw) || !raw.every((f) => typeof f === 'string' && f !== '')) {
    log.error(where, `include_from_parent must be a list of parent field names, e.g. ["id"], got ${describeValue(raw)}`);
    return [];
  }
  return raw as string[];
}

function resolveName(entry: unknown, index: number, log: IssueLog): string | null {
  const raw = typeof entry === 'string' ? entry : isPlainObject(entry) ? entry.name : undefined;
  const where = typeof entry === 'string' ? resourceLabel(index) : join(resourceLabel(index), 'name');
  if (typeof raw !== 'string' || raw.trim() === '') {
    log.error(where, 'every resource needs a "name"');
    return null;
  }
  // dlt takes any string (a string resource such as "/protected/posts" is its own name and path);
  // only a parent named in {resources.<parent>.<field>} must be a plain name (placeholders.ts).
  return raw;
}

/** Whether anything in the request carries the incremental value, so the API itself sends only newer rows. */
function usesIncremental(r: ResolvedResource): boolean {
  if (r.incremental?.startParam || r.incremental?.endParam) return true;
  const texts = [r.path, ...Object.values(r.params).flat(), ...Object.values(r.headers ?? {}), stringifyJson(r.json ?? null), stringifyJson(r.data ?? null)];
  return texts.some((t) => typeof t === 'string' && t.includes('{incremental.'));
}

export function resolveResource(entry: unknown, index: number, ctx: ResourceContext): ResourceDraft | null {
  const { log } = ctx;
  if (typeof entry !== 'string' && !isPlainObject(entry)) {
    log.error(resourceLabel(index), `a resource must be a name or an object with "name" and "endpoint", got ${describeValue(entry)}`);
    return null;
  }
  const name = resolveName(entry, index, log);
  if (name === null) return null;
  const label = resourceLabel(index, name);
  const own: PlainObject = typeof entry === 'string' ? { name, endpoint: entry } : rejectEndpointKeysOnResource(log, label, entry);
  rejectUnknownKeys(log, label, own, RESOURCE_KEYS, [], 'a resource');
  warnLoaderHints(own, label, log);

  const ownEndpoint = endpointObject(own.endpoint);
  const epWhere = join(label, 'endpoint');
  if (ownEndpoint === null) {
    log.error(epWhere, `endpoint must be a path string or an object with "path", got ${describeValue(own.endpoint)}`);
    return null;
  }
  rejectUnknownKeys(log, epWhere, ownEndpoint, ENDPOINT_KEYS, DLT_ONLY_ENDPOINT_KEYS, 'endpoint');
  const defaultEndpoint = endpointObject(ctx.defaults.endpoint) ?? {};
  const endpoint = mergeEndpoints(defaultEndpoint, ownEndpoint);
  const merged: PlainObject = { ...ctx.defaults, ...own };

  let path = endpoint.path ?? name;
  if (typeof path !== 'string' || path.trim() === '') {
    log.error(join(epWhere, 'path'), `path must be a non-empty string such as /api/2.0/sales, got ${describeValue(path)}`);
    path = name;
  }
  // Judged on the path as written, before any params are bound into it, as dlt does.
  const singleEntity = isSingleEntityPath(path as string);
  const pathWhere = join(epWhere, 'path');
  const paramsWhere = join(epWhere, 'params');
  const rawParams = endpoint.params ?? {};
  if (!isPlainObject(rawParams)) log.error(paramsWhere, `params must be an object of query parameters, got ${describeValue(rawParams)}`);
  // dlt offers {incremental.*} wherever the endpoint has an "incremental" key.
  const contexts: Contexts = { incremental: endpoint.incremental !== undefined };
  const bound = bindPathParams(path as string, isPlainObject(rawParams) ? rawParams : {}, name, { path: pathWhere, params: paramsWhere }, contexts, log);
  const { incremental, params: plainParams } = resolveIncremental(endpoint.incremental, bound.params, { incremental: join(epWhere, 'incremental'), params: paramsWhere }, log);

  const refs: ParentRef[] = [];
  scanTemplate(bound.path, pathWhere, 'path', contexts, log, refs);
  checkPathTarget(bound.path, ctx.baseUrl, pathWhere, log);
  const params = resolveParams(plainParams, paramsWhere, contexts, log, refs);
  const headers = resolveHeaders(endpoint.headers, join(epWhere, 'headers'), contexts, log, refs);

  const method = typeof endpoint.method === 'string' ? endpoint.method.toUpperCase() : (endpoint.method ?? 'GET');
  if (method !== 'GET' && method !== 'POST') {
    log.error(join(epWhere, 'method'), `method must be "GET" or "POST", got ${describeValue(endpoint.method)}`);
  }

  let json: Record<string, JsonValue> | undefined;
  if (endpoint.json !== undefined && endpoint.json !== null) {
    if (!isPlainObject(endpoint.json)) log.error(join(epWhere, 'json'), `json must be an object (the request body), got ${describeValue(endpoint.json)}`);
    else {
      scanJson(endpoint.json, join(epWhere, 'json'), 'json', contexts, log, refs);
      json = endpoint.json as Record<string, JsonValue>;
    }
  }
  let data = resolveData(endpoint.data, join(epWhere, 'data'), contexts, log, refs);
  if (data !== undefined && json !== undefined) {
    // dlt: integration/test_offline.py test_data_and_json_mutual_exclusivity (dlt fails the run; here the config is refused)
    log.error(join(epWhere, 'data'), 'cannot use both json and data: set the body once, as json (sent as JSON) or as data (form-encoded or raw)');
  }
  if ((json !== undefined || data !== undefined) && method === 'GET') {
    const key = json !== undefined ? 'json' : 'data';
    log.warn(join(epWhere, key), `a browser cannot send a body with a GET request, so ${key} is not sent; set "method": "POST" if the API expects it`);
    json = undefined;
    data = undefined;
  }

  let dataSelector: string | undefined;
  if (endpoint.data_selector === undefined || endpoint.data_selector === null) {
    if (singleEntity) dataSelector = '$';
  } else {
    const where = join(epWhere, 'data_selector');
    if (typeof endpoint.data_selector !== 'string') log.error(where, `data_selector must be a JSONPath such as data, data.items or $.results[*], got ${describeValue(endpoint.data_selector)}`);
    else {
      const problem = jsonPathIssue(endpoint.data_selector);
      if (problem) log.error(where, `data_selector ${problem}`);
      else dataSelector = endpoint.data_selector;
    }
  }

  const ownPaginator = endpoint.paginator ?? (singleEntity ? 'single_page' : undefined);
  const paginator = ownPaginator === undefined && ctx.clientPaginator ? ctx.clientPaginator : resolvePaginator(ownPaginator, join(epWhere, 'paginator'), log);
  const bodyOption = bodyPathOption(paginator);
  if (bodyOption && method !== 'POST') {
    log.error(
      join(join(epWhere, 'paginator'), bodyOption),
      `${bodyOption} puts the page position into the JSON body, so the endpoint needs "method": "POST" (a browser cannot send a body with ${describeValue(method)})`,
    );
  }
  const auth = 'auth' in endpoint ? resolveAuth(endpoint.auth, join(epWhere, 'auth'), log, `resource "${name}"`) : undefined;
  const primaryKey = resolvePrimaryKey(merged.primary_key, join(label, 'primary_key'), log);
  const writeDisposition = resolveWriteDisposition(merged.write_disposition, primaryKey, join(label, 'write_disposition'), log);
  const includeFromParent = resolveIncludeFromParent(merged.include_from_parent, join(label, 'include_from_parent'), log);
  const parentFilter = resolveParentFilter(merged.parent_filter, join(label, PARENT_FILTER_KEY), log);
  const responseActions = resolveResponseActions(endpoint.response_actions, join(epWhere, 'response_actions'), log);
  const maxTableNesting = resolveMaxTableNesting(merged.max_table_nesting, join(label, 'max_table_nesting'), log);
  const selected = merged.selected ?? true;
  if (typeof selected !== 'boolean') log.error(join(label, 'selected'), `selected must be true or false, got ${describeValue(selected)}`);

  const resource: ResolvedResource = {
    name,
    path: bound.path,
    method: method === 'POST' ? 'POST' : 'GET',
    params,
    ...(headers && Object.keys(headers).length ? { headers } : {}),
    ...(json ? { json } : {}),
    ...(data !== undefined ? { data } : {}),
    ...(auth !== undefined ? { auth } : {}),
    dataSelector,
    paginator,
    primaryKey,
    writeDisposition,
    includeFromParent,
    selected: selected !== false,
    ...(incremental ? { incremental } : {}),
    ...(maxTableNesting !== undefined ? { maxTableNesting } : {}),
    ...(parentFilter ? { parentFilter } : {}),
    ...(responseActions ? { responseActions } : {}),
  };
  if (incremental && !usesIncremental(resource)) {
    log.warn(
      join(epWhere, 'incremental'),
      'nothing in the request carries the incremental value, so every sync requests every page and drops the rows already loaded; set start_param or use {incremental.start_value} in a param',
    );
  }
  // Parsed once here; the sync engine reuses the compiled form for every request.
  if (log.errors.length === 0) compileRequest(resource);
  const fromDefaults = own.parent_filter === undefined && parentFilter !== undefined;
  return { label, refs, resource, ...(fromDefaults ? { parentFilterFromDefaults: true } : {}) };
}
