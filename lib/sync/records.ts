/** From a page's records to rows ready for the store: parent fields and keys (records come from data-selector.ts). */
import type { ResolvedResource } from '@/lib/config/types';
import { SyncError } from '@/lib/errors';
import { stringifyJson } from '@/lib/json-text';
import type { KeyPart, Row } from '@/lib/store';

/**
 * A record (already an object: data-selector.ts wraps other values as dlt does) with the columns
 * its parent row gives it (parent-record.ts), which win over the record's own, as dlt's
 * `child_record.update(parent_record)`.
 */
export function toRow(record: Row, parentFields?: Row): Row {
  return parentFields && Object.keys(parentFields).length ? { ...record, ...parentFields } : record;
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
