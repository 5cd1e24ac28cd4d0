/**
 * The tables a resource's rows split into (its own and its child tables, `lib/export/tables.ts`)
 * and their columns, kept as pages are committed so an export writes its header, and the popup
 * lists child tables, without reading the whole table. Recorded only when the list is known to
 * be complete: from an empty table on, and never for `replace` tables (their staged copy differs
 * from the one an export would read mid-walk); otherwise the engine scans the table once after
 * its walk (`scanShape`).
 */
import type { ResolvedResource } from '@/lib/config/types';
import { currentShape, planSignature, scanShape, tablePlanOf } from '@/lib/export/resource-tables';
import { ShapeCollector } from '@/lib/export/tables';
import type { Row, Store, TableState } from '@/lib/store';

export class ColumnLog {
  private readonly collector: ShapeCollector | null;
  private readonly signature: string;

  constructor(r: ResolvedResource, state: TableState) {
    const plan = tablePlanOf(r);
    this.signature = planSignature(plan);
    const known = currentShape(plan, state.shape);
    if (r.writeDisposition === 'replace') this.collector = null;
    else if (known) this.collector = new ShapeCollector(plan, known);
    else this.collector = state.rowsStored === 0 ? new ShapeCollector(plan) : null;
  }

  /** The patch that records the tables and columns of `rows`, when they add any. */
  patch(rows: readonly Row[]): Partial<TableState> {
    if (!this.collector) return {};
    let grew = false;
    for (const row of rows) if (this.collector.add(row)) grew = true;
    return grew ? { shape: { plan: this.signature, tables: this.collector.shapes() } } : {};
  }
}

/**
 * After a walk: when the tables are not known (a `replace` table, a table stored before child
 * tables existed, a changed key or nesting), one pass over the stored rows records them.
 */
export async function recordShapeIfUnknown(store: Store, r: ResolvedResource, state: TableState): Promise<TableState> {
  const plan = tablePlanOf(r);
  if (currentShape(plan, state.shape)) return state;
  const tables = await scanShape(plan, () => store.iterateRows(r.name));
  return store.patchTableState(r.name, { shape: { plan: planSignature(plan), tables } });
}
