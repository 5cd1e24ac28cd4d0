import { Zip, ZipDeflate } from 'fflate';
import { csvChunks } from './csv';
import { ColumnTypes, ReferenceCheck, dataPackage, readmeText, type PackageInfo, type PackagedTable, type TableReference } from './datapackage';
import { exportFileName } from './file-name';
import type { ExportTable } from './format';
import type { CsvOptions } from './types';

export const ZIP_MIME = 'application/zip';

/** A table in the ZIP: any `ExportTable` (child tables carry their `records` view and `parent`). */
export type ZipTable = ExportTable;

export interface ZipPackage {
  /** References between tables the config or preset knows (`sales.customer_id → customers.id`); declared only when they resolve. */
  references: TableReference[];
  info: PackageInfo;
}

/**
 * Every table as its own CSV (named like a single-table export) in one ZIP, and with `pkg` a
 * `datapackage.json` and `README.txt` describing them. The CSV text is encoded and deflated
 * batch by batch through fflate's streaming `Zip`, so no table is ever held whole, as text or as
 * bytes; only the compressed output accumulates for the final Blob.
 */
export async function exportZip(tables: readonly ZipTable[], opts: Omit<CsvOptions, 'primaryKey'>, date: Date = new Date(), pkg?: ZipPackage): Promise<Blob> {
  const fileNames = tables.map((table) => exportFileName(table.name, 'csv', date));
  const duplicate = fileNames.find((name, i) => fileNames.indexOf(name) !== i);
  if (duplicate !== undefined) throw new Error(`Cannot build the ZIP: two tables would both be saved as ${duplicate}`);

  const output: Uint8Array[] = [];
  let zipError: Error | null = null;
  // ZipDeflate is synchronous: this callback runs inside each push() and end(), so a failure is
  // seen right after the call that caused it.
  const zip = new Zip((err, chunk) => {
    if (err) zipError ??= err;
    else output.push(chunk);
  });
  const check = () => {
    if (zipError) throw zipError;
  };
  const encoder = new TextEncoder();
  const add = (name: string) => {
    const file = new ZipDeflate(name, { level: 6 });
    file.mtime = date;
    zip.add(file);
    return file;
  };

  const structural: TableReference[] = tables.flatMap((t) =>
    t.parent ? [{ table: t.name, columns: t.parent.columns, references: { table: t.parent.table, columns: t.parent.references }, kind: 'child table' as const }] : [],
  );
  const references = new ReferenceCheck([...structural, ...(pkg?.references ?? [])]);
  const packaged: PackagedTable[] = [];
  for (const [i, table] of tables.entries()) {
    const file = add(fileNames[i]);
    const entry: PackagedTable = { table: table.name, file: fileNames[i], header: [], types: new ColumnTypes(), primaryKey: table.primaryKey, rows: 0, parent: table.parent };
    const observe = (columns: readonly string[], cells: readonly (string | number | boolean | null)[][]) => {
      entry.header = [...columns];
      entry.types.observe(columns, cells);
      entry.rows += cells.length;
      if (pkg) references.observe(table.name, columns, cells);
    };
    for await (const text of csvChunks(table.source, { ...opts, primaryKey: table.primaryKey, columns: table.columns, records: table.records }, observe)) {
      file.push(encoder.encode(text));
      check();
    }
    file.push(new Uint8Array(0), true);
    check();
    packaged.push(entry);
  }
  if (pkg) {
    const headers = new Map(packaged.map((t) => [t.table, new Set(t.header)]));
    const has = (table: string, columns: readonly string[]) => columns.every((c) => headers.get(table)?.has(c));
    const checked = references.results(new Set(headers.keys())).filter(({ reference: r }) => has(r.table, r.columns) && has(r.references.table, r.references.columns));
    const declared = checked.filter((c) => c.unresolved === 0).map((c) => c.reference);
    for (const [name, text] of [
      ['datapackage.json', JSON.stringify(dataPackage(packaged, declared, pkg.info), null, 2) + '\n'],
      ['README.txt', readmeText(packaged, checked, pkg.info)],
    ] as const) {
      const file = add(name);
      file.push(encoder.encode(text), true);
      check();
    }
  }
  zip.end();
  check();
  return new Blob(output as BlobPart[], { type: ZIP_MIME });
}
