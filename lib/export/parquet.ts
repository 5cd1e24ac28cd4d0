/**
 * Parquet export (Apache Parquet, written with hyparquet-writer: pure JS, no wasm, chosen by
 * measurement in bench/parquet-libraries.ts). A table is read twice: once for its columns and their
 * types (`parquet-columns.ts`), once to write row groups of `ROW_GROUP_ROWS` rows. Each finished
 * row group leaves the JS heap as a Blob piece, so the heap holds about one row group's values.
 *
 * Columns are those of the CSV export: nested objects flattened to dotted columns
 * (`customer.first_name`, one typed column per field, as dlt's own normaliser flattens them),
 * lists as child tables (`ExportTable.leaves`), or JSON text where they are not split. Soft-deleted
 * rows follow the include-deleted choice, as in CSV and JSON.
 */
import { Zip, ZipPassThrough } from 'fflate';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import { exportFileName } from './file-name';
import { flattenLeaves } from './flatten';
import type { ExportFormat, ExportTable } from './format';
import { liveBatches } from './live-rows';
import { ColumnKinds, parquetValue, type ParquetColumn, type ParquetKind } from './parquet-columns';

export const PARQUET_MIME = 'application/vnd.apache.parquet';

/**
 * Rows per row group. Large enough for good compression and dictionary pages (DuckDB's default is
 * 122,880; readers are fine with smaller ones), small enough that one group's values stay a few MB
 * of heap for a wide table such as sales.
 */
export const ROW_GROUP_ROWS = 10_000;

type SchemaElement = ConstructorParameters<typeof ParquetWriter>[0]['schema'][number];

/** Parquet's schema element for each kind; JSON is written as UTF-8 and marked JSON at the end (see below). */
function schemaElement(column: ParquetColumn): SchemaElement {
  const base = { name: column.name, repetition_type: 'OPTIONAL' as const };
  switch (column.kind) {
    case 'string':
    case 'json':
      return { ...base, type: 'BYTE_ARRAY', converted_type: 'UTF8' };
    case 'boolean':
      return { ...base, type: 'BOOLEAN' };
    case 'int64':
      return { ...base, type: 'INT64' };
    case 'double':
      return { ...base, type: 'DOUBLE' };
  }
}

/**
 * hyparquet-writer's buffer, emptied into a Blob piece after every row group (its `flush` hook)
 * instead of growing to the whole file.
 */
class BlobPartsWriter extends ByteWriter {
  readonly parts: Blob[] = [];

  flush(): void {
    if (this.index === 0) return;
    this.parts.push(new Blob([new Uint8Array(this.buffer, 0, this.index).slice()]));
    this.index = 0;
  }

  finish(): void {
    this.flush();
  }
}

/** A table with no rows and no primary key: Parquet cannot hold a table without columns. */
export class NoColumnsError extends Error {
  constructor(readonly table: string) {
    super(`${table} has no rows and no primary key, so there is no column to write`);
  }
}

export interface ParquetOptions {
  primaryKey: readonly string[];
  /** Keep soft-deleted rows (non-empty `deleted_at`); default false. */
  includeDeleted?: boolean;
  rowGroupRows?: number;
}

/** First pass: every column (primary key first, then first-seen order) with its type. */
export async function parquetColumns(table: Pick<ExportTable, 'source' | 'leaves'>, opts: ParquetOptions): Promise<ParquetColumn[]> {
  const kinds = new ColumnKinds(opts.primaryKey);
  const leavesOf = table.leaves ?? oneLeafRecord;
  for await (const batch of liveBatches(table.source, opts.includeDeleted ?? false)) {
    for (const row of batch) for (const flat of leavesOf(row)) kinds.observe(flat);
  }
  return kinds.columns();
}

/** A top-level table without a view: one flattened record per row. */
const oneLeafRecord = (row: Record<string, unknown>) => [flattenLeaves(row)];

/**
 * The table as one Parquet file. A table with no rows still gets its primary key columns (as
 * text), so the file says what it would hold. Rejects when the table has no column at all (no
 * rows and no primary key): Parquet has no way to write a table without columns.
 */
export async function exportParquet(table: Pick<ExportTable, 'name' | 'source' | 'leaves'>, opts: ParquetOptions): Promise<Blob> {
  const columns = await parquetColumns(table, opts);
  if (columns.length === 0) throw new NoColumnsError(table.name);
  const schema: SchemaElement[] = [{ name: 'root', num_children: columns.length }, ...columns.map(schemaElement)];
  const writer = new BlobPartsWriter();
  const parquet = new ParquetWriter({ writer, schema, statistics: false, createdBy: 'Retail Exporter (hyparquet-writer)' });
  const groupRows = opts.rowGroupRows ?? ROW_GROUP_ROWS;

  let values: unknown[][] = columns.map(() => []);
  let rows = 0;
  const writeGroup = async () => {
    if (rows === 0) return;
    await parquet.write({ columnData: columns.map((c, i) => ({ name: c.name, data: values[i] as never })), rowGroupSize: rows });
    values = columns.map(() => []);
    rows = 0;
  };
  const index = new Map(columns.map((c, i) => [c.name, i]));
  const kinds: ParquetKind[] = columns.map((c) => c.kind);

  const leavesOf = table.leaves ?? oneLeafRecord;
  for await (const batch of liveBatches(table.source, opts.includeDeleted ?? false)) {
    for (const flat of batch.flatMap(leavesOf)) {
      for (let i = 0; i < columns.length; i++) values[i].push(null);
      for (const name in flat) {
        // A column that appeared after the first pass (the table changed mid-export) has no place.
        const at = index.get(name);
        if (at !== undefined) values[at][rows] = parquetValue(kinds[at], flat[name]);
      }
      rows++;
      if (rows >= groupRows) await writeGroup();
    }
  }
  await writeGroup();
  // Parquet's JSON logical type: the pages were written as plain UTF-8 text (the writer's own
  // JSON path re-encodes values through JSON.stringify and turns bigints into rounded numbers),
  // and only the schema in the footer, written by finish(), says JSON.
  columns.forEach((column, i) => {
    if (column.kind === 'json') Object.assign(schema[i + 1], { converted_type: 'JSON', logical_type: { type: 'JSON' } });
  });
  await parquet.finish();
  return new Blob(writer.parts, { type: PARQUET_MIME });
}

/**
 * "Export all (Parquet)": one .parquet file per table (named like a single-table export) in a
 * ZIP. Parquet pages are already compressed, so the files are stored, not deflated again. Tables
 * with neither rows nor a primary key have nothing to write and are left out.
 */
export async function exportParquetZip(tables: ExportTable[], opts: Omit<ParquetOptions, 'primaryKey'>, date: Date = new Date()): Promise<Blob> {
  const output: Uint8Array[] = [];
  let zipError: Error | null = null;
  const zip = new Zip((err, chunk) => {
    if (err) zipError ??= err;
    else output.push(chunk);
  });
  for (const table of tables) {
    let file: Blob;
    try {
      file = await exportParquet(table, { ...opts, primaryKey: table.primaryKey });
    } catch (err) {
      if (err instanceof NoColumnsError) continue;
      throw err;
    }
    const entry = new ZipPassThrough(exportFileName(table.name, 'parquet', date));
    entry.mtime = date;
    zip.add(entry);
    entry.push(new Uint8Array(await file.arrayBuffer()), true);
    if (zipError) throw zipError;
  }
  zip.end();
  if (zipError) throw zipError;
  return new Blob(output as BlobPart[], { type: 'application/zip' });
}

export const parquetFormat: ExportFormat = {
  label: 'Parquet',
  title: (table) => `Export ${table} as Parquet (typed columns, for DuckDB, pandas, Spark and warehouses)`,
  extension: () => 'parquet',
  build: (table, choices) => exportParquet(table, { primaryKey: table.primaryKey, includeDeleted: choices.includeDeleted }),
};
