/** From a parsed response body to rows ready for the store: selector, parent fields, keys. */
import type { ResolvedResource } from '@/lib/config/types';
import { SyncError } from '@/lib/errors';
import { stringifyJson } from '@/lib/json-text';
import { parentFieldName } from '@/lib/config/placeholders';
import { compilePath, lookup } from '@/lib/jsonpath';
import type { KeyPart, Row } from '@/lib/store';

/** dlt's data-selector auto-detection looks for the first list under these keys. */
const LIST_KEYS = ['data', 'items', 'results', 'records', 'entries', 'rows', 'objects', 'values'];

/**
 * The records of one response at the resource's data selector. A selector that can match several
 * values (`data[*]`, `groups[*].items[*]`) yields every match as a record, as dlt's
 * `extract_response` does (one match that is a list is that list). A selector to one value must
 * find a list, or an object at `$` (a single-entity endpoint).
 */
export function selectRecords(body: unknown, resource: ResolvedResource): unknown[] {
  if (resource.dataSelector === undefined) return autoDetect(body, resource.name);
  const selector = compilePath(resource.dataSelector);
  if (!selector.segments) {
    const matches = selector.find(body);
    return matches.length === 1 && Array.isArray(matches[0]) ? matches[0] : matches;
  }
  const found = selector.first(body);
  if (Array.isArray(found)) return found;
  if (selector.segments.length === 0 && isObject(found)) return [found];
  const hint = isObject(found) ? ` (found an object with keys: ${Object.keys(found).slice(0, 8).join(', ')})` : '';
  throw new SyncError(
    'bad_response',
    `${resource.name}: data_selector "${resource.dataSelector}" found no list of records in the response${hint}`,
    { resource: resource.name, detail: `top-level keys: ${isObject(body) ? Object.keys(body).join(', ') : typeof body}` },
  );
}

function autoDetect(body: unknown, name: string): unknown[] {
  if (Array.isArray(body)) return body;
  if (isObject(body)) {
    for (const key of LIST_KEYS) if (Array.isArray(body[key])) return body[key] as unknown[];
    for (const key of LIST_KEYS) {
      const inner = body[key];
      if (isObject(inner)) for (const k2 of Object.keys(inner)) if (Array.isArray(inner[k2])) return inner[k2] as unknown[];
    }
  }
  throw new SyncError('bad_response', `${name}: no list of records found in the response; set the resource's data_selector`, {
    resource: name,
    detail: `top-level keys: ${isObject(body) ? Object.keys(body).join(', ') : typeof body}`,
  });
}

export { parentFieldName };

export function toRow(record: unknown, resource: ResolvedResource, parentRow?: Row): Row {
  if (!isObject(record)) {
    throw new SyncError('bad_response', `${resource.name}: expected each record to be a JSON object, got ${stringifyJson(record)?.slice(0, 60)}`, {
      resource: resource.name,
    });
  }
  if (!parentRow || !resource.parent || resource.includeFromParent.length === 0) return record;
  const row: Row = { ...record };
  for (const field of resource.includeFromParent) {
    row[parentFieldName(resource.parent.resource, field)] = lookup(parentRow, field) ?? null;
  }
  return row;
}

/** Primary-key values of a row, as IndexedDB key parts. */
export function keyOf(row: Row, resource: ResolvedResource): KeyPart[] {
  return resource.primaryKey.map((column) => {
    const value = row[column];
    if (typeof value === 'string' || typeof value === 'bigint' || (typeof value === 'number' && Number.isFinite(value))) return value;
    throw new SyncError(
      'bad_response',
      `${resource.name}: a record has no usable primary key "${column}" (got ${value === undefined ? 'nothing' : stringifyJson(value)})`,
      { resource: resource.name, detail: `primary_key: ${resource.primaryKey.join(', ')}` },
    );
  });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
