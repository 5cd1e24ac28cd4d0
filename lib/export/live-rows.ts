import type { BatchSource, Row } from './types';

import { isSoftDeleted } from '@/lib/store/soft-delete';

export { isSoftDeleted };

/** One pass over the source's batches, without soft-deleted rows unless asked; empty batches are skipped. */
export async function* liveBatches(source: BatchSource, includeDeleted: boolean): AsyncGenerator<Row[]> {
  for await (const batch of source()) {
    const rows = includeDeleted ? batch : batch.filter((row) => !isSoftDeleted(row));
    if (rows.length > 0) yield rows;
  }
}
