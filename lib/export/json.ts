import { stringifyJson } from '@/lib/json-text';
import { BlobParts } from './blob-parts';
import type { ExportFormat } from './format';
import { liveBatches } from './live-rows';
import type { BatchSource, JsonOptions } from './types';

export const JSON_MIME = 'application/json';
export const NDJSON_MIME = 'application/x-ndjson';

/**
 * The stored rows exactly as stored — no flattening, ids that are strings stay strings — either
 * as one JSON array with one compact row per line, or as NDJSON (one row per line, each line
 * ending in "\n"). An empty table is `[]` or an empty file.
 */
export async function exportJson(source: BatchSource, opts: JsonOptions = {}): Promise<Blob> {
  const ndjson = opts.format === 'ndjson';
  const parts = new BlobParts();
  let rowsWritten = 0;
  for await (const stored of liveBatches(source, opts.includeDeleted ?? false)) {
    const batch = opts.elements ? stored.flatMap(opts.elements) : stored;
    if (batch.length === 0) continue;
    const lines = batch.map((row) => stringifyJson(row) ?? 'null');
    if (ndjson) parts.push(lines.join('\n') + '\n');
    else parts.push((rowsWritten === 0 ? '[\n' : ',\n') + lines.join(',\n'));
    rowsWritten += batch.length;
  }
  if (ndjson) return parts.toBlob(NDJSON_MIME);
  parts.push(rowsWritten === 0 ? '[]\n' : '\n]\n');
  return parts.toBlob(JSON_MIME);
}

export const jsonFormat: ExportFormat = {
  label: 'JSON',
  title: (table, choices) => `Export ${table} as ${choices.jsonFormat === 'ndjson' ? 'NDJSON (one object per line)' : 'JSON'}`,
  extension: (choices) => choices.jsonFormat,
  build: (table, choices) => exportJson(table.source, { format: choices.jsonFormat, includeDeleted: choices.includeDeleted, elements: table.elements }),
};
