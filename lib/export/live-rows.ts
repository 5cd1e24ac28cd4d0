import type { BatchSource, Row } from './types';

/**
 * X-Series soft-deletes: a deleted record stays in the API (and so in the store) with `deleted_at`
 * set. Null, missing and '' all mean "live".
 */
export function isSoftDeleted(row: Row): boolean {
  const deletedAt = row.deleted_at;
  return deletedAt !== null && deletedAt !== undefined && deletedAt !== '';
}

/** One pass over the source's batches, without soft-deleted rows unless asked; empty batches are skipped. */
export async function* liveBatches(source: BatchSource, includeDeleted: boolean): AsyncGenerator<Row[]> {
  for await (const batch of source()) {
    const rows = includeDeleted ? batch : batch.filter((row) => !isSoftDeleted(row));
    if (rows.length > 0) yield rows;
  }
}
