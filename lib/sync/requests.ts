/** The base request of a resource, with `{resources.<parent>.<field>}` bound to one parent row. */
import type { CursorValue, JsonPrimitive, ResolvedResource } from '@/lib/config/types';
import { SyncError } from '@/lib/errors';
import { lookup } from '@/lib/jsonpath';
import type { PageRequest } from '@/lib/paginators/types';
import type { Row } from '@/lib/store';

const PLACEHOLDER = /\{resources\.([A-Za-z0-9_-]+)\.([^{}]+)\}/g;

const INCREMENTAL = /\{incremental\.(start_value|initial_value|last_value)\}/g;

/**
 * `startValue` fills dlt's `{incremental.*}` placeholders: the walk starts after the highest value
 * already stored (or the configured initial value).
 */
export function baseRequest(resource: ResolvedResource, parentRow?: Row, startValue?: CursorValue): PageRequest {
  const start = String(startValue ?? resource.incremental?.initialValue ?? '');
  const fill = (text: string, encode: boolean) =>
    text.replace(PLACEHOLDER, (_m, parent: string, field: string) => {
      const value = parentRow ? lookup(parentRow, field) : undefined;
      if (value === undefined || value === null || typeof value === 'object') {
        throw new SyncError('bad_response', `${resource.name}: parent ${parent} row has no value for "${field}"`, { resource: resource.name });
      }
      // Path segments are encoded so a parent value cannot add path segments or a query.
      return encode ? encodeURIComponent(String(value)) : String(value);
    });
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(resource.params)) {
    if (value === null || value === undefined) continue;
    params[name] = typeof value === 'string' ? fill(value, false).replace(INCREMENTAL, start) : String(value as JsonPrimitive);
  }
  return { path: fill(resource.path, true), params, ...(resource.json ? { json: resource.json } : {}) };
}
