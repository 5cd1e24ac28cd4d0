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
  hasRecords,
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

/**
 * An export that would hold no rows: the popup says so (a status, not an error) and downloads
 * nothing, instead of a file with a header and no rows.
 */
export class NothingToExport extends Error {
  override name = 'NothingToExport';
}

/**
 * Exports `table` (the resource's own table, or one of its child tables by name).
 * Rejects with `NothingToExport` when the table gives no rows with these settings.
 */
export async function exportTable(resource: ResolvedResource, table: string, format: ExportFormat, opts: ExportSettings): Promise<void> {
  const found = (await tablesOf(resource)).find((t) => t.name === table);
  if (!found || !(await hasRecords(found, opts.includeDeleted))) {
    const deleted = opts.includeDeleted ? '' : ' (rows marked deleted are left out; see Settings → Export)';
    throw new NothingToExport(`Nothing to export: ${table} has no rows${deleted}.`);
  }
  const blob = await format.build(found, opts);
  await downloadBlob(blob, exportFileName(table, format.extension(opts)));
}

/**
 * Every table of `resources` that gives rows with these settings, and the names of those left out
 * for having none. Rejects with `NothingToExport` when no table has a row.
 */
async function tablesWithRows(resources: readonly ResolvedResource[], includeDeleted: boolean): Promise<{ tables: ExportTable[]; empty: string[] }> {
  const all = (await Promise.all(resources.map(tablesOf))).flat();
  const kept = await Promise.all(all.map((t) => hasRecords(t, includeDeleted)));
  const tables = all.filter((_, i) => kept[i]);
  if (!tables.length) throw new NothingToExport('Nothing to export yet: no table has any rows. Click Sync now first.');
  return { tables, empty: all.filter((_, i) => !kept[i]).map((t) => t.name) };
}

export interface ExportAllInfo {
  /** The store's host for README.txt (never the token). */
  store: string | null;
  syncedAt: Record<string, number | undefined>;
}

/**
 * "Export all (ZIP)": every table's CSV, child tables included, with datapackage.json and
 * README.txt; tables without rows are left out (README.txt names them).
 */
export async function exportAll(resources: ResolvedResource[], opts: ExportSettings, info: ExportAllInfo): Promise<void> {
  const { tables, empty } = await tablesWithRows(resources, opts.includeDeleted);
  const exportedAt = new Date();
  const blob = await exportZip(tables, { bom: opts.bom, includeDeleted: opts.includeDeleted }, exportedAt, {
    references: knownReferences(resources, PRESET_REFERENCES),
    info: { ...info, exportedAt, includeDeleted: opts.includeDeleted, empty },
  });
  await downloadBlob(blob, exportFileName('retail-export', 'zip', exportedAt));
}

/** "Export all (Excel)": one workbook, an index sheet then a sheet per table with rows, child tables included. */
export async function exportAllExcel(resources: ResolvedResource[], opts: ExportSettings): Promise<void> {
  const { tables } = await tablesWithRows(resources, opts.includeDeleted);
  const blob = await exportXlsx(tables, { includeDeleted: opts.includeDeleted, index: true });
  await downloadBlob(blob, exportFileName('retail-export', 'xlsx'));
}

/** "Export all (Parquet)": a ZIP of one .parquet file per table with rows, child tables included. */
export async function exportAllParquet(resources: ResolvedResource[], opts: ExportSettings): Promise<void> {
  const { tables } = await tablesWithRows(resources, opts.includeDeleted);
  const blob = await exportParquetZip(tables, { includeDeleted: opts.includeDeleted });
  await downloadBlob(blob, exportFileName('retail-export-parquet', 'zip'));
}
