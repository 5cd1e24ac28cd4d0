/**
 * dlt's request templates: `str.format` placeholders in paths, params, headers, json and data
 * (dlt: `dlt/sources/rest_api/config_setup.py` `expand_placeholders`, `_find_expressions`).
 *
 * A template is parsed once, when the config is resolved, into literal text and placeholder names;
 * `{{` and `}}` are escapes for literal braces (tests/sources/rest_api/test_interpolation.py). The
 * sync engine only fills the parsed form, so no text is re-parsed per page or per row.
 */

/** One piece of a parsed template: literal text or a placeholder such as `resources.posts.id`. */
export type TemplatePart = { text: string } | { field: string };

export interface Template {
  parts: TemplatePart[];
  /** The placeholder name when the whole text is exactly one placeholder (json keeps its value's type). */
  single?: string;
}

export class TemplateError extends Error {}

/**
 * Parses `text` as Python's `str.format` does for plain field names: `{name}` is a placeholder,
 * `{{`/`}}` are literal braces. Format specs (`{id:>5}`) and conversions (`{id!r}`) are refused:
 * they have no use in a request and would be mistaken for part of a name.
 * @throws TemplateError naming the problem ("single '}'", "unclosed '{'").
 */
export function parseTemplate(text: string): Template {
  const parts: TemplatePart[] = [];
  let literal = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '}') {
      if (text[i + 1] !== '}') throw new TemplateError(`a single "}" must be written "}}" (dlt reads braces as placeholders)`);
      literal += '}';
      i++;
    } else if (c === '{') {
      if (text[i + 1] === '{') {
        literal += '{';
        i++;
        continue;
      }
      const end = text.indexOf('}', i + 1);
      const open = text.indexOf('{', i + 1);
      if (end < 0 || (open >= 0 && open < end)) throw new TemplateError(`"{" is not closed by "}"; write "{{" for a literal brace`);
      const field = text.slice(i + 1, end);
      if (field.trim() === '') throw new TemplateError(`"{}" has no name; write "{{}}" for literal braces`);
      if (/[!:]/.test(field)) {
        throw new TemplateError(`"{${field}}": format specs and conversions are not supported; write the bare name, e.g. {resources.posts.id}, or {{ and }} for literal braces`);
      }
      if (literal) parts.push({ text: literal });
      literal = '';
      parts.push({ field });
      i = end;
    } else literal += c;
  }
  if (literal) parts.push({ text: literal });
  const only = parts.length === 1 ? parts[0] : undefined;
  return only && 'field' in only ? { parts, single: only.field } : { parts };
}

/** The placeholder names a template uses, in order of appearance. */
export function templateFields(template: Template): string[] {
  return template.parts.flatMap((p) => ('field' in p ? [p.field] : []));
}

/** True when the template is only literal text. */
export function isLiteral(template: Template): boolean {
  return template.parts.every((p) => 'text' in p);
}

/**
 * Text as Python's `str()` writes a value, because dlt formats placeholders with `str.format`
 * and `requests` writes param values with `str()`: `True`, `None`, `{'a': 1}`, `[1, 2]`.
 */
export function pythonStr(value: unknown): string {
  if (typeof value === 'string') return value;
  return pythonRepr(value);
}

function pythonRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${pythonRepr(k)}: ${pythonRepr(v)}`)
      .join(', ')}}`;
  }
  return String(value);
}

/**
 * Fills a template. `lookup` returns a placeholder's value; `encode` is applied to each filled
 * value (not to literal text), e.g. percent-encoding in a path.
 */
export function fillTemplate(template: Template, lookup: (field: string) => unknown, encode?: (text: string) => string): string {
  let out = '';
  for (const part of template.parts) {
    if ('text' in part) out += part.text;
    else {
      const text = pythonStr(lookup(part.field));
      out += encode ? encode(text) : text;
    }
  }
  return out;
}

/** Like `fillTemplate`, but a template that is exactly one placeholder gives the value itself (dlt's `preserve_value_type` for json bodies). */
export function fillTemplateValue(template: Template, lookup: (field: string) => unknown): unknown {
  if (template.single !== undefined) return lookup(template.single);
  return fillTemplate(template, lookup);
}
