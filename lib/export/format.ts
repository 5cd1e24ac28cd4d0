/**
 * What an export format is to the popup: a button per table, a file name extension and a builder.
 * Adding a format is one module that exports an `ExportFormat` plus one line in `formats.ts`.
 */
import type { BatchSource, ExportExtension, RecordsOf, Row } from './types';

/** The export choices a user makes on the options page (a structural copy of `Settings.export`). */
export interface ExportChoices {
  /** UTF-8 byte-order mark on CSV files. */
  bom: boolean;
  /** Keep soft-deleted rows (non-empty `deleted_at`). */
  includeDeleted: boolean;
  jsonFormat: 'json' | 'ndjson';
}

/** One table as an exporter reads it: a re-iterable batch source plus what is known of its shape. */
export interface ExportTable {
  /** The resource name as the config names it (`sales`); also the file name's stem. */
  name: string;
  source: BatchSource;
  /** Primary key columns, leading the header in this order; empty for tables without a key. */
  primaryKey: string[];
  /** Every flattened column, when the sync recorded it (saves a pass over the table). */
  columns?: readonly string[];
  /**
   * How a row of `source` becomes this table's records. A child table (`sales__line_items`)
   * reads its parent resource's rows and gives none or many records per row; default: one
   * flattened record per row. Soft-deleted rows are dropped before this, so a deleted sale's
   * line items go with it.
   */
  records?: RecordsOf;
  /** As `records` with leaf values as stored (bigints, dates, arrays), for typed formats; default: `flattenLeaves`. */
  leaves?: (row: Row) => Record<string, unknown>[];
  /** For JSON: a child table's elements as the API sent them, after their key fields (`TableView.elements`); default: the stored row. */
  elements?: (row: Row) => Row[];
  /** For a child table: the parent table, the columns holding its key and the key columns they match. */
  parent?: { table: string; columns: string[]; references: string[] };
}

export interface ExportFormat {
  /**
   * The button's text and the last word of its accessible name, "Export sales as CSV" (the
   * automation contract names CSV and JSON buttons this way).
   */
  label: string;
  /** Hover text for the button. */
  title(table: string, choices: ExportChoices): string;
  /** The file name extension for these choices (`json` or `ndjson`, …). */
  extension(choices: ExportChoices): ExportExtension;
  /** The whole file. Rejects with an Error whose message a store owner can act on. */
  build(table: ExportTable, choices: ExportChoices): Promise<Blob>;
}
