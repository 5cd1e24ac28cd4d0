import type { ExportTable } from './format';
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

/**
 * Whether `table` gives at least one record with these settings (a child table: at least one list
 * element under a kept parent row). Reads only up to the first such row, so a full table answers
 * from its first batch; an empty one costs one pass over the stored rows.
 */
export async function hasRecords(table: Pick<ExportTable, 'source' | 'records'>, includeDeleted: boolean): Promise<boolean> {
  for await (const batch of liveBatches(table.source, includeDeleted)) {
    if (!table.records || batch.some((row) => table.records!(row).length > 0)) return true;
  }
  return false;
}
