/**
 * Parquet column types read from the data, one pass over the table before anything is written
 * (Parquet fixes each column's physical type before its first row group).
 *
 * A column's type is the narrowest that holds every value exactly:
 * - text only → `string` (UTF-8). Ids stay text, 19-digit ones included: nothing is parsed.
 * - true/false only → `boolean`.
 * - integers only (JS numbers and `bigint`s within ±2^63) → `int64`, so an id or version beyond
 *   2^53 kept as `bigint` (issue 9) is written exactly, never as a rounded double.
 * - numbers with a fraction (and integers beside them) → `double`: the same doubles the API's JSON held.
 * - arrays (and anything else structured, like a Date) → `json`: JSON text marked with Parquet's
 *   JSON logical type, written with `stringifyJson`, so bigints inside stay exact.
 * - a mix that no one type holds exactly (text beside numbers, a `bigint` beside a fraction, a
 *   `bigint` beyond int64) → `string`, each value as the text CSV would show; a mix with arrays
 *   → `json`, each value as JSON text.
 * A column that is null in every row is `string`.
 */
import { stringifyJson } from '@/lib/json-text';

export type ParquetKind = 'string' | 'boolean' | 'int64' | 'double' | 'json';

export interface ParquetColumn {
  name: string;
  kind: ParquetKind;
}

/** What one value needs; `null` says nothing about the type. */
type ValueKind = ParquetKind | 'wide-int' | null;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function valueKind(value: unknown): ValueKind {
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'number':
      // Integers beyond 2^53 arrive already rounded (the JSON parser made them doubles): keep them doubles.
      return Number.isSafeInteger(value) ? 'int64' : 'double';
    case 'bigint':
      return value >= INT64_MIN && value <= INT64_MAX ? 'int64' : 'wide-int';
    default:
      return value === null || value === undefined ? null : 'json';
  }
}

/** The column type after adding one value's needs; `bigintSeen` tracks whether a double would round. */
function widen(current: ParquetKind | null, next: ValueKind, bigintSeen: boolean): ParquetKind | null {
  if (next === null) return current;
  if (next === 'wide-int') return current === 'json' ? 'json' : 'string';
  if (current === null || current === next) return next;
  if (current === 'json' || next === 'json') return 'json';
  const numeric = new Set([current, next]);
  if (numeric.size === 2 && numeric.has('int64') && numeric.has('double')) return bigintSeen ? 'string' : 'double';
  return 'string';
}

/** Collects each flattened column's type over a table, keeping columns in first-seen order. */
export class ColumnKinds {
  private readonly kinds = new Map<string, ParquetKind | null>();
  private readonly bigints = new Set<string>();

  /** `leadingColumns` (the primary key) come first even before a row has them. */
  constructor(leadingColumns: readonly string[] = []) {
    for (const name of leadingColumns) this.kinds.set(name, null);
  }

  observe(flatRow: Record<string, unknown>): void {
    for (const name in flatRow) {
      const value = flatRow[name];
      if (typeof value === 'bigint') this.bigints.add(name);
      const kind = this.kinds.get(name) ?? null;
      this.kinds.set(name, widen(kind, valueKind(value), this.bigints.has(name)));
    }
  }

  columns(): ParquetColumn[] {
    return [...this.kinds].map(([name, kind]) => ({ name, kind: kind ?? 'string' }));
  }
}

/**
 * One stored value as the column's type holds it; `null` for a missing value. Called only with
 * values `ColumnKinds` saw, so the conversions below are exact.
 */
export function parquetValue(kind: ParquetKind, value: unknown): string | number | bigint | boolean | null {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case 'int64':
      return typeof value === 'bigint' ? value : BigInt(value as number);
    case 'double':
    case 'boolean':
      return value as number | boolean;
    case 'json':
      return stringifyJson(value) ?? null;
    case 'string':
      return typeof value === 'string' ? value : typeof value === 'object' ? (stringifyJson(value) ?? null) : String(value);
  }
}
