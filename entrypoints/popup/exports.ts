/** The popup's export buttons: read a table from IndexedDB, build the file, hand it to downloads. */
import type { ResolvedResource } from '@/lib/config/types';
import { exportFileName, exportParquetZip, exportZip, type ExportFormat, type ExportTable } from '@/lib/export';
import type { ExportSettings } from '@/lib/settings';
import { openStore, tableSource } from '@/lib/store';
import { downloadBlob } from '@/lib/ui/download';

/** A stored table as exporters read it; its columns as the sync recorded them, so a CSV export reads the table once. */
async function exportTableOf(resource: ResolvedResource): Promise<ExportTable> {
  const { columns } = await (await openStore()).tableState(resource.name);
  return { name: resource.name, source: tableSource(resource.name), primaryKey: resource.primaryKey, columns };
}

export async function exportTable(resource: ResolvedResource, format: ExportFormat, opts: ExportSettings): Promise<void> {
  const blob = await format.build(await exportTableOf(resource), opts);
  await downloadBlob(blob, exportFileName(resource.name, format.extension(opts)));
}

export async function exportAll(resources: ResolvedResource[], opts: ExportSettings): Promise<void> {
  const tables = await Promise.all(resources.map(exportTableOf));
  const blob = await exportZip(tables, { bom: opts.bom, includeDeleted: opts.includeDeleted });
  await downloadBlob(blob, exportFileName('retail-export', 'zip'));
}

/** "Export all (Parquet)": a ZIP of one .parquet file per table. */
export async function exportAllParquet(resources: ResolvedResource[], opts: ExportSettings): Promise<void> {
  const tables = await Promise.all(resources.map(exportTableOf));
  const blob = await exportParquetZip(tables, { includeDeleted: opts.includeDeleted });
  await downloadBlob(blob, exportFileName('retail-export-parquet', 'zip'));
}
