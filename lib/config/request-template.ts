/**
 * A resource's request parts parsed into templates once, when the config is resolved (STYLE:
 * parse once at the boundary). The sync engine fills the compiled form per request
 * (`lib/sync/requests.ts`); the strings in ResolvedResource stay as written for display and storage.
 */
import { parentField, parseParentPlaceholder, type ParentField } from './parent-field';
import { parseTemplate, templateFields, type Template } from './template';
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
  /** Each `{resources.<parent>.<field>}` name the templates use, with its parent and compiled field. */
  parentFields: Map<string, { resource: string; field: ParentField }>;
}

const compiled = new WeakMap<ResolvedResource, CompiledRequest>();

/**
 * The compiled request of a resource, parsed on first use and cached for the resource object.
 * @throws TemplateError for a template resolveConfig would have refused (resources built by hand).
 */
export function compileRequest(resource: ResolvedResource): CompiledRequest {
  let c = compiled.get(resource);
  if (c) return c;
  const parsed: Template[] = [];
  const parse = (text: string): Template => {
    const t = parseTemplate(text);
    parsed.push(t);
    return t;
  };
  const template = (v: JsonPrimitive): Template | JsonPrimitive => (typeof v === 'string' ? parse(v) : v);
  const compileJson = (value: JsonValue): CompiledJson => {
    if (typeof value === 'string') return { template: parse(value) };
    if (Array.isArray(value)) return { list: value.map(compileJson) };
    if (value !== null && typeof value === 'object') return { entries: Object.entries(value).map(([k, v]) => [parse(k), compileJson(v)]) };
    return { value };
  };
  c = {
    path: parse(resource.path),
    params: Object.entries(resource.params).map(([k, v]) => [k, Array.isArray(v) ? v.map(template) : template(v)]),
    headers: Object.entries(resource.headers ?? {}).map(([k, v]) => [parse(k), parse(v)]),
    ...(resource.json ? { json: compileJson(resource.json) } : {}),
    ...(resource.data === undefined
      ? {}
      : { data: typeof resource.data === 'string' ? { raw: parse(resource.data) } : { form: resource.data.map(([k, v]) => [parse(k), template(v)]) } }),
    parentFields: new Map(),
  };
  for (const name of parsed.flatMap(templateFields)) {
    const ref = name.startsWith('resources.') ? parseParentPlaceholder(name) : null;
    if (ref && !c.parentFields.has(name)) c.parentFields.set(name, { resource: ref.resource, field: parentField(ref.field) });
  }
  compiled.set(resource, c);
  return c;
}
