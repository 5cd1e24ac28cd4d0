/**
 * A resource as the tables it exports: its own (top-level) table and the child tables its nested
 * lists split into (`tables.ts`), each an `ExportTable` over the resource's stored rows.
 */
import { parentFieldName } from '@/lib/config/placeholders';
import type { ResolvedResource } from '@/lib/config/types';
import type { TableReference } from './datapackage';
import type { ExportTable } from './format';
import { liveBatches } from './live-rows';
import { ShapeCollector, tableView, type TablePlan, type TableShape } from './tables';
import type { BatchSource } from './types';

/**
 * The tables a resource's rows split into, as the sync recorded them (`TableState.shape`), with
 * the plan they were recorded under: a changed primary key or `max_table_nesting` makes them stale.
 */
export interface RecordedShape {
  plan: string;
  tables: TableShape[];
}

/** What decides a resource's tables: its name, primary key and dlt's `max_table_nesting` (`lib/config`). */
export function tablePlanOf(r: Pick<ResolvedResource, 'name' | 'primaryKey' | 'maxTableNesting'>): TablePlan {
  return { root: r.name, primaryKey: r.primaryKey, maxTableNesting: r.maxTableNesting };
}

export function planSignature(plan: TablePlan): string {
  return JSON.stringify([plan.primaryKey, plan.maxTableNesting ?? null]);
}

/** The recorded tables when they were recorded under this plan, else undefined. */
export function currentShape(plan: TablePlan, recorded: RecordedShape | undefined): TableShape[] | undefined {
  return recorded && recorded.plan === planSignature(plan) ? recorded.tables : undefined;
}

/** One pass over the stored rows (all of them, deleted ones too) to find the tables and columns. */
export async function scanShape(plan: TablePlan, source: BatchSource): Promise<TableShape[]> {
  const collector = new ShapeCollector(plan);
  for await (const batch of liveBatches(source, true)) for (const row of batch) collector.add(row);
  return collector.shapes();
}

/** Every table of a resource, the top-level one first, each reading `source` (the resource's stored rows). */
export function exportTables(plan: TablePlan, shapes: readonly TableShape[], source: BatchSource): ExportTable[] {
  return shapes.map((shape) => {
    const view = tableView(plan, shape.path);
    return {
      name: shape.name,
      source,
      primaryKey: view.primaryKey,
      columns: shape.columns,
      records: view.records,
      leaves: view.leafRecords,
      elements: shape.path.length ? view.elements : undefined,
      parent: view.parent,
    };
  });
}

/**
 * References a config makes between its tables: a child resource's copied parent fields
 * (`include_from_parent`: `fulfillments._sales_id → sales.id`), plus `extra` ones the preset
 * knows (`[table, column, referenced table, referenced column]`).
 */
export function knownReferences(resources: readonly ResolvedResource[], extra: readonly (readonly [string, string, string, string])[] = []): TableReference[] {
  const refs: TableReference[] = [];
  for (const r of resources) {
    if (!r.parent) continue;
    for (const field of r.includeFromParent) {
      refs.push({ table: r.name, columns: [parentFieldName(r.parent.resource, field)], references: { table: r.parent.resource, columns: [field] }, kind: 'known' });
    }
  }
  for (const [table, column, target, targetColumn] of extra) {
    if (refs.some((x) => x.table === table && x.columns[0] === column)) continue;
    refs.push({ table, columns: [column], references: { table: target, columns: [targetColumn] }, kind: 'known' });
  }
  return refs;
}
