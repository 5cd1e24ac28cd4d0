/** From a page's records to rows ready for the store: parent fields and keys (records come from data-selector.ts). */
import type { ResolvedResource } from '@/lib/config/types';
import { SyncError } from '@/lib/errors';
import { parentFieldName } from '@/lib/config/placeholders';
import { stringifyJson } from '@/lib/json-text';
import { lookup } from '@/lib/jsonpath';
import type { KeyPart, Row } from '@/lib/store';

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
    const value = lookup(parentRow, field);
    // dlt's build_parent_record raises rather than write a column that was never in the parent.
    if (value === undefined) {
      throw new SyncError(
        'bad_response',
        `${resource.name}: include_from_parent needs the field "${field}" in each ${resource.parent.resource} row, but a row has only ${Object.keys(parentRow).join(', ')}`,
        { resource: resource.name },
      );
    }
    row[parentFieldName(resource.parent.resource, field)] = value;
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
