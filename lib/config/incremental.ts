/**
 * dlt's incremental settings → ResolvedIncremental: the endpoint's `incremental` dict
 * (`start_param`/`end_param`/`end_value`/`lag`/…) or the legacy param form
 * `params.<name> = {"type": "incremental", …}`, checked as `setup_incremental_object` in
 * `dlt/sources/rest_api/config_setup.py` checks them.
 */
import { jsonPathIssue } from '@/lib/jsonpath';
import { describeValue } from '@/lib/paginators/options';
import { compareCursor, cursorKind } from '@/lib/sync/cursor-value';
import { isPlainObject, join, rejectUnknownKeys, type IssueLog, type PlainObject } from './issues';
import type { JsonPrimitive, ResolvedIncremental } from './types';

/** dlt's IncrementalArgs that mean something here. */
const KEYS = ['cursor_path', 'initial_value', 'end_value', 'lag', 'range_start', 'range_end', 'row_order', 'on_cursor_value_missing', 'primary_key'];
/** dlt keys that need Python callables or an orchestrator: warned about and ignored. */
const IGNORED = ['last_value_func', 'allow_external_schedulers', 'convert', 'transform'];
const ENDPOINT_ONLY = ['start_param', 'end_param'];

export interface IncrementalResult {
  incremental?: ResolvedIncremental;
  /** Params without the legacy incremental param (it is filled from the incremental instead). */
  params: PlainObject;
}

function primitive(raw: PlainObject, key: string, where: string, log: IssueLog): JsonPrimitive | undefined {
  const value = raw[key];
  if (value === undefined) return undefined;
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  // An integer beyond 2^53 − 1 (parseJson) is kept as its digits: cursor ordering reads numeric text exactly.
  if (typeof value === 'bigint') return value.toString();
  log.error(join(where, key), `${key} must be text or a number, got ${describeValue(value)}`);
  return undefined;
}

function oneOf<T extends string>(raw: PlainObject, key: string, values: readonly T[], where: string, log: IssueLog): T | undefined {
  const value = raw[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' && (values as readonly string[]).includes(value)) return value as T;
  log.error(join(where, key), `${key} must be one of ${values.map((v) => `"${v}"`).join(', ')}, got ${describeValue(value)}`);
  return undefined;
}

function paramName(raw: PlainObject, key: string, where: string, log: IssueLog): string | undefined {
  const value = raw[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' && value.trim() !== '') return value;
  log.error(join(where, key), `${key} must be a query parameter name, got ${describeValue(value)}`);
  return undefined;
}

/**
 * dlt's `Incremental.on_resolved` range check (dlt/extract/incremental/__init__.py): `end_value`
 * needs an `initial_value`, and the two must be comparable with `end_value` not before
 * `initial_value` (equal is allowed: an empty range). `last_value_func` is always `max` here (a
 * configured "min" is warned about and ignored), so "not before" is by the order the walk uses
 * (`compareCursor`: numbers as numbers, timestamps as instants); values of two kinds (a number and
 * a timestamp), which dlt finds not comparable, are refused too. Errors go to `<where>.end_value`.
 */
function checkRange(raw: PlainObject, initialValue: JsonPrimitive | undefined, endValue: JsonPrimitive, where: string, log: IssueLog): void {
  const at = join(where, 'end_value');
  if (initialValue === undefined || initialValue === null) {
    log.error(at, `end_value ${describeValue(endValue)} needs initial_value: the range loaded runs from initial_value up to end_value, as dlt requires`);
    return;
  }
  const [startKind, endKind] = [cursorKind(initialValue), cursorKind(endValue)];
  if (startKind !== endKind) {
    log.error(at, `end_value ${describeValue(endValue)} (${endKind}) and initial_value ${describeValue(initialValue)} (${startKind}) are not comparable; give both as the same kind of value`);
    return;
  }
  if (compareCursor(endValue, initialValue) < 0) {
    const min = raw.last_value_func === 'min' ? '; last_value_func "min" is not supported, the cursor always runs upwards (max)' : '';
    log.error(at, `end_value ${describeValue(endValue)} is lower than initial_value ${describeValue(initialValue)}; end_value must be higher than (or equal to) initial_value${min}`);
  }
}

function resolveOne(raw: PlainObject, where: string, log: IssueLog, extra: { startParam?: string; endParam?: string }): ResolvedIncremental | undefined {
  const problem = typeof raw.cursor_path === 'string' ? jsonPathIssue(raw.cursor_path) : 'is missing';
  if (problem) {
    log.error(join(where, 'cursor_path'), `incremental.cursor_path ${problem}; it names the record field to continue from, e.g. "updated_at"`);
    return undefined;
  }
  let lag: number | undefined;
  if (raw.lag !== undefined && raw.lag !== null) {
    if (typeof raw.lag === 'number' && Number.isFinite(raw.lag) && raw.lag >= 0) lag = raw.lag;
    else log.error(join(where, 'lag'), `lag must be a number ≥ 0 (seconds for timestamps, days for dates, units for numbers), got ${describeValue(raw.lag)}`);
  }
  let primaryKey: string[] | undefined;
  if (raw.primary_key !== undefined && raw.primary_key !== null) {
    const keys = typeof raw.primary_key === 'string' ? [raw.primary_key] : raw.primary_key;
    if (Array.isArray(keys) && keys.every((k) => typeof k === 'string' && k !== '')) primaryKey = keys as string[];
    else log.error(join(where, 'primary_key'), `primary_key must be a column name or a list of them ([] turns deduplication off), got ${describeValue(raw.primary_key)}`);
  }
  const initialValue = primitive(raw, 'initial_value', where, log);
  const out: ResolvedIncremental = { cursorPath: raw.cursor_path as string, initialValue: initialValue ?? null };
  const endValue = primitive(raw, 'end_value', where, log);
  if (endValue !== undefined && endValue !== null) {
    out.endValue = endValue;
    checkRange(raw, initialValue, endValue, where, log);
  }
  if (extra.startParam) out.startParam = extra.startParam;
  if (extra.endParam) out.endParam = extra.endParam;
  if (lag !== undefined && lag > 0) out.lag = lag;
  const rangeStart = oneOf(raw, 'range_start', ['closed', 'open'] as const, where, log);
  if (rangeStart) out.rangeStart = rangeStart;
  const rangeEnd = oneOf(raw, 'range_end', ['open', 'closed'] as const, where, log);
  if (rangeEnd) out.rangeEnd = rangeEnd;
  const rowOrder = oneOf(raw, 'row_order', ['asc', 'desc'] as const, where, log);
  if (rowOrder) out.rowOrder = rowOrder;
  const missing = oneOf(raw, 'on_cursor_value_missing', ['raise', 'include', 'exclude'] as const, where, log);
  if (missing) out.onCursorValueMissing = missing;
  if (primaryKey) out.primaryKey = primaryKey;
  return out;
}

/**
 * The endpoint's incremental, from `endpoint.incremental` or a legacy incremental param. dlt
 * allows one incremental per endpoint, and the legacy form only with a start value: its
 * `end_value`/`end_param` are refused, as dlt refuses them.
 */
export function resolveIncremental(raw: unknown, params: PlainObject, where: { incremental: string; params: string }, log: IssueLog): IncrementalResult {
  const legacy = Object.entries(params).filter(([, v]) => isPlainObject(v) && v.type === 'incremental');
  const rest: PlainObject = { ...params };
  for (const [name] of legacy) delete rest[name];
  if (legacy.length > 1) {
    log.error(where.params, `only one incremental param is allowed per endpoint, found ${legacy.map(([n]) => n).join(', ')}`);
    return { params: rest };
  }
  if (legacy.length === 1) {
    const [name, spec] = legacy[0] as [string, PlainObject];
    const pWhere = join(where.params, name);
    if ((spec.end_value !== undefined && spec.end_value !== null) || spec.end_param !== undefined) {
      log.error(pWhere, `only start values (cursor_path, initial_value, …) are allowed in the incremental param "${name}"; to set end_value use endpoint.incremental with start_param and end_param`);
      return { params: rest };
    }
    const { type: _type, ...config } = spec;
    rejectUnknownKeys(log, pWhere, config, KEYS, IGNORED, `the incremental param "${name}"`);
    if (raw !== undefined && raw !== null) log.warn(where.incremental, `the incremental param "${name}" is used, as in dlt; endpoint.incremental is ignored`);
    return { params: rest, incremental: resolveOne(config, pWhere, log, { startParam: name }) };
  }
  if (raw === undefined || raw === null) return { params: rest };
  if (!isPlainObject(raw)) {
    log.error(where.incremental, `incremental must be an object such as {"cursor_path": "updated_at", "initial_value": "2024-01-01T00:00:00Z"}, got ${describeValue(raw)}`);
    return { params: rest };
  }
  rejectUnknownKeys(log, where.incremental, raw, [...KEYS, ...ENDPOINT_ONLY], IGNORED, 'incremental');
  const startParam = paramName(raw, 'start_param', where.incremental, log);
  const endParam = paramName(raw, 'end_param', where.incremental, log);
  return { params: rest, incremental: resolveOne(raw, where.incremental, log, { startParam, endParam }) };
}
