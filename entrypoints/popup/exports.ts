/** The popup's export buttons: read a table from IndexedDB, build the file, hand it to downloads. */
import { PRESET_REFERENCES } from '@/lib/config';
import type { ResolvedResource } from '@/lib/config/types';
import {
  currentShape,
  exportFileName,
  exportParquetZip,
  exportTables,
  exportXlsx,
  exportZip,
  knownReferences,
  scanShape,
  tablePlanOf,
  type ExportFormat,
  type ExportTable,
} from '@/lib/export';
import type { ExportSettings } from '@/lib/settings';
import { openStore, tableSource } from '@/lib/store';
import { downloadBlob } from '@/lib/ui/download';

/**
 * A stored resource as the tables it exports: its own first, then its child tables, each with the
 * columns the sync recorded (so a CSV reads the table once). Tables stored before the sync
 * recorded them are found with one pass over the rows.
 */
export async function tablesOf(resource: ResolvedResource): Promise<ExportTable[]> {
  const state = await (await openStore()).tableState(resource.name);
  const plan = tablePlanOf(resource);
  const source = tableSource(resource.name);
  const shapes = currentShape(plan, state.shape) ?? (await scanShape(plan, source));
  return exportTables(plan, shapes, source);
}

/** Exports `table` (the resource's own table, or one of its child tables by name). */
export async function exportTable(resource: ResolvedResource, table: string, format: ExportFormat, opts: ExportSettings): Promise<void> {
  const found = (await tablesOf(resource)).find((t) => t.name === table);
  if (!found) throw new Error(`${table} has no rows yet: sync ${resource.name} first`);
  const blob = await format.build(found, opts);
  await downloadBlob(blob, exportFileName(table, format.extension(opts)));
}

async function allTables(resources: readonly ResolvedResource[]): Promise<ExportTable[]> {
  return (await Promise.all(resources.map(tablesOf))).flat();
}

export interface ExportAllInfo {
  /** The store's host for README.txt (never the token). */
  store: string | null;
  syncedAt: Record<string, number | undefined>;
}

/** "Export all (ZIP)": every table's CSV, child tables included, with datapackage.json and README.txt. */
export async function exportAll(resources: ResolvedResource[], opts: ExportSettings, info: ExportAllInfo): Promise<void> {
  const tables = await allTables(resources);
  const exportedAt = new Date();
  const blob = await exportZip(tables, { bom: opts.bom, includeDeleted: opts.includeDeleted }, exportedAt, {
    references: knownReferences(resources, PRESET_REFERENCES),
    info: { ...info, exportedAt, includeDeleted: opts.includeDeleted },
  });
  await downloadBlob(blob, exportFileName('retail-export', 'zip', exportedAt));
}

/** "Export all (Excel)": one workbook, an index sheet then a sheet per table, child tables included. */
export async function exportAllExcel(resources: ResolvedResource[], opts: ExportSettings): Promise<void> {
  const blob = await exportXlsx(await allTables(resources), { includeDeleted: opts.includeDeleted, index: true });
  await downloadBlob(blob, exportFileName('retail-export', 'xlsx'));
}

/** "Export all (Parquet)": a ZIP of one .parquet file per table, child tables included. */
export async function exportAllParquet(resources: ResolvedResource[], opts: ExportSettings): Promise<void> {
  const tables = await allTables(resources);
  const blob = await exportParquetZip(tables, { includeDeleted: opts.includeDeleted });
  await downloadBlob(blob, exportFileName('retail-export-parquet', 'zip'));
}
