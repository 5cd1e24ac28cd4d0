/**
 * Where a paginator writes its position into the next request: a query parameter (`page_param`,
 * `offset_param`, `limit_param`, `cursor_param`) or a path in the JSON body (`page_body_path`,
 * `offset_body_path`, `limit_body_path`, `cursor_body_path`) for POST APIs that page through the
 * body. dlt takes one or the other, never both (dlt: paginators.py PageNumberPaginator,
 * OffsetPaginator, JSONResponseCursorPaginator; tests/sources/helpers/rest_client/test_paginators.py
 * test_both_*_raises_error, test_empty_*_params).
 */
import type { ConfigIssue, JsonValue } from '@/lib/config/types';
import { describeValue } from './options';
import type { PageRequest } from './types';

export type RequestSlot = { kind: 'param'; name: string } | { kind: 'body'; path: string; keys: string[] };

/** A body path's keys, or null when it is not a dotted path of keys such as `pagination.offset`. */
export function bodyPathKeys(path: string): string[] | null {
  const trimmed = path.trim();
  const body = trimmed.startsWith('$.') ? trimmed.slice(2) : trimmed;
  const keys = body.split('.');
  return body !== '' && keys.every((k) => k !== '' && !/[[\]]/.test(k)) ? keys : null;
}

/**
 * dlt's rule for a `*_param` / `*_body_path` pair: when both are missing (or null) the parameter
 * gets its default name; otherwise exactly one of them must be a non-empty string.
 */
export function slotIssues(options: Record<string, JsonValue>, paramKey: string, bodyKey: string): ConfigIssue[] {
  const param = options[paramKey] ?? null;
  const body = options[bodyKey] ?? null;
  if (param === null && body === null) return [];
  const issues: ConfigIssue[] = [];
  const usable = (v: JsonValue) => typeof v === 'string' && v.trim() !== '';
  if ((param !== null && body !== null) || param === '' || body === '') {
    return [
      {
        path: body !== null ? bodyKey : paramKey,
        message: `set either ${paramKey} or ${bodyKey}, not both (got ${paramKey} ${describeValue(param)}, ${bodyKey} ${describeValue(body)}); dlt: "Either '${paramKey}' or '${bodyKey}' must be provided, not both"`,
      },
    ];
  }
  if (param !== null && !usable(param)) issues.push({ path: paramKey, message: `${paramKey} must be a query parameter name, got ${describeValue(param)}` });
  if (body !== null && (typeof body !== 'string' || bodyPathKeys(body) === null)) {
    issues.push({ path: bodyKey, message: `${bodyKey} must be a dotted path of keys in the JSON body such as pagination.offset, got ${describeValue(body)}` });
  }
  return issues;
}

/** The slot named by validated options; `defaultParam` when neither is set. */
export function slotFromOptions(options: Record<string, JsonValue>, paramKey: string, bodyKey: string, defaultParam: string): RequestSlot {
  const body = options[bodyKey];
  if (typeof body === 'string') return { kind: 'body', path: body, keys: bodyPathKeys(body)! };
  const param = options[paramKey];
  return { kind: 'param', name: typeof param === 'string' ? param : defaultParam };
}

/** A copy of `request` with `value` written into the slot; the body keeps the value's JSON type. */
export function writeSlot(request: PageRequest, slot: RequestSlot, value: string | number): PageRequest {
  if (slot.kind === 'param') return { ...request, params: { ...request.params, [slot.name]: String(value) } };
  return { ...request, json: setIn(request.json ?? {}, slot.keys, value) };
}

/** A path of the body set to `value`, copying each object on the way (the base request is shared). */
function setIn(obj: Record<string, JsonValue>, keys: string[], value: JsonValue): Record<string, JsonValue> {
  const [head, ...rest] = keys;
  const child = obj[head];
  const inner = typeof child === 'object' && child !== null && !Array.isArray(child) ? child : {};
  return { ...obj, [head]: rest.length === 0 ? value : setIn(inner, rest, value) };
}
