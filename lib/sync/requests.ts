/**
 * The base request of a resource: its compiled templates filled with one parent row's fields and
 * the sync's incremental values, as dlt's `expand_placeholders` fills them
 * (`dlt/sources/rest_api/config_setup.py`, tests/sources/rest_api/test_interpolation.py).
 */
import { describeKeys, describeMissing, readParentField } from '@/lib/config/parent-field';
import { compileRequest, type CompiledJson } from '@/lib/config/request-template';
import { fillTemplate, fillTemplateValue, pythonStr, type Template } from '@/lib/config/template';
import type { CursorValue, JsonPrimitive, JsonValue, ResolvedResource } from '@/lib/config/types';
import { SyncError } from '@/lib/errors';
import type { ApiRequest } from '@/lib/http';
import type { PageRequest } from '@/lib/paginators/types';
import type { Row } from '@/lib/store';

/** dlt's Incremental attributes a template may name as `{incremental.<name>}`. */
export interface IncrementalValues {
  start_value: CursorValue;
  last_value: CursorValue;
  initial_value: CursorValue;
  end_value: CursorValue;
  lag: CursorValue;
}


/**
 * Fills every part of the resource's request. Parent values in the path are percent-encoded so a
 * value cannot add path segments or a query; elsewhere they are written as dlt writes them
 * (Python's `str()`), and a json value that is exactly one placeholder keeps the value's type.
 * @throws SyncError when the parent row lacks a referenced field (dlt raises the same).
 */
export function baseRequest(resource: ResolvedResource, parentRow?: Row, incremental?: Partial<IncrementalValues>): PageRequest {
  const c = compileRequest(resource);
  const lookup = (field: string): unknown => {
    if (field.startsWith('incremental.')) {
      const name = field.slice('incremental.'.length) as keyof IncrementalValues;
      return incremental?.[name] ?? (name === 'initial_value' || name === 'start_value' || name === 'last_value' ? (resource.incremental?.initialValue ?? null) : null);
    }
    const ref = c.parentFields.get(field);
    if (ref) {
      // A literal key of the row first, else the field's JSONPath (its first value, as dlt's find_values(...)[0]).
      const value = parentRow ? readParentField(ref.field, parentRow) : undefined;
      if (value === undefined) {
        throw new SyncError('bad_response', `${resource.name}: a ${ref.resource} row has ${describeMissing(ref.field)} to fill {${field}}; ${describeKeys(parentRow)}`, {
          resource: resource.name,
        });
      }
      return value;
    }
    // resolveConfig refuses any other name; a hand-built resource gets a clear error rather than "undefined".
    throw new SyncError('config', `${resource.name}: nothing fills the placeholder {${field}}`, { resource: resource.name });
  };
  const fill = (t: Template) => fillTemplate(t, lookup);
  const params: Record<string, string | string[]> = {};
  // requests drops a param whose value is None, and a None item of a list; a template is text (dlt writes a None there as "None").
  const text = (value: Template | JsonPrimitive) => (isTemplate(value) ? fill(value) : pythonStr(value));
  for (const [name, value] of c.params) {
    if (value === null) continue;
    if (!Array.isArray(value)) params[name] = text(value);
    else {
      // An empty list sends no param at all, as requests does.
      const items = value.filter((v) => v !== null).map(text);
      if (items.length) params[name] = items;
    }
  }
  const incrementalParams = resource.incremental;
  if (incrementalParams?.startParam) setParam(params, incrementalParams.startParam, incremental?.last_value ?? incremental?.start_value ?? incrementalParams.initialValue);
  if (incrementalParams?.endParam) setParam(params, incrementalParams.endParam, incremental?.end_value ?? incrementalParams.endValue ?? null);
  const request: PageRequest = {
    path: fillTemplate(c.path, lookup, (text) => encodeURIComponent(text)),
    params,
  };
  if (c.headers.length) {
    const headers: Record<string, string> = {};
    for (const [k, v] of c.headers) headers[fill(k)] = fill(v);
    request.headers = headers;
  }
  if (c.json) request.json = fillJson(c.json, lookup) as Record<string, JsonValue>;
  if (c.data) {
    if ('raw' in c.data) request.data = fill(c.data.raw);
    else {
      const form: [string, string][] = [];
      for (const [k, v] of c.data.form) {
        // requests leaves out a form field whose value is None; templates are text, as for params.
        if (v !== null) form.push([fill(k), isTemplate(v) ? fill(v) : pythonStr(v)]);
      }
      // An empty form sends no body at all, as requests does for data={}.
      if (form.length) request.data = form;
    }
  }
  return request;
}

function setParam(params: Record<string, string | string[]>, name: string, value: unknown) {
  if (value === null || value === undefined) delete params[name];
  else params[name] = pythonStr(value);
}

function isTemplate(v: Template | JsonPrimitive): v is Template {
  return typeof v === 'object' && v !== null && 'parts' in v;
}

function fillJson(c: CompiledJson, lookup: (field: string) => unknown): unknown {
  if ('template' in c) return fillTemplateValue(c.template, lookup);
  if ('value' in c) return c.value;
  if ('list' in c) return c.list.map((x) => fillJson(x, lookup));
  return Object.fromEntries(c.entries.map(([k, v]) => [fillTemplate(k, lookup), fillJson(v, lookup)]));
}

/** A filled page request of `resource` as the HTTP client takes it: body, headers and the endpoint's own auth. */
export function apiRequest(resource: ResolvedResource, req: PageRequest): ApiRequest {
  return {
    resource: resource.name,
    path: req.path,
    params: req.params,
    method: resource.method,
    json: req.json,
    ...(req.data === undefined ? {} : { data: req.data }),
    ...(req.headers ? { headers: req.headers } : {}),
    ...(resource.auth === undefined ? {} : { auth: resource.auth }),
    ...(resource.responseActions ? { responseActions: resource.responseActions } : {}),
  };
}
