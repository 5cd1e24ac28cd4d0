/** Ordering of incremental cursor values: numbers, digit strings beyond 2^53, then plain text. */
import type { JsonPrimitive } from '@/lib/config/types';
import { getPath, parsePath } from '@/lib/jsonpath';

export function compareCursor(a: JsonPrimitive, b: JsonPrimitive): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = String(a);
  const sb = String(b);
  if (/^-?\d+$/.test(sa) && /^-?\d+$/.test(sb)) {
    const d = BigInt(sa) - BigInt(sb);
    return d === 0n ? 0 : d > 0n ? 1 : -1;
  }
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** The highest `cursorPath` value among `records` and `current`. */
export function maxCursor(records: readonly unknown[], cursorPath: string, current: JsonPrimitive | undefined): JsonPrimitive | undefined {
  const path = parsePath(cursorPath);
  let best = current;
  for (const record of records) {
    const v = getPath(record, path);
    if (typeof v !== 'number' && typeof v !== 'string') continue;
    if (best === undefined || best === null || compareCursor(v, best) > 0) best = v;
  }
  return best;
}

/**
 * A test for "changed after `since`" by a row's cursor value (rows without one count as changed).
 * The path is parsed once: the test runs for every parent row of a child walk.
 */
export function changedSince(cursorPath: string, since: JsonPrimitive): (row: unknown) => boolean {
  const path = parsePath(cursorPath);
  return (row) => {
    const v = getPath(row, path);
    if (typeof v !== 'number' && typeof v !== 'string') return true;
    return compareCursor(v, since) > 0;
  };
}
