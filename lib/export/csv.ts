import Papa from 'papaparse';
import { BlobParts } from './blob-parts';
import { collectColumns, flattenRow } from './flatten';
import type { ExportFormat } from './format';
import { FORMULA_START } from './formula';
import { liveBatches } from './live-rows';
import type { BatchSource, CsvOptions, FlatValue } from './types';

export const CSV_MIME = 'text/csv;charset=utf-8';

const NEWLINE = '\r\n';
const BOM = '\uFEFF';
const UNPARSE_CONFIG: Papa.UnparseConfig = { header: false, newline: NEWLINE, escapeFormulae: FORMULA_START };

/**
 * The CSV header: primary key columns first, in key order, then every other column in the order
 * it is first seen across the whole table (one full pass), so a column that only appears on row
 * 90,000 still gets a place.
 */
export async function csvColumns(source: BatchSource, opts: CsvOptions): Promise<string[]> {
  const columns = new Set<string>(opts.primaryKey);
  for await (const batch of liveBatches(source, opts.includeDeleted ?? false)) {
    for (const row of batch) collectColumns(row, columns);
  }
  return [...columns];
}

/**
 * The CSV text in pieces: the BOM (unless turned off), the header line, then one piece per batch.
 * Every line ends in CRLF. A table with no rows gives the header alone (its primary key columns),
 * so the file still says what it would hold; with no columns at all there is no header line.
 *
 * Rows are written in a second pass over the source; a column that appears only after the first
 * pass (the table changed mid-export) has no header place and is left out of that export.
 */
export async function* csvChunks(source: BatchSource, opts: CsvOptions): AsyncGenerator<string> {
  if (opts.bom ?? true) yield BOM;
  const columns = opts.columns ? [...new Set([...opts.primaryKey, ...opts.columns])] : await csvColumns(source, opts);
  if (columns.length === 0) return;
  yield Papa.unparse([columns], UNPARSE_CONFIG) + NEWLINE;
  for await (const batch of liveBatches(source, opts.includeDeleted ?? false)) {
    // Records go in as arrays in header order: Papa writes an object with no keys as a line with
    // no delimiters at all, which would shift a row's cells instead of leaving them empty.
    const records = batch.map((row) => {
      const flat = flattenRow(row);
      return columns.map((column): FlatValue => flat[column] ?? null);
    });
    yield Papa.unparse({ fields: columns, data: records }, UNPARSE_CONFIG) + NEWLINE;
  }
}

/** The table as one CSV file (UTF-8, CRLF, header first). */
export async function exportCsv(source: BatchSource, opts: CsvOptions): Promise<Blob> {
  const parts = new BlobParts();
  for await (const chunk of csvChunks(source, opts)) parts.push(chunk);
  return parts.toBlob(CSV_MIME);
}

export const csvFormat: ExportFormat = {
  label: 'CSV',
  title: (table) => `Export ${table} as CSV`,
  extension: () => 'csv',
  build: (table, choices) =>
    exportCsv(table.source, { primaryKey: table.primaryKey, columns: table.columns, bom: choices.bom, includeDeleted: choices.includeDeleted }),
};
