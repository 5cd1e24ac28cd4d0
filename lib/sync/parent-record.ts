/**
 * dlt's `build_parent_record` (`dlt/sources/rest_api/config_setup.py`): the `include_from_parent`
 * fields of one parent row, as the child's columns `_<parent>_<field>`. A field is read as a plain
 * key of the parent row first, as dlt reads it (`item[parent_key]`, so `"a.b"` and `"x y"` are keys);
 * a field that is no key of the row but a JSONPath (`user.name`) is read as that path, an addition
 * of ours. Fields are compiled once per resource, not per row.
 */
import { parentFieldName } from '@/lib/config/placeholders';
import type { ResolvedResource } from '@/lib/config/types';
import { SyncError } from '@/lib/errors';
import { compilePath, jsonPathIssue, type JsonPath } from '@/lib/jsonpath';
import type { Row } from '@/lib/store';

interface ParentField {
  field: string;
  column: string;
  /** The field read as a JSONPath when the row has no such key; null when it is not a JSONPath. */
  path: JsonPath | null;
}

const compiled = new WeakMap<ResolvedResource, ParentField[]>();

function parentFields(resource: ResolvedResource): ParentField[] {
  let fields = compiled.get(resource);
  if (!fields) {
    const parent = resource.parent!.resource;
    fields = resource.includeFromParent.map((field) => ({
      field,
      column: parentFieldName(parent, field),
      path: jsonPathIssue(field) === null ? compilePath(field) : null,
    }));
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
  for (const { field, column, path } of parentFields(resource)) {
    const value = Object.hasOwn(parentRow, field) ? parentRow[field] : path?.first(parentRow);
    if (value === undefined) {
      throw new SyncError(
        'bad_response',
        `${resource.name}: include_from_parent needs the field "${field}" in each ${resource.parent.resource} row, but a row has only ${Object.keys(parentRow).join(', ')}`,
        { resource: resource.name },
      );
    }
    record[column] = value;
  }
  return record;
}
