import { Zip, ZipDeflate } from 'fflate';
import { csvChunks } from './csv';
import { exportFileName } from './file-name';
import type { BatchSource, CsvOptions } from './types';

export const ZIP_MIME = 'application/zip';

export interface ZipTable {
  name: string;
  source: BatchSource;
  primaryKey: string[];
  /** The table's known columns (see CsvOptions.columns). */
  columns?: readonly string[];
}

/**
 * Every table as its own CSV (named like a single-table export) in one ZIP. The CSV text is
 * encoded and deflated batch by batch through fflate's streaming `Zip`, so no table is ever held
 * whole, as text or as bytes; only the compressed output accumulates for the final Blob.
 */
export async function exportZip(tables: ZipTable[], opts: Omit<CsvOptions, 'primaryKey'>, date: Date = new Date()): Promise<Blob> {
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
  for (const [i, table] of tables.entries()) {
    const file = new ZipDeflate(fileNames[i], { level: 6 });
    file.mtime = date;
    zip.add(file);
    for await (const text of csvChunks(table.source, { ...opts, primaryKey: table.primaryKey, columns: table.columns })) {
      file.push(encoder.encode(text));
      check();
    }
    file.push(new Uint8Array(0), true);
    check();
  }
  zip.end();
  check();
  return new Blob(output as BlobPart[], { type: ZIP_MIME });
}
