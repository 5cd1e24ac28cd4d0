/**
 * The CSV columns a table holds, kept as pages are committed so an export can write its header
 * without first reading the whole table. Recorded only when the list is known to be complete:
 * from an empty table on, and never for `replace` tables (their staged copy differs from the one
 * an export would read mid-walk).
 */
import type { ResolvedResource } from '@/lib/config/types';
import { collectColumns } from '@/lib/export/flatten';
import type { Row, TableState } from '@/lib/store';

export class ColumnLog {
  private readonly columns: Set<string> | null;

  constructor(r: ResolvedResource, state: TableState) {
    if (r.writeDisposition === 'replace') this.columns = null;
    else if (state.columns) this.columns = new Set(state.columns);
    else this.columns = state.rowsStored === 0 ? new Set() : null;
  }

  /** The patch that records the columns of `rows`, when they add any. */
  patch(rows: readonly Row[]): Partial<TableState> {
    if (!this.columns) return {};
    const before = this.columns.size;
    for (const row of rows) collectColumns(row, this.columns);
    return this.columns.size > before ? { columns: [...this.columns] } : {};
  }
}
