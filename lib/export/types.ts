/** One stored row, exactly as the store holds it (the API object plus parent-key fields). */
export type Row = Record<string, unknown>;

/**
 * A table to export, read in batches. Each call starts a new pass from the first row, so a CSV
 * export can find its columns in one pass and write rows in a second without holding the table.
 */
export type BatchSource = () => AsyncIterable<Row[]>;

/** A CSV cell after flattening: what Papa.unparse writes as-is. */
export type FlatValue = string | number | boolean | null;

/**
 * One row of a table as cells, column name → value. Built with a null prototype so a column
 * named `__proto__` or `constructor` is an ordinary entry.
 */
export type FlatRecord = Record<string, FlatValue>;

/**
 * How one stored row becomes records of the table being written: one flattened record for a
 * top-level table, none or many for a child table (`tables.ts`).
 */
export type RecordsOf = (row: Row) => FlatRecord[];

export interface CsvOptions {
  /** The table's primary key columns; they lead the header in this order. */
  primaryKey: string[];
  /** Records of the table from each stored row; default: `flattenRow` (lists as JSON text). */
  records?: RecordsOf;
  /** Start the file with a UTF-8 byte order mark (default true) so Excel reads it as UTF-8. */
  bom?: boolean;
  /** Keep soft-deleted rows (non-empty `deleted_at`); default false. */
  includeDeleted?: boolean;
  /**
   * Every flattened column the table holds, in first-seen order, when already known (the sync
   * keeps it): the export then reads the table once instead of a first pass to find columns.
   */
  columns?: readonly string[];
}

export interface JsonOptions {
  /** `json`: one array; `ndjson`: one object per line. Default `json`. */
  format?: 'json' | 'ndjson';
  /** A child table's objects from each stored row (`TableView.elements`); default: the stored row itself. */
  elements?: (row: Row) => Row[];
  /** Keep soft-deleted rows (non-empty `deleted_at`); default false. */
  includeDeleted?: boolean;
}

export type ExportExtension = 'csv' | 'json' | 'ndjson' | 'zip' | 'xlsx' | 'parquet';
