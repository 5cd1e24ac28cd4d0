/** The popup's export buttons: read a table from IndexedDB, build the file, hand it to downloads. */
import type { ResolvedResource } from '@/lib/config/types';
import { exportCsv, exportFileName, exportJson, exportZip } from '@/lib/export';
import type { ExportSettings } from '@/lib/settings';
import { openStore, tableSource } from '@/lib/store';
import { downloadBlob } from '@/lib/ui/download';

export type ExportKind = 'CSV' | 'JSON';

/** The table's columns as the sync recorded them, so the CSV export reads the table only once. */
async function knownColumns(name: string): Promise<string[] | undefined> {
  return (await (await openStore()).tableState(name)).columns;
}

export async function exportTable(resource: ResolvedResource, kind: ExportKind, opts: ExportSettings): Promise<void> {
  const source = tableSource(resource.name);
  if (kind === 'CSV') {
    const columns = await knownColumns(resource.name);
    const blob = await exportCsv(source, { primaryKey: resource.primaryKey, bom: opts.bom, includeDeleted: opts.includeDeleted, columns });
    await downloadBlob(blob, exportFileName(resource.name, 'csv'));
  } else {
    const blob = await exportJson(source, { format: opts.jsonFormat, includeDeleted: opts.includeDeleted });
    await downloadBlob(blob, exportFileName(resource.name, opts.jsonFormat));
  }
}

export async function exportAll(resources: ResolvedResource[], opts: ExportSettings): Promise<void> {
  const tables = await Promise.all(
    resources.map(async (r) => ({ name: r.name, source: tableSource(r.name), primaryKey: r.primaryKey, columns: await knownColumns(r.name) })),
  );
  const blob = await exportZip(tables, { bom: opts.bom, includeDeleted: opts.includeDeleted });
  await downloadBlob(blob, exportFileName('retail-export', 'zip'));
}
