import Papa from 'papaparse';
import { BlobParts } from './blob-parts';
import { flattenRow } from './flatten';
import type { ExportFormat } from './format';
import { FORMULA_START } from './formula';
import { liveBatches } from './live-rows';
import type { BatchSource, CsvOptions, FlatValue, RecordsOf } from './types';

export const CSV_MIME = 'text/csv;charset=utf-8';

const NEWLINE = '\r\n';
const BOM = '\uFEFF';
const UNPARSE_CONFIG: Papa.UnparseConfig = { header: false, newline: NEWLINE, escapeFormulae: FORMULA_START };

/**
 * The CSV header: primary key columns first, in key order, then every other column in the order
 * it is first seen across the whole table (one full pass), so a column that only appears on row
 * 90,000 still gets a place.
 */
export async function csvColumns(source: BatchSource, opts: Pick<CsvOptions, 'primaryKey' | 'records' | 'includeDeleted'>): Promise<string[]> {
  const columns = new Set<string>(opts.primaryKey);
  const records = recordsOf(opts);
  for await (const batch of liveBatches(source, opts.includeDeleted ?? false)) {
    for (const row of batch) for (const record of records(row)) for (const column of Object.keys(record)) columns.add(column);
  }
  return [...columns];
}

const oneFlatRecord: RecordsOf = (row) => [flattenRow(row)];

/** The options' record builder, or one flattened record per row. */
export function recordsOf(opts: { records?: RecordsOf }): RecordsOf {
  return opts.records ?? oneFlatRecord;
}

/** The header: known columns (primary key first) or, when unknown, a pass over the table. */
export async function headerColumns(source: BatchSource, opts: Pick<CsvOptions, 'primaryKey' | 'records' | 'includeDeleted' | 'columns'>): Promise<string[]> {
  return opts.columns ? [...new Set([...opts.primaryKey, ...opts.columns])] : csvColumns(source, opts);
}

/**
 * The CSV text in pieces: the BOM (unless turned off), the header line, then one piece per batch.
 * Every line ends in CRLF. A table with no rows gives the header alone (its primary key columns),
 * so the file still says what it would hold; with no columns at all there is no header line.
 *
 * Rows are written in a second pass over the source; a column that appears only after the first
 * pass (the table changed mid-export) has no header place and is left out of that export.
 */
export async function* csvChunks(
  source: BatchSource,
  opts: CsvOptions,
  /** Sees the header and each batch of cells as written (the ZIP's data package reads types and keys from them). */
  observe?: (columns: readonly string[], cells: readonly FlatValue[][]) => void,
): AsyncGenerator<string> {
  if (opts.bom ?? true) yield BOM;
  const columns = await headerColumns(source, opts);
  observe?.(columns, []);
  if (columns.length === 0) return;
  yield Papa.unparse([columns], UNPARSE_CONFIG) + NEWLINE;
  const recordsOfRow = recordsOf(opts);
  for await (const batch of liveBatches(source, opts.includeDeleted ?? false)) {
    // Records go in as arrays in header order: Papa writes an object with no keys as a line with
    // no delimiters at all, which would shift a row's cells instead of leaving them empty.
    const cells: FlatValue[][] = [];
    for (const row of batch) for (const flat of recordsOfRow(row)) cells.push(columns.map((column): FlatValue => flat[column] ?? null));
    // A child table may have no records in a whole batch of its parents.
    if (cells.length === 0) continue;
    observe?.(columns, cells);
    yield Papa.unparse({ fields: columns, data: cells }, UNPARSE_CONFIG) + NEWLINE;
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
    exportCsv(table.source, {
      primaryKey: table.primaryKey,
      columns: table.columns,
      records: table.records,
      bom: choices.bom,
      includeDeleted: choices.includeDeleted,
    }),
};
