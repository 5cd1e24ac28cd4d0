/**
 * How a child reads a field of its parent's row, the one rule for `{resources.<parent>.<field>}`
 * placeholders (path, params, json, headers, data, dlt's `resolve` params) and `include_from_parent`:
 * the field is a literal key of the row when the row has that key (dlt's `build_parent_record`
 * reads `item[parent_key]`, so `"ext.id"` is a key), else a JSONPath into the row (dlt's
 * `process_parent_data_item` reads placeholder fields with `jsonpath.find_values`), where a key
 * holding dots is written bracket-quoted: `['ext.id']`. Fields are compiled once, when the config is
 * resolved or a resource's request is first compiled; reading one is a key check and a path walk.
 */
import { compilePath, jsonPathIssue, type JsonPath } from '@/lib/jsonpath';

/** One character of a resource name usable in placeholders (and as a `_<parent>_<field>` column prefix). */
const RESOURCE_NAME_CHARS = '[A-Za-z0-9_-]';

/** A parent field compiled for reading rows. */
export interface ParentField {
  /** As written after `resources.<parent>.` (or in include_from_parent): `id`, `ext.id`, `['ext.id']`. */
  readonly field: string;
  /** The field read as a JSONPath when the row has no such key; null when it is not a JSONPath (then only a key). */
  readonly path: JsonPath | null;
}

/** Compiles a parent field (never throws: a field that is no JSONPath can still be a key). */
export function parentField(field: string): ParentField {
  return { field, path: jsonPathIssue(field) === null ? compilePath(field) : null };
}

/** The field's value in `row`: its own key first, else the first value its JSONPath selects; undefined when neither. */
export function readParentField(f: ParentField, row: Record<string, unknown>): unknown {
  return Object.hasOwn(row, f.field) ? row[f.field] : f.path?.first(row);
}

/**
 * What a row lacks when `f` reads nothing, for an error message: `no key "id"` (also for the one
 * key of a bracket field, `['ext.id']` → `no key "ext.id"`), or for a field that is also a deeper
 * JSONPath `no key "ext.id" and nothing at the JSONPath ext.id`.
 */
export function describeMissing(f: ParentField): string {
  const segments = f.path?.segments;
  if (segments?.length === 1 && typeof segments[0] === 'string') {
    return segments[0] === f.field ? `no key "${f.field}"` : `no key ${JSON.stringify(segments[0])}`;
  }
  return f.path ? `no key ${JSON.stringify(f.field)} and nothing at the JSONPath ${f.field}` : `no key ${JSON.stringify(f.field)}`;
}

/** A row's keys for an error message, each quoted so keys holding dots, commas or spaces read unambiguously: `its keys are "id", "ext.id"`. */
export function describeKeys(row: Record<string, unknown> | undefined): string {
  const keys = row ? Object.keys(row) : [];
  return keys.length ? `its keys are ${keys.map((k) => JSON.stringify(k)).join(', ')}` : 'it has no keys';
}

/** A parsed `{resources.<parent>.<field>}` placeholder name. */
export interface ParentPlaceholder {
  resource: string;
  /** The field part: after `resources.<parent>.`, or the bracket form right after the name (`resources.items['ext.id']`). */
  field: string;
}

const PLACEHOLDER = new RegExp(`^resources\\.(${RESOURCE_NAME_CHARS}+)(?:\\.(.+)|(\\[.+))$`, 's');

/**
 * Splits a placeholder name into parent and field: `resources.items.ext.id` → `items`, `ext.id`;
 * `resources.items['ext.id']` and `resources.items.['ext.id']` → `items`, `['ext.id']`. The parent
 * name ends at the first character no resource name holds, so the field keeps every dot after it.
 * Returns null when the name is not of that form.
 */
export function parseParentPlaceholder(name: string): ParentPlaceholder | null {
  const m = PLACEHOLDER.exec(name.trim());
  if (!m) return null;
  const field = (m[2] ?? m[3]).trim();
  return field === '' ? null : { resource: m[1], field };
}
