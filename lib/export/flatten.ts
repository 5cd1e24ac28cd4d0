import { stringifyJson } from '@/lib/json-text';
import type { FlatValue, Row } from './types';

/**
 * Turns a stored row into one CSV record: nested objects become dotted columns
 * (`customer.first_name`), arrays stay whole as JSON text in one cell (line items, payments: a
 * variable number of entries has no fixed column layout), undefined becomes null (an empty cell).
 * An empty nested object has nothing to show and becomes an empty cell under its own name.
 */
export function flattenRow(row: Row): Record<string, FlatValue> {
  const flat: Record<string, FlatValue> = {};
  flattenInto(flat, '', row, cellValue);
  return flat;
}

/**
 * The same columns as `flattenRow`, with each leaf value as stored (arrays, `bigint`s and dates
 * untouched; undefined and an empty nested object become null), for formats that keep types
 * (Parquet).
 */
export function flattenLeaves(row: Row): Record<string, unknown> {
  const flat: Record<string, unknown> = {};
  flattenInto(flat, '', row, leafValue);
  return flat;
}

function flattenInto<T>(flat: Record<string, T>, prefix: string, object: Record<string, unknown>, leaf: (value: unknown) => T): void {
  for (const [key, value] of Object.entries(object)) {
    const column = prefix + key;
    if (isPlainObject(value) && Object.keys(value).length > 0) flattenInto(flat, column + '.', value, leaf);
    else flat[column] = leaf(value);
  }
}

function leafValue(value: unknown): unknown {
  return value === undefined || isPlainObject(value) ? null : value;
}

/** Adds the columns `flattenRow(row)` would have to `into`, without building the record. */
export function collectColumns(row: Row, into: Set<string>, prefix = ''): void {
  for (const key in row) {
    if (!Object.prototype.hasOwnProperty.call(row, key)) continue;
    const value = row[key];
    if (isPlainObject(value) && Object.keys(value).length > 0) collectColumns(value, into, prefix + key + '.');
    else into.add(prefix + key);
  }
}

function cellValue(value: unknown): FlatValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return value.toString();
  if (isPlainObject(value)) return null; // only the empty object reaches here
  // Arrays, and anything else structured clone could have stored (Date): JSON text, as JSON export shows it.
  return stringifyJson(value) ?? null;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
