export type { BatchSource, CsvOptions, ExportExtension, FlatValue, JsonOptions, Row } from './types';
export { collectColumns, flattenRow } from './flatten';
export { isSoftDeleted } from './live-rows';
export { CSV_MIME, exportCsv } from './csv';
export { JSON_MIME, NDJSON_MIME, exportJson } from './json';
export { exportFileName } from './file-name';
export { ZIP_MIME, exportZip, type ZipTable } from './zip';
export type { ExportChoices, ExportFormat, ExportTable } from './format';
export { EXPORT_FORMATS } from './formats';
