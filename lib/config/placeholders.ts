/**
 * Placeholders in paths, params, headers, json and data, checked as dlt checks them
 * (`dlt/sources/rest_api/config_setup.py`: `_bind_path_params`, `_find_expressions`,
 * `_raise_if_any_not_in`). They are data, never code: `{resources.<parent>.<field>}` is filled per
 * parent row, `{incremental.<value>}` per sync, `{name}` in a path from a static param when the
 * config is resolved; anything else in braces is an error unless written `{{ }}`.
 */
import { compilePath, jsonPathIssue } from '@/lib/jsonpath';
import { describeValue } from '@/lib/paginators/options';
import { isPlainObject, join, type IssueLog, type PlainObject } from './issues';
import { parseParentPlaceholder } from './parent-field';
import { parseTemplate, pythonStr, templateFields, TemplateError, type Template } from './template';
import type { ParentRef } from './types';

/** The values `{incremental.<name>}` may name (attributes of dlt's Incremental). */
export const INCREMENTAL_VALUES = ['start_value', 'end_value', 'initial_value', 'last_value', 'lag'] as const;
export type IncrementalValueName = (typeof INCREMENTAL_VALUES)[number];
export const INCREMENTAL_PLACEHOLDERS = INCREMENTAL_VALUES.map((v) => `incremental.${v}`);

/** Airbyte's Jinja form `{{ stream_partition.x }}` left in a path: never meant as the literal braces dlt would send. */
const AIRBYTE = /\{\{\s+[A-Za-z_]\w*\.[^{}]*?\s*\}\}/;

/** Which placeholder families an endpoint may use: `resources` always, `incremental` when the endpoint has `incremental`. */
export interface Contexts {
  incremental: boolean;
}

function parseRef(field: string, where: string, log: IssueLog): ParentRef | null {
  const ref = parseParentPlaceholder(field);
  if (!ref) {
    log.error(where, `"{${field}}" is not a parent reference; write {resources.<parent>.<field>}, e.g. {resources.sales.id}, or {resources.sales['ext.id']} for a key holding dots`);
    return null;
  }
  const problem = jsonPathIssue(ref.field);
  if (problem) {
    log.error(where, `"{${field}}": the field ${problem}`);
    return null;
  }
  return ref;
}

/**
 * Parses one text as a template and checks each placeholder. `what` names the part for messages
 * (params, json, headers, data, path). Returns null when the text does not parse.
 */
export function scanTemplate(text: string, where: string, what: string, ctx: Contexts, log: IssueLog, refs: ParentRef[]): Template | null {
  let template: Template;
  try {
    template = parseTemplate(text);
  } catch (e) {
    log.error(where, `${describeValue(text)}: ${(e as TemplateError).message}`);
    return null;
  }
  for (const field of templateFields(template)) {
    if (field.startsWith('resources.')) {
      const ref = parseRef(field, where, log);
      if (ref) refs.push(ref);
    } else if (field.startsWith('incremental.')) {
      if (!ctx.incremental) {
        log.error(where, `"{${field}}" needs endpoint.incremental, e.g. {"cursor_path": "updated_at", "initial_value": "2024-01-01T00:00:00Z"}`);
      } else if (!(INCREMENTAL_VALUES as readonly string[]).includes(field.slice('incremental.'.length))) {
        log.error(where, `"{${field}}" is not an incremental value; use one of ${INCREMENTAL_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`);
      }
    } else {
      log.error(
        where,
        `"{${field}}" in ${what} is not a placeholder this extension fills: placeholders start with resources. or incremental.; write {{ and }} for literal braces`,
      );
    }
  }
  return template;
}

/** Every string (keys included) inside a json body or data dict, scanned like params. */
export function scanJson(value: unknown, where: string, what: string, ctx: Contexts, log: IssueLog, refs: ParentRef[]): void {
  if (typeof value === 'string') scanTemplate(value, where, what, ctx, log, refs);
  else if (Array.isArray(value)) value.forEach((v, i) => scanJson(v, `${where}[${i}]`, what, ctx, log, refs));
  else if (isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      scanTemplate(k, join(where, k), what, ctx, log, refs);
      scanJson(v, join(where, k), what, ctx, log, refs);
    }
  }
}

/** The raw text of a placeholder-free value, escaped so it stays literal inside a template. */
function escapeBraces(text: string): string {
  return text.replace(/\{/g, '{{').replace(/\}/g, '}}');
}

export interface BoundPath {
  path: string;
  /** The params left after path binding (bound static params and resolve params removed). */
  params: PlainObject;
}

/**
 * dlt's `_bind_path_params`: `{name}` in a path takes the static param `name` (which then stops
 * being a query param); a legacy `{"type": "resolve", …}` param becomes `{resources.<r>.<field>}`
 * and must appear in the path. Placeholders of the available contexts are left for later.
 */
export function bindPathParams(path: string, params: PlainObject, resource: string, where: { path: string; params: string }, ctx: Contexts, log: IssueLog): BoundPath {
  const rest: PlainObject = { ...params };
  if (AIRBYTE.test(path)) {
    const token = AIRBYTE.exec(path)![0];
    log.error(where.path, `"${token}" is an Airbyte template, not a dlt placeholder; write {resources.<parent>.<field>}, e.g. {resources.sales.id}`);
    return { path, params: rest };
  }
  let template: Template;
  try {
    template = parseTemplate(path);
  } catch (e) {
    log.error(where.path, `${describeValue(path)}: ${(e as TemplateError).message}`);
    return { path, params: rest };
  }
  const resolveNames = new Set(Object.entries(params).filter(([, v]) => isPlainObject(v) && v.type === 'resolve').map(([k]) => k));
  let out = '';
  for (const part of template.parts) {
    if ('text' in part) {
      out += escapeBraces(part.text);
      continue;
    }
    const field = part.field;
    if (field.startsWith('resources.') || (ctx.incremental && field.startsWith('incremental.'))) {
      out += `{${field}}`;
      continue;
    }
    const value = params[field];
    if (resolveNames.has(field)) {
      const spec = value as PlainObject;
      if (typeof spec.resource !== 'string' || typeof spec.field !== 'string') {
        log.error(join(where.params, field), `a "resolve" param needs "resource" and "field" strings, e.g. {"type": "resolve", "resource": "sales", "field": "id"}`);
      } else out += `{resources.${spec.resource}.${spec.field}}`;
      resolveNames.delete(field);
      delete rest[field];
      continue;
    }
    if (value === undefined) {
      if (!field.includes('.')) {
        log.error(where.path, `the path ${describeValue(path)} of resource "${resource}" needs a param named "${field}", but endpoint.params has none`);
      } else {
        log.error(where.path, `"{${field}}" in the path is not a valid placeholder; valid names start with resources.${ctx.incremental ? ' or incremental.' : ' (or incremental. with endpoint.incremental)'}`);
      }
      continue;
    }
    if (isPlainObject(value)) {
      log.error(join(where.params, field), `the path binds param "${field}" of type ${describeValue(value.type)}; a path can only bind "resolve" params and static values`);
      continue;
    }
    out += escapeBraces(pythonStr(value));
    delete rest[field];
  }
  for (const name of resolveNames) {
    delete rest[name];
    log.error(
      join(where.params, name),
      `resource "${resource}" defines the resolve param "${name}", which the path ${describeValue(path)} does not use; to send a parent value as a query param write "${name}": "{resources.<parent>.<field>}"`,
    );
  }
  return { path: out, params: rest };
}

/**
 * Where the path sends the request. Relative paths follow base_url (and the Store URL that
 * replaces it); an absolute URL elsewhere would receive the API token.
 */
export function checkPathTarget(path: string, baseUrl: URL | null, where: string, log: IssueLog): void {
  if (path.startsWith('//')) {
    log.error(where, `"${path}" is a protocol-relative URL to another host, which would send your token to another site; use a path relative to base_url`);
    return;
  }
  if (!/^[a-z][a-z0-9+.-]*:/i.test(path)) return;
  let url: URL;
  try {
    url = new URL(path.replace(/\{[^{}]*\}/g, 'x'));
  } catch {
    log.error(where, `"${path}" is not a valid URL; use a path relative to base_url such as /api/2.0/sales`);
    return;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    log.error(where, `"${path}" is not an http(s) URL; use a path relative to base_url such as /api/2.0/sales`);
  } else if (!baseUrl || url.origin !== baseUrl.origin) {
    log.error(
      where,
      `"${path}" points at ${url.origin}, not base_url's site, and would send your token to another site; use a path relative to base_url`,
    );
  } else {
    log.warn(
      where,
      `"${path}" is an absolute URL; prefer a path relative to base_url (e.g. ${url.pathname}) so it follows the Store URL set on the options page`,
    );
  }
}

/**
 * dlt's `make_parent_key_name`: parent field `id` of `sales` becomes `_sales_id`. A path's keys
 * are joined with `_` and their dots become `_` too, as dlt's snake_case naming writes them:
 * `customer.id` and `['customer.id']` both give `_sales_customer_id`.
 */
export function parentFieldName(parent: string, field: string): string {
  // A field that is no JSONPath ("x y") is a plain key of the parent row, named as written.
  const segments = jsonPathIssue(field) === null ? compilePath(field).segments : null;
  const name = segments ? segments.join('_') : field;
  return `_${parent}_${name.replace(/\./g, '_')}`;
}
