/**
 * One `resources[]` entry → ResolvedResource: resource_defaults merged in the way dlt does
 * (endpoint keys replace, `params` and `json` merge key-wise, the resource wins), then every field
 * checked. Parent links across resources are checked afterwards in parents.ts.
 */
import { stringifyJson } from '@/lib/json-text';
import { jsonPathIssue } from '@/lib/jsonpath';
import { describeValue } from '@/lib/paginators/options';
import { isPlainObject, IssueLog, join, resourceLabel, warnUnknownKeys, type PlainObject } from './issues';
import { bodyPathOption, resolvePaginator } from './paginator-spec';
import { resolveResponseActions } from './response-actions';
import { PARENT_FILTER_KEY, resolveParentFilter } from './parent-filter';
import { isSingleEntityPath } from './single-entity';
import { checkPathTarget, INCREMENTAL_PLACEHOLDERS, RESOURCE_NAME, scanParamValue, scanPath } from './placeholders';
import type { JsonPrimitive, JsonValue, PaginatorSpec, ParentRef, ResolvedResource, WriteDisposition } from './types';

/** dlt's resource keys we implement, plus `parent_filter`, an extension of ours (see parent-filter.ts). */
export const RESOURCE_KEYS = ['name', 'endpoint', 'primary_key', 'write_disposition', 'include_from_parent', 'selected', PARENT_FILTER_KEY];
/** dlt resource hints that only matter to dlt's own loader. */
export const DLT_ONLY_RESOURCE_KEYS = [
  'table_name',
  'merge_key',
  'columns',
  'max_table_nesting',
  'parallelized',
  'processing_steps',
  'table_format',
  'file_format',
  'schema_contract',
  'references',
  'nested_hints',
];
export const ENDPOINT_KEYS = ['path', 'method', 'params', 'json', 'data_selector', 'paginator', 'incremental', 'response_actions'];
export const DLT_ONLY_ENDPOINT_KEYS = ['headers', 'data', 'auth'];
const INCREMENTAL_KEYS = ['cursor_path', 'initial_value'];
const DLT_ONLY_INCREMENTAL_KEYS = ['end_value', 'last_value_func', 'row_order', 'on_cursor_value_missing', 'lag', 'range_start', 'range_end', 'primary_key', 'allow_external_schedulers', 'convert', 'start_param', 'end_param'];
const WRITE_DISPOSITIONS: WriteDisposition[] = ['merge', 'append', 'replace'];

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
  if (raw === undefined) return {};
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

/**
 * dlt's legacy parent form: `params.<name> = {type: "resolve", resource, field}` with `{<name>}`
 * in the path. Converted to the placeholder form; a param not named in the path stays a query
 * param, as in current dlt.
 */
function convertLegacyResolve(path: string, params: PlainObject, where: string, log: IssueLog) {
  const out: PlainObject = {};
  for (const [name, value] of Object.entries(params)) {
    if (!isPlainObject(value)) {
      out[name] = value;
      continue;
    }
    if (value.type !== 'resolve') {
      log.error(join(where, name), `param values must be text, numbers or true/false; ${describeValue(value)} is not supported`);
      continue;
    }
    if (typeof value.resource !== 'string' || typeof value.field !== 'string') {
      log.error(join(where, name), `a "resolve" param needs "resource" and "field" strings, e.g. {"type": "resolve", "resource": "sales", "field": "id"}`);
      continue;
    }
    const placeholder = `{resources.${value.resource}.${value.field}}`;
    if (path.includes(`{${name}}`)) path = path.split(`{${name}}`).join(placeholder);
    else out[name] = placeholder;
  }
  return { path, params: out };
}

function resolveParams(params: PlainObject, where: string, log: IssueLog, refs: ParentRef[]): Record<string, JsonPrimitive> {
  const out: Record<string, JsonPrimitive> = {};
  for (const [name, value] of Object.entries(params)) {
    if (value === null || typeof value === 'number' || typeof value === 'boolean') out[name] = value;
    // An integer beyond 2^53 − 1 (parseJson) is sent as the digits written.
    else if (typeof value === 'bigint') out[name] = value.toString();
    else if (typeof value === 'string') {
      refs.push(...scanParamValue(value, join(where, name), log));
      out[name] = value;
    } else log.error(join(where, name), `param values must be text, numbers or true/false, got ${describeValue(value)}`);
  }
  return out;
}

function resolvePrimaryKey(raw: unknown, where: string, log: IssueLog): string[] {
  if (raw === undefined || raw === null) return [];
  const keys = typeof raw === 'string' ? [raw] : raw;
  if (Array.isArray(keys) && keys.length > 0 && keys.every((k) => typeof k === 'string' && k !== '')) return keys as string[];
  log.error(where, `primary_key must be a column name or a list of column names, got ${describeValue(raw)}`);
  return [];
}

function resolveIncludeFromParent(raw: unknown, where: string, log: IssueLog): string[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw) || !raw.every((f) => typeof f === 'string')) {
    log.error(where, `include_from_parent must be a list of parent field names, e.g. ["id"], got ${describeValue(raw)}`);
    return [];
  }
  for (const field of raw as string[]) {
    const problem = jsonPathIssue(field);
    if (problem) log.error(where, `include_from_parent field ${problem}`);
  }
  return raw as string[];
}

function resolveIncremental(raw: unknown, where: string, log: IssueLog): ResolvedResource['incremental'] {
  if (raw === undefined || raw === null) return undefined;
  if (!isPlainObject(raw)) {
    log.error(where, `incremental must be an object such as {"cursor_path": "version", "initial_value": 0}, got ${describeValue(raw)}`);
    return undefined;
  }
  warnUnknownKeys(log, where, raw, INCREMENTAL_KEYS, DLT_ONLY_INCREMENTAL_KEYS);
  const problem = typeof raw.cursor_path === 'string' ? jsonPathIssue(raw.cursor_path) : 'is missing';
  if (problem) {
    log.error(join(where, 'cursor_path'), `incremental.cursor_path ${problem}; it names the record field to continue from, e.g. "version"`);
    return undefined;
  }
  // An integer beyond 2^53 − 1 (parseJson) is kept as its digits: cursor ordering reads numeric text exactly.
  const initial = typeof raw.initial_value === 'bigint' ? raw.initial_value.toString() : (raw.initial_value ?? null);
  if (initial !== null && typeof initial !== 'string' && typeof initial !== 'number' && typeof initial !== 'boolean') {
    log.error(join(where, 'initial_value'), `initial_value must be text or a number, got ${describeValue(initial)}`);
    return undefined;
  }
  return { cursorPath: raw.cursor_path as string, initialValue: initial };
}

function resolveName(entry: unknown, index: number, log: IssueLog): string | null {
  const raw = typeof entry === 'string' ? entry : isPlainObject(entry) ? entry.name : undefined;
  const where = typeof entry === 'string' ? resourceLabel(index) : join(resourceLabel(index), 'name');
  if (typeof raw !== 'string' || raw === '') {
    log.error(where, 'every resource needs a "name" (letters, digits, _ and -)');
    return null;
  }
  if (!RESOURCE_NAME.test(raw)) {
    const hint = typeof entry === 'string' ? ' (a resource given as a string is both its name and its path; write {"name": …, "endpoint": …} instead)' : '';
    log.error(where, `resource name ${describeValue(raw)} may use only letters, digits, _ and -${hint}`);
    return null;
  }
  return raw;
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
  const own: PlainObject = typeof entry === 'string' ? { name, endpoint: entry } : entry;
  warnUnknownKeys(log, label, own, RESOURCE_KEYS, DLT_ONLY_RESOURCE_KEYS);

  const ownEndpoint = endpointObject(own.endpoint);
  const epWhere = join(label, 'endpoint');
  if (ownEndpoint === null) {
    log.error(epWhere, `endpoint must be a path string or an object with "path", got ${describeValue(own.endpoint)}`);
    return null;
  }
  warnUnknownKeys(log, epWhere, ownEndpoint, ENDPOINT_KEYS, DLT_ONLY_ENDPOINT_KEYS);
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
  const rawParams = endpoint.params ?? {};
  if (!isPlainObject(rawParams)) log.error(join(epWhere, 'params'), `params must be an object of query parameters, got ${describeValue(rawParams)}`);
  const legacy = convertLegacyResolve(path as string, isPlainObject(rawParams) ? rawParams : {}, join(epWhere, 'params'), log);
  const pathWhere = join(epWhere, 'path');
  const refs = scanPath(legacy.path, pathWhere, log);
  checkPathTarget(legacy.path, ctx.baseUrl, pathWhere, log);
  const params = resolveParams(legacy.params, join(epWhere, 'params'), log, refs);

  const method = typeof endpoint.method === 'string' ? endpoint.method.toUpperCase() : (endpoint.method ?? 'GET');
  if (method !== 'GET' && method !== 'POST') {
    log.error(join(epWhere, 'method'), `method must be "GET" or "POST", got ${describeValue(endpoint.method)}`);
  }

  let json: Record<string, JsonValue> | undefined;
  if (endpoint.json !== undefined) {
    if (!isPlainObject(endpoint.json)) log.error(join(epWhere, 'json'), `json must be an object (the request body), got ${describeValue(endpoint.json)}`);
    else if (stringifyJson(endpoint.json)!.includes('{resources.')) {
      log.error(join(epWhere, 'json'), 'parent placeholders {resources.…} are only filled in the path and params, not in the json body');
    } else json = endpoint.json as Record<string, JsonValue>;
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
  const primaryKey = resolvePrimaryKey(merged.primary_key, join(label, 'primary_key'), log);

  // dlt's own default is append; a resource with a key is merged instead, because a re-sync
  // through a change-feed cursor returns updated rows that must replace, not duplicate, the old.
  let writeDisposition: WriteDisposition = primaryKey.length ? 'merge' : 'append';
  if (merged.write_disposition !== undefined) {
    const wd = merged.write_disposition;
    if (typeof wd !== 'string' || !WRITE_DISPOSITIONS.includes(wd as WriteDisposition)) {
      log.error(join(label, 'write_disposition'), `write_disposition must be one of ${WRITE_DISPOSITIONS.join(', ')}, got ${describeValue(wd)}`);
    } else writeDisposition = wd as WriteDisposition;
  }
  if (writeDisposition === 'merge' && primaryKey.length === 0) {
    log.error(join(label, 'write_disposition'), 'write_disposition "merge" needs a primary_key to know which rows to replace; add primary_key or use "append"');
  }

  const incremental = resolveIncremental(endpoint.incremental, join(epWhere, 'incremental'), log);
  const usesIncremental = Object.entries(params).find(([, v]) => typeof v === 'string' && INCREMENTAL_PLACEHOLDERS.some((p) => v.includes(`{${p}}`)));
  if (usesIncremental && !incremental && endpoint.incremental === undefined) {
    log.error(join(join(epWhere, 'params'), usesIncremental[0]), `"${usesIncremental[1]}" needs endpoint.incremental, e.g. {"cursor_path": "version", "initial_value": 0}`);
  }
  if (incremental && !usesIncremental) {
    log.warn(join(epWhere, 'incremental'), 'no param uses {incremental.start_value}, so every sync starts from the beginning');
  }

  const responseActions = resolveResponseActions(endpoint.response_actions, join(epWhere, 'response_actions'), log);
  const includeFromParent = resolveIncludeFromParent(merged.include_from_parent, join(label, 'include_from_parent'), log);
  const parentFilter = resolveParentFilter(merged.parent_filter, join(label, PARENT_FILTER_KEY), log);
  const selected = merged.selected ?? true;
  if (typeof selected !== 'boolean') log.error(join(label, 'selected'), `selected must be true or false, got ${describeValue(selected)}`);

  return {
    label,
    refs,
    ...(own.parent_filter === undefined && parentFilter ? { parentFilterFromDefaults: true } : {}),
    resource: {
      name,
      path: legacy.path,
      method: method === 'POST' ? 'POST' : 'GET',
      params,
      ...(json ? { json } : {}),
      dataSelector,
      paginator,
      primaryKey,
      writeDisposition,
      includeFromParent,
      selected: selected !== false,
      ...(incremental ? { incremental } : {}),
      ...(responseActions ? { responseActions } : {}),
      ...(parentFilter ? { parentFilter } : {}),
    },
  };
}
