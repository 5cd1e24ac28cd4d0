/**
 * `{resources.<parent>.<field>}` placeholders in paths and params. They are data, never code:
 * only that one form is filled (by the sync engine, per parent row); anything else in braces in a
 * path is refused so a typo cannot reach the API as a literal URL.
 */
import { compilePath, jsonPathIssue } from '@/lib/jsonpath';
import type { IssueLog } from './issues';
import type { ParentRef } from './types';

/** dlt's incremental placeholders; all are filled with the value the walk starts from. */
export const INCREMENTAL_PLACEHOLDERS = ['incremental.start_value', 'incremental.initial_value', 'incremental.last_value'];

/** Resource names usable in placeholders and as `_<parent>_<field>` column prefixes. */
export const RESOURCE_NAME = /^[A-Za-z0-9_-]+$/;

const RESOURCE_REF = /^resources\.([^.]+)\.(.+)$/;

function parseRef(inner: string, where: string, log: IssueLog): ParentRef | null {
  const m = RESOURCE_REF.exec(inner.trim());
  if (!m || !RESOURCE_NAME.test(m[1])) {
    log.error(where, `"{${inner}}" is not a parent reference; write {resources.<parent>.<field>}, e.g. {resources.sales.id}`);
    return null;
  }
  const problem = jsonPathIssue(m[2]);
  if (problem) {
    log.error(where, `"{${inner}}": the field ${problem}`);
    return null;
  }
  return { resource: m[1], field: m[2] };
}

/** Every placeholder in an endpoint path; any other braces are errors. */
export function scanPath(path: string, where: string, log: IssueLog): ParentRef[] {
  const refs: ParentRef[] = [];
  const rest = path.replace(/\{\{([^{}]*)\}\}|\{([^{}]*)\}/g, (token, airbyte: string | undefined, inner: string | undefined) => {
    if (airbyte !== undefined) {
      log.error(
        where,
        `"${token}" is an Airbyte template, not a dlt placeholder; write {resources.<parent>.<field>}, e.g. {resources.sales.id}`,
      );
    } else if (inner !== undefined && inner.trim().startsWith('resources.')) {
      const ref = parseRef(inner, where, log);
      if (ref) refs.push(ref);
    } else {
      log.error(
        where,
        `"${token}" in the path is not something this extension fills in; use {resources.<parent>.<field>} to take a value from a parent resource`,
      );
    }
    return '';
  });
  if (/[{}]/.test(rest)) log.error(where, `the path has an unmatched "{" or "}"`);
  return refs;
}

/**
 * Placeholders in a query parameter value. Only `{resources.…}` is filled; braces in other shapes
 * are sent literally (a filter value may legitimately contain them); dlt's `{incremental.…}` ones
 * are checked by name, as a typo would silently send the wrong value.
 */
export function scanParamValue(value: string, where: string, log: IssueLog): ParentRef[] {
  const refs: ParentRef[] = [];
  for (const m of value.matchAll(/\{([A-Za-z_][\w]*\.[^{}]*)\}/g)) {
    if (m[1].startsWith('resources.')) {
      const ref = parseRef(m[1], where, log);
      if (ref) refs.push(ref);
    } else if (m[1].startsWith('incremental.') && !INCREMENTAL_PLACEHOLDERS.includes(m[1])) {
      log.error(where, `"{${m[1]}}" is not an incremental placeholder; use one of ${INCREMENTAL_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`);
    }
  }
  return refs;
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
  const segments = compilePath(field).segments;
  const name = segments ? segments.join('_') : field;
  return `_${parent}_${name.replace(/\./g, '_')}`;
}
