/**
 * A resource's request parts parsed into templates once, when the config is resolved (STYLE:
 * parse once at the boundary). The sync engine fills the compiled form per request
 * (`lib/sync/requests.ts`); the strings in ResolvedResource stay as written for display and storage.
 */
import { parseTemplate, type Template } from './template';
import type { JsonPrimitive, JsonValue, ResolvedResource } from './types';

export type CompiledJson =
  | { template: Template }
  | { value: JsonPrimitive }
  | { list: CompiledJson[] }
  | { entries: [Template, CompiledJson][] };

export interface CompiledRequest {
  path: Template;
  /** Static values stay as they are; strings are templates; a list holds one of those per item. */
  params: [string, Template | JsonPrimitive | (Template | JsonPrimitive)[]][];
  headers: [Template, Template][];
  json?: CompiledJson;
  data?: { form: [Template, Template | JsonPrimitive][] } | { raw: Template };
}

function compileJson(value: JsonValue): CompiledJson {
  if (typeof value === 'string') return { template: parseTemplate(value) };
  if (Array.isArray(value)) return { list: value.map(compileJson) };
  if (value !== null && typeof value === 'object') return { entries: Object.entries(value).map(([k, v]) => [parseTemplate(k), compileJson(v)]) };
  return { value };
}

const compiled = new WeakMap<ResolvedResource, CompiledRequest>();

/**
 * The compiled request of a resource, parsed on first use and cached for the resource object.
 * @throws TemplateError for a template resolveConfig would have refused (resources built by hand).
 */
export function compileRequest(resource: ResolvedResource): CompiledRequest {
  let c = compiled.get(resource);
  if (c) return c;
  const template = (v: JsonPrimitive): Template | JsonPrimitive => (typeof v === 'string' ? parseTemplate(v) : v);
  c = {
    path: parseTemplate(resource.path),
    params: Object.entries(resource.params).map(([k, v]) => [k, Array.isArray(v) ? v.map(template) : template(v)]),
    headers: Object.entries(resource.headers ?? {}).map(([k, v]) => [parseTemplate(k), parseTemplate(v)]),
    ...(resource.json ? { json: compileJson(resource.json) } : {}),
    ...(resource.data === undefined
      ? {}
      : { data: typeof resource.data === 'string' ? { raw: parseTemplate(resource.data) } : { form: resource.data.map(([k, v]) => [parseTemplate(k), template(v)]) } }),
  };
  compiled.set(resource, c);
  return c;
}
