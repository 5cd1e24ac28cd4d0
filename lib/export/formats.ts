/** Every per-table export format, in the order the popup shows its buttons. */
import { csvFormat } from './csv';
import type { ExportFormat } from './format';
import { jsonFormat } from './json';
import { parquetFormat } from './parquet';
import { xlsxFormat } from './xlsx';

export const EXPORT_FORMATS: readonly ExportFormat[] = [csvFormat, jsonFormat, xlsxFormat, parquetFormat];
