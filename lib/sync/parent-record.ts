/**
 * dlt's `build_parent_record` (`dlt/sources/rest_api/config_setup.py`): the `include_from_parent`
 * fields of one parent row, as the child's columns `_<parent>_<field>`. A field is read as a plain
 * key of the parent row first, as dlt reads it (`item[parent_key]`, so `"a.b"` and `"x y"` are keys);
 * a field that is no key of the row but a JSONPath (`user.name`) is read as that path, an addition
 * of ours. Placeholders read parent rows by the same rule (`lib/config/parent-field.ts`). Fields
 * are compiled once per resource, not per row.
 */
import { describeKeys, describeMissing, parentField, readParentField, type ParentField } from '@/lib/config/parent-field';
import { parentFieldName } from '@/lib/config/placeholders';
import type { ResolvedResource } from '@/lib/config/types';
import { SyncError } from '@/lib/errors';
import type { Row } from '@/lib/store';

const compiled = new WeakMap<ResolvedResource, { column: string; field: ParentField }[]>();

function parentFields(resource: ResolvedResource): { column: string; field: ParentField }[] {
  let fields = compiled.get(resource);
  if (!fields) {
    const parent = resource.parent!.resource;
    fields = resource.includeFromParent.map((field) => ({ column: parentFieldName(parent, field), field: parentField(field) }));
    compiled.set(resource, fields);
  }
  return fields;
}

/**
 * The columns a child row gets from `parentRow`; `{}` for a resource without a parent or fields.
 * @throws SyncError ('bad_response') naming the resource, the field and the parent when the row
 *   lacks a field: dlt raises there, before the child's request for that row.
 */
export function parentRecord(resource: ResolvedResource, parentRow: Row): Row {
  if (!resource.parent || resource.includeFromParent.length === 0) return {};
  const record: Row = {};
  for (const { column, field } of parentFields(resource)) {
    const value = readParentField(field, parentRow);
    if (value === undefined) {
      throw new SyncError(
        'bad_response',
        `${resource.name}: include_from_parent needs the field "${field.field}" in each ${resource.parent.resource} row, but a row has ${describeMissing(field)}; ${describeKeys(parentRow)}`,
        { resource: resource.name },
      );
    }
    record[column] = value;
  }
  return record;
}
