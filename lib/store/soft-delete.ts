/**
 * X-Series soft-deletes (docs/retail-api.md §0.6): a deleted record stays in the API, and so in the
 * store, with `deleted_at` set. Null, missing and '' all mean "live". Exports hide deleted rows
 * unless asked; the store counts them per chunk so the popup can say what an export will hold
 * without reading a table.
 */
import type { Row } from './schema';

export function isSoftDeleted(row: Row): boolean {
  const deletedAt = row.deleted_at;
  return deletedAt !== null && deletedAt !== undefined && deletedAt !== '';
}

/** Positions of the soft-deleted rows in `rows`; undefined when there are none (most chunks). */
export function deletedPositions(rows: readonly Row[]): number[] | undefined {
  let out: number[] | undefined;
  for (let i = 0; i < rows.length; i++) if (isSoftDeleted(rows[i])) (out ??= []).push(i);
  return out;
}
