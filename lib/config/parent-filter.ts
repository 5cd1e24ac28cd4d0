/**
 * `parent_filter`: which parent rows a child resource is requested for. dlt has no JSON form for
 * this (its `processing_steps` filter would drop rows from the parent table too), so it is an
 * extension key of ours. It filters the child's requests only, never the parent table:
 *
 *   "parent_filter": {"field": "status", "one_of": ["AWAITING_PICKUP", "AWAITING_DISPATCH"]}
 *   "parent_filter": [{"field": "customer_id", "not_null": true}, {"field": "total", "equals": 0}]
 *
 * A list means every condition must hold. Each condition names one parent field (a dotted path,
 * as in `include_from_parent`) and one test: `equals` (text, a number or true/false), `one_of` (a
 * non-empty list of those) or `not_null: true` (present and not null). Paths are parsed here, once,
 * when the config is resolved; the engine runs the parsed form.
 */
import { parsePath, type PathSegment } from '@/lib/jsonpath';
import { describeValue } from '@/lib/paginators/options';
import { isPlainObject, IssueLog, join } from './issues';
import type { JsonPrimitive } from './types';

/** One compiled condition on a parent row. */
export type ParentCondition =
  | { field: string; path: PathSegment[]; test: 'equals'; value: JsonPrimitive }
  | { field: string; path: PathSegment[]; test: 'one_of'; values: JsonPrimitive[] }
  | { field: string; path: PathSegment[]; test: 'not_null' };

export const PARENT_FILTER_KEY = 'parent_filter';
const TESTS = ['equals', 'one_of', 'not_null'] as const;
const EXAMPLE = '{"field": "status", "one_of": ["AWAITING_PICKUP", "AWAITING_DISPATCH"]}';

/** Validates and compiles a `parent_filter` value; problems go to `log` under `where`. */
export function resolveParentFilter(raw: unknown, where: string, log: IssueLog): ParentCondition[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  const list = Array.isArray(raw) ? raw : [raw];
  if (list.length === 0 || !list.every(isPlainObject)) {
    log.error(where, `parent_filter must be a condition such as ${EXAMPLE}, or a list of them (all must hold); got ${describeValue(raw)}`);
    return undefined;
  }
  const conditions: ParentCondition[] = [];
  list.forEach((item, i) => {
    const condition = resolveCondition(item as Record<string, unknown>, Array.isArray(raw) ? `${where}[${i}]` : where, log);
    if (condition) conditions.push(condition);
  });
  return conditions.length === list.length ? conditions : undefined;
}

function resolveCondition(item: Record<string, unknown>, where: string, log: IssueLog): ParentCondition | null {
  const unknown = Object.keys(item).filter((k) => k !== 'field' && !(TESTS as readonly string[]).includes(k));
  if (unknown.length) {
    // An error, not a warning: a mistyped test would otherwise drop the condition and request every parent.
    log.error(join(where, unknown[0]), `unknown key "${unknown[0]}" in a parent_filter condition; a condition has "field" and one of ${TESTS.join(', ')}`);
    return null;
  }
  if (typeof item.field !== 'string') {
    log.error(join(where, 'field'), `a parent_filter condition needs "field", the parent field to test (a dotted path such as "status"), got ${describeValue(item.field)}`);
    return null;
  }
  let path: PathSegment[];
  try {
    path = parsePath(item.field);
  } catch (e) {
    log.error(join(where, 'field'), `parent_filter field ${(e as Error).message}`);
    return null;
  }
  const tests = TESTS.filter((t) => t in item);
  if (tests.length !== 1) {
    const found = tests.length ? `found ${tests.join(' and ')}` : 'found none';
    log.error(where, `a parent_filter condition needs exactly one test of ${TESTS.join(', ')} (${found}), e.g. ${EXAMPLE}`);
    return null;
  }
  const field = item.field;
  const test = tests[0];
  if (test === 'equals') {
    const value = item.equals;
    if (!isComparable(value)) {
      log.error(join(where, 'equals'), `equals must be text, a number or true/false (use "not_null": true to test for a value), got ${describeValue(value)}`);
      return null;
    }
    return { field, path, test, value };
  }
  if (test === 'one_of') {
    const values = item.one_of;
    if (!Array.isArray(values) || values.length === 0 || !values.every(isComparable)) {
      log.error(join(where, 'one_of'), `one_of must be a non-empty list of text, numbers or true/false, got ${describeValue(values)}`);
      return null;
    }
    return { field, path, test, values: values as JsonPrimitive[] };
  }
  if (item.not_null !== true) {
    log.error(join(where, 'not_null'), `not_null must be true (leave the condition out to request every parent), got ${describeValue(item.not_null)}`);
    return null;
  }
  return { field, path, test };
}

function isComparable(v: unknown): v is string | number | boolean {
  return typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)) || typeof v === 'boolean';
}
