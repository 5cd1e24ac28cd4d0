/**
 * Reads a Parquet file with DuckDB (its C++ Parquet reader through `@duckdb/node-api`), an
 * independent check of what the extension writes with hyparquet-writer.
 */
import { DuckDBInstance } from '@duckdb/node-api';

export interface ParquetFileContents {
  /** Column name → DuckDB's type for it (`VARCHAR`, `BIGINT`, `DOUBLE`, `BOOLEAN`, `JSON`). */
  types: Record<string, string>;
  /** Column names in file order. */
  columns: string[];
  /** Every row in file order: BIGINT as bigint, DOUBLE as number, text and JSON as string. */
  rows: Record<string, unknown>[];
}

export async function readParquetFile(file: string): Promise<ParquetFileContents> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const literal = `'${file.replace(/'/g, "''")}'`;
    const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${literal})`);
    const types: Record<string, string> = {};
    const columns: string[] = [];
    for (const row of described.getRowObjectsJS()) {
      columns.push(String(row.column_name));
      types[String(row.column_name)] = String(row.column_type);
    }
    // JSON columns come back as their text; everything else as DuckDB's JS value.
    const reader = await connection.runAndReadAll(`SELECT * FROM read_parquet(${literal})`);
    return { types, columns, rows: reader.getRowObjectsJS() as Record<string, unknown>[] };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
