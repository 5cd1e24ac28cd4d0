/**
 * The seed config's non-dlt dialect (machine-converted from Airbyte's Lightspeed connector), made
 * into dlt before validation. Each translation is one warning with its location, so the user
 * sees exactly what was changed. Nothing else is "fixed": pagination that real dlt would run
 * wrongly is warned about, not rewritten.
 */
import { stringifyJson } from '@/lib/json-text';
import { paginatorTypes } from '@/lib/paginators/registry';
import { isPlainObject, join, resourceLabel, type PlainObject } from './issues';
import type { ConfigIssue } from './types';

/** Paginator types that take `limit`/`limit_param` themselves. */
const TAKES_LIMIT = new Set(['offset']);
const STREAM_PARTITION = /\{\{\s*stream_partition\.([A-Za-z0-9_]+)\s*\}\}/g;

function translateAuth(client: PlainObject, warnings: ConfigIssue[]): void {
  const auth = client.auth;
  if (!isPlainObject(auth) || (auth.type ?? 'bearer') !== 'bearer' || auth.api_key === undefined || auth.token !== undefined) return;
  const { api_key: apiKey, location: _location, ...rest } = auth;
  client.auth = { ...rest, type: 'bearer', token: apiKey };
  warnings.push({
    path: 'client.auth',
    message: 'bearer auth takes "token", not "api_key"/"location" (real dlt would leave the token unset); used api_key as the token',
  });
}

/** `limit_param` + `limit` on a paginator without them → a request param, as the seed intended. */
function translateLimit(endpoint: PlainObject, where: string, warnings: ConfigIssue[]): void {
  const paginator = endpoint.paginator;
  if (!isPlainObject(paginator) || typeof paginator.type !== 'string' || !(paginator.type in paginatorTypes)) return;
  if (TAKES_LIMIT.has(paginator.type) || (paginator.limit === undefined && paginator.limit_param === undefined)) return;
  const { limit, limit_param: limitParam, ...rest } = paginator;
  endpoint.paginator = rest;
  const pWhere = join(where, 'paginator');
  if (limit === undefined) {
    warnings.push({ path: pWhere, message: `the ${paginator.type} paginator takes no limit_param; removed it (no limit was given)` });
    return;
  }
  const param = typeof limitParam === 'string' && limitParam !== '' ? limitParam : 'limit';
  const params = isPlainObject(endpoint.params) ? { ...endpoint.params } : {};
  if (params[param] !== undefined) {
    warnings.push({ path: pWhere, message: `the ${paginator.type} paginator takes no limit_param/limit; removed them and kept the existing request param ${param}=${stringifyJson(params[param])}` });
  } else {
    params[param] = limit;
    warnings.push({ path: pWhere, message: `the ${paginator.type} paginator takes no limit_param/limit; moved them to the request param ${param}=${stringifyJson(limit)}` });
  }
  endpoint.params = params;
}

/** `{{ stream_partition.sale_id }}` → `{resources.sales.id}` when a `sales` (or `sale`) resource exists. */
function translateStreamPartition(resource: PlainObject, endpoint: PlainObject, where: string, names: Set<string>, warnings: ConfigIssue[]): void {
  if (typeof endpoint.path !== 'string') return;
  let parentFound = false;
  endpoint.path = endpoint.path.replace(STREAM_PARTITION, (token, key: string) => {
    const m = /^(.+)_id$/.exec(key);
    const parent = m ? [`${m[1]}s`, m[1]].find((n) => names.has(n)) : undefined;
    // No matching resource: left as is, and validation reports the Airbyte template.
    if (!parent) return token;
    parentFound = true;
    warnings.push({
      path: join(where, 'path'),
      message: `"${token}" is an Airbyte template, not a dlt parent reference; translated to {resources.${parent}.id}, with include_from_parent ["id"] so rows get _${parent}_id`,
    });
    return `{resources.${parent}.id}`;
  });
  if (!parentFound) return;
  const include = resource.include_from_parent;
  if (include === undefined) resource.include_from_parent = ['id'];
  else if (Array.isArray(include) && !include.includes('id')) resource.include_from_parent = [...include, 'id'];
}

function warnCursorWithoutPath(endpoint: PlainObject, where: string, warnings: ConfigIssue[]): void {
  const p = endpoint.paginator;
  if (!isPlainObject(p) || p.type !== 'cursor' || p.cursor_path !== undefined || p.cursor_param !== 'after') return;
  warnings.push({
    path: join(where, 'paginator'),
    message:
      'this cursor paginator has no cursor_path, so dlt\'s default "cursors.next" is used; this API has no such field, so only the first page will be fetched. For the API 2.0 version cursor set "cursor_path": "version.max" and "stop_after_empty_page": true',
  });
}

export function translateSeedDialect(raw: unknown): { config: unknown; warnings: ConfigIssue[] } {
  if (!isPlainObject(raw)) return { config: raw, warnings: [] };
  const config = structuredClone(raw);
  const warnings: ConfigIssue[] = [];
  if (isPlainObject(config.client)) translateAuth(config.client, warnings);

  const defaults = config.resource_defaults;
  if (isPlainObject(defaults) && isPlainObject(defaults.endpoint)) {
    defaults.endpoint = { ...defaults.endpoint };
    translateLimit(defaults.endpoint as PlainObject, 'resource_defaults.endpoint', warnings);
  }

  if (!Array.isArray(config.resources)) return { config, warnings };
  const names = new Set(config.resources.map((r) => (isPlainObject(r) ? r.name : r)).filter((n): n is string => typeof n === 'string'));
  config.resources.forEach((resource, index) => {
    if (!isPlainObject(resource)) return;
    const where = join(resourceLabel(index, resource.name), 'endpoint');
    if (typeof resource.endpoint === 'string' && resource.endpoint.includes('stream_partition')) resource.endpoint = { path: resource.endpoint };
    if (!isPlainObject(resource.endpoint)) return;
    const endpoint = resource.endpoint;
    translateLimit(endpoint, where, warnings);
    translateStreamPartition(resource, endpoint, where, names, warnings);
    warnCursorWithoutPath(endpoint, where, warnings);
  });
  return { config, warnings };
}
