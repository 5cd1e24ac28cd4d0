import { stringifyJson } from '@/lib/json-text';
import { columnName } from './column-name';
import type { FlatRecord, FlatValue, Row } from './types';

/**
 * Turns a stored row into one record of cells: nested objects become dotted columns
 * (`customer.first_name`, named by `columnName` so no two places share a column), arrays stay
 * whole as JSON text in one cell, undefined becomes null (an empty cell). An empty nested object
 * has nothing to show and becomes an empty cell under its own name.
 *
 * This is the shape of a table without child tables (no primary key to link them by); tables
 * with a key move their lists into child tables (`tables.ts`).
 */
export function flattenRow(row: Row): FlatRecord {
  const flat: FlatRecord = Object.create(null);
  flattenInto(flat, null, row, cellValue);
  return flat;
}

/**
 * The same columns as `flattenRow`, with each leaf value as stored (arrays, `bigint`s and dates
 * untouched; undefined and an empty nested object become null), for formats that keep types
 * (Parquet).
 */
export function flattenLeaves(row: Row): Record<string, unknown> {
  const flat: Record<string, unknown> = Object.create(null);
  flattenInto(flat, null, row, leafValue);
  return flat;
}

function flattenInto<T>(flat: Record<string, T>, prefix: string | null, object: Record<string, unknown>, leaf: (value: unknown) => T): void {
  for (const key of Object.keys(object)) {
    const value = object[key];
    const column = columnName(prefix, key);
    if (isNonEmptyObject(value)) flattenInto(flat, column, value, leaf);
    else flat[column] = leaf(value);
  }
}

/** A leaf as stored, for typed formats: undefined and an empty object are null. */
export function leafValue(value: unknown): unknown {
  return value === undefined || (isPlainObject(value) && Object.keys(value).length === 0) ? null : value;
}

/** Adds the columns `flattenRow(row)` would have to `into`, without building the record. */
export function collectColumns(row: Row, into: Set<string>, prefix: string | null = null): void {
  for (const key of Object.keys(row)) {
    const value = row[key];
    const column = columnName(prefix, key);
    if (isNonEmptyObject(value)) collectColumns(value, into, column);
    else into.add(column);
  }
}

/** One value as a cell: scalars as they are, bigints as their digits, structures as JSON text. */
export function cellValue(value: unknown): FlatValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return value.toString();
  if (isPlainObject(value) && Object.keys(value).length === 0) return null;
  // Arrays, objects kept whole, anything else structured clone could have stored (Date): JSON text, as JSON export shows it.
  return stringifyJson(value) ?? null;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

export function isNonEmptyObject(value: unknown): value is Record<string, unknown> {
  return isPlainObject(value) && Object.keys(value).length > 0;
}
