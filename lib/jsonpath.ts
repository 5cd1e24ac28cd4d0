/**
 * JSONPath, as dlt compiles every path option with jsonpath-ng (`dlt/common/jsonpath.py`):
 * `data_selector`, `cursor_path`, `next_url_path`, `total_path`, `has_more_path`,
 * `incremental.cursor_path`, `include_from_parent` and `{resources.<parent>.<field>}` fields.
 *
 * The selectors are those of RFC 9535: the root `$`, names (`.name`, `['name']`, `["name"]`),
 * wildcards (`.*`, `[*]`), indexes counting from the end when negative (`[0]`, `[-1]`), slices
 * (`[1:3]`, `[::2]`), unions (`['a','b']`, `[0,2]`) and descendants (`..name`, `..*`). As in
 * jsonpath-ng, the leading `$` may be left out (`data.items` is `$.data.items`). Filter expressions
 * (`[?…]`) are refused with a clear message.
 *
 * One addition for OData APIs (Microsoft Graph, Dynamics, SAP): their annotation keys hold dots,
 * `@odata.nextLink`, `Orders@odata.count`. jsonpath-ng refuses `@` outside a filter, so a plain
 * `@odata.nextLink` would be an error there; here a dotted name containing `@` runs to the next
 * `[` or the end of the path, dots included, and so reads that one key, exactly like
 * `['@odata.nextLink']`.
 *
 * Paths are compiled once per distinct text (`compilePath` keeps the compiled form), so the engine
 * never parses a path per page or per row.
 */

/** One step of a singular path: an object key or an array index (negative counts from the end). */
export type PathSegment = string | number;

/** A path whose syntax is not JSONPath as read here; the message says where and what was expected. */
export class JsonPathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonPathError';
  }
}

type Selector =
  | { kind: 'name'; name: string }
  | { kind: 'index'; index: number }
  | { kind: 'wildcard' }
  | { kind: 'slice'; start: number | null; end: number | null; step: number | null };

interface Step {
  selectors: Selector[];
  /** `..`: the selectors apply to the node and every node below it. */
  descendants: boolean;
}

/** A compiled path. */
export interface JsonPath {
  /** The path as written, for messages. */
  readonly text: string;
  /** Keys and indexes when the path selects at most one value; `null` when it may select several. */
  readonly segments: readonly PathSegment[] | null;
  /** Every value the path selects, in document order (RFC 9535 §2.1: a nodelist). */
  find(value: unknown): unknown[];
  /** The first value selected, `undefined` when none (dlt's `find_values(...)[0]`). */
  first(value: unknown): unknown;
}

const EXAMPLES = "data.items, $.data[*], ['@odata.nextLink'] or Quotes[-1].id";

/** Characters that end a dotted name; quotes and whitespace need the bracket form. */
const NAME_CHAR = /[^.[\]'"\s*]/;

class Parser {
  private i = 0;
  constructor(private readonly text: string) {}

  parse(): Step[] {
    const t = this.text;
    const steps: Step[] = [];
    if (t === '') throw this.fail('is empty');
    if (t[0] === '$' && (t.length === 1 || t[1] === '.' || t[1] === '[')) this.i = 1;
    else if (t[0] === '.') throw this.fail('starts with "." (write the first name without it, or start with $.)');
    else if (t[0] !== '[') steps.push(this.dottedName());
    while (this.i < t.length) {
      const c = t[this.i];
      if (c === '[') {
        steps.push({ selectors: this.bracket(), descendants: false });
      } else if (c === '.') {
        this.i++;
        const descendants = t[this.i] === '.';
        if (descendants) this.i++;
        if (this.i >= t.length) throw this.fail(descendants ? 'ends with ".." (name what to find below it)' : 'ends with "."');
        if (t[this.i] === '[') {
          if (!descendants) throw this.fail(`has ".[" at character ${this.i} (write [ without the dot)`);
          steps.push({ selectors: this.bracket(), descendants: true });
        } else {
          const step = this.dottedName();
          steps.push({ ...step, descendants });
        }
      } else {
        throw this.fail(`has an unexpected ${JSON.stringify(c)} at character ${this.i + 1}`);
      }
    }
    return steps;
  }

  /** `name`, `*`, `'quoted name'`, or an OData annotation name running to the next `[`. */
  private dottedName(): Step {
    const t = this.text;
    const start = this.i;
    if (t[start] === '*') {
      this.i++;
      return { selectors: [{ kind: 'wildcard' }], descendants: false };
    }
    if (t[start] === "'" || t[start] === '"') return { selectors: [{ kind: 'name', name: this.quoted() }], descendants: false };
    while (this.i < t.length && NAME_CHAR.test(t[this.i])) this.i++;
    // An annotation name takes the dots after its `@` too: `@odata.nextLink`, `value@odata.count`.
    if (t.slice(start, this.i).includes('@')) {
      while (this.i < t.length && t[this.i] !== '[' && !/\s/.test(t[this.i])) this.i++;
    }
    const name = t.slice(start, this.i);
    if (name === '') throw this.fail(`has no name at character ${start + 1}`);
    return { selectors: [{ kind: 'name', name }], descendants: false };
  }

  private bracket(): Selector[] {
    const t = this.text;
    const open = this.i;
    this.i++;
    const selectors: Selector[] = [];
    for (;;) {
      this.space();
      if (this.i >= t.length) throw this.fail(`has a "[" at character ${open + 1} that is never closed`);
      const c = t[this.i];
      if (c === '?') throw this.fail('uses a filter expression ([?…]), which is not supported; select by name, index, slice or wildcard');
      if (c === "'" || c === '"') selectors.push({ kind: 'name', name: this.quoted() });
      else if (c === '*') {
        this.i++;
        selectors.push({ kind: 'wildcard' });
      } else if (/[-\d:]/.test(c)) selectors.push(this.indexOrSlice());
      else {
        const word = /^[^\]\s,]*/.exec(t.slice(this.i))![0];
        throw this.fail(`has an unquoted name ${JSON.stringify(word)} in brackets; quote it: ['${word}']`);
      }
      this.space();
      if (t[this.i] === ',') {
        this.i++;
        continue;
      }
      if (t[this.i] === ']') {
        this.i++;
        return selectors;
      }
      if (this.i >= t.length) throw this.fail(`has a "[" at character ${open + 1} that is never closed`);
      throw this.fail(`has an unexpected ${JSON.stringify(t[this.i])} at character ${this.i + 1} inside brackets`);
    }
  }

  private indexOrSlice(): Selector {
    const t = this.text;
    const parts: (number | null)[] = [];
    for (;;) {
      this.space();
      const m = /^-?\d+/.exec(t.slice(this.i));
      if (m) {
        if (m[0] === '-0' || /^-?0\d/.test(m[0])) throw this.fail(`has an index ${m[0]} with a leading zero or sign`);
        parts.push(Number(m[0]));
        this.i += m[0].length;
      } else parts.push(null);
      this.space();
      if (t[this.i] !== ':' || parts.length === 3) break;
      this.i++;
    }
    if (parts.length === 1) {
      if (parts[0] === null) throw this.fail(`has an empty selector at character ${this.i + 1}`);
      return { kind: 'index', index: parts[0] };
    }
    const [start, end, step = null] = parts;
    return { kind: 'slice', start, end, step };
  }

  /** A quoted name with RFC 9535's escapes (\\ \/ \' \" \b \f \n \r \t \uXXXX). */
  private quoted(): string {
    const t = this.text;
    const quote = t[this.i];
    const open = this.i;
    this.i++;
    let out = '';
    while (this.i < t.length && t[this.i] !== quote) {
      if (t[this.i] !== '\\') {
        out += t[this.i++];
        continue;
      }
      const e = t[this.i + 1];
      const simple: Record<string, string> = { '\\': '\\', '/': '/', "'": "'", '"': '"', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
      if (e !== undefined && e in simple) {
        out += simple[e];
        this.i += 2;
      } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(t.slice(this.i + 2, this.i + 6))) {
        out += String.fromCharCode(parseInt(t.slice(this.i + 2, this.i + 6), 16));
        this.i += 6;
      } else {
        throw this.fail(`has an unknown escape "\\${e ?? ''}" at character ${this.i + 1}`);
      }
    }
    if (this.i >= t.length) throw this.fail(`has a quote at character ${open + 1} that is never closed`);
    this.i++;
    return out;
  }

  private space(): void {
    while (this.i < this.text.length && /\s/.test(this.text[this.i])) this.i++;
  }

  private fail(what: string): JsonPathError {
    return new JsonPathError(`"${this.text}" is not a JSONPath: it ${what}; write a path such as ${EXAMPLES}`);
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** RFC 9535 §2.3.4.2.2: slice bounds normalized against the array length. */
function sliceIndexes(length: number, s: { start: number | null; end: number | null; step: number | null }): number[] {
  const step = s.step ?? 1;
  if (step === 0) return [];
  const norm = (i: number) => (i >= 0 ? i : length + i);
  const out: number[] = [];
  if (step > 0) {
    const lower = Math.min(Math.max(norm(s.start ?? 0), 0), length);
    const upper = Math.min(Math.max(norm(s.end ?? length), 0), length);
    for (let i = lower; i < upper; i += step) out.push(i);
  } else {
    const upper = Math.min(Math.max(norm(s.start ?? length - 1), -1), length - 1);
    const lower = Math.min(Math.max(s.end === null ? -1 : norm(s.end), -1), length - 1);
    for (let i = upper; i > lower; i += step) out.push(i);
  }
  return out;
}

function select(node: unknown, selector: Selector, out: unknown[]): void {
  switch (selector.kind) {
    case 'name':
      if (isObject(node) && Object.prototype.hasOwnProperty.call(node, selector.name)) out.push(node[selector.name]);
      return;
    case 'index':
      if (Array.isArray(node)) {
        const i = selector.index < 0 ? node.length + selector.index : selector.index;
        if (i >= 0 && i < node.length) out.push(node[i]);
      }
      return;
    case 'wildcard':
      if (Array.isArray(node)) out.push(...node);
      else if (isObject(node)) out.push(...Object.values(node));
      return;
    case 'slice':
      if (Array.isArray(node)) for (const i of sliceIndexes(node.length, selector)) out.push(node[i]);
      return;
  }
}

/** The node and every value below it, parents before children (RFC 9535 §2.5.2.2). */
function descendantsOrSelf(node: unknown, out: unknown[]): void {
  out.push(node);
  if (Array.isArray(node)) for (const child of node) descendantsOrSelf(child, out);
  else if (isObject(node)) for (const child of Object.values(node)) descendantsOrSelf(child, out);
}

class CompiledPath implements JsonPath {
  readonly segments: readonly PathSegment[] | null;

  constructor(
    readonly text: string,
    private readonly steps: readonly Step[],
  ) {
    const singular = steps.every((s) => !s.descendants && s.selectors.length === 1 && (s.selectors[0].kind === 'name' || s.selectors[0].kind === 'index'));
    this.segments = singular ? steps.map((s) => { const sel = s.selectors[0]; return sel.kind === 'name' ? sel.name : (sel as { index: number }).index; }) : null;
  }

  find(value: unknown): unknown[] {
    if (this.segments) {
      const found = followSegments(value, this.segments);
      return found.ok ? [found.value] : [];
    }
    let nodes: unknown[] = [value];
    for (const step of this.steps) {
      const next: unknown[] = [];
      for (const node of nodes) {
        const targets: unknown[] = [];
        if (step.descendants) descendantsOrSelf(node, targets);
        else targets.push(node);
        for (const target of targets) for (const selector of step.selectors) select(target, selector, next);
      }
      nodes = next;
    }
    return nodes;
  }

  first(value: unknown): unknown {
    if (this.segments) {
      const found = followSegments(value, this.segments);
      return found.ok ? found.value : undefined;
    }
    return this.find(value)[0];
  }
}

/** The fast path for singular paths: no intermediate node lists. */
function followSegments(value: unknown, segments: readonly PathSegment[]): { ok: true; value: unknown } | { ok: false } {
  let cur = value;
  for (const seg of segments) {
    if (typeof seg === 'number') {
      if (!Array.isArray(cur)) return { ok: false };
      const i = seg < 0 ? cur.length + seg : seg;
      if (i < 0 || i >= cur.length) return { ok: false };
      cur = cur[i];
    } else {
      if (!isObject(cur) || !Object.prototype.hasOwnProperty.call(cur, seg)) return { ok: false };
      cur = cur[seg];
    }
  }
  return { ok: true, value: cur };
}

/** Compiled paths by their text: configs name a handful of paths, each used for every page or row. */
const compiled = new Map<string, JsonPath>();
const MAX_COMPILED = 1000;

/**
 * Compiles a JSONPath (see the module comment for the syntax). Leading and trailing whitespace is
 * ignored. Throws `JsonPathError` with a readable message on anything else.
 */
export function compilePath(text: string): JsonPath {
  const known = compiled.get(text);
  if (known) return known;
  const trimmed = text.trim();
  const path = new CompiledPath(trimmed, new Parser(trimmed).parse());
  if (compiled.size >= MAX_COMPILED) compiled.clear();
  compiled.set(text, path);
  return path;
}

/** Why `text` is not a usable JSONPath, or null when it is. */
export function jsonPathIssue(text: string): string | null {
  try {
    compilePath(text);
    return null;
  } catch (e) {
    if (e instanceof JsonPathError) return e.message;
    throw e;
  }
}

/**
 * The keys and indexes of a path that selects at most one value (`$`, `a.b`, `['a.b'][0]`,
 * `Quotes[-1].id`): for code that walks or writes one place. Throws `JsonPathError` for bad syntax
 * and for a path that can select several values (a wildcard, slice, union or `..`).
 */
export function parsePath(text: string): PathSegment[] {
  const path = compilePath(text);
  if (!path.segments) {
    throw new JsonPathError(`"${path.text}" can select several values (a wildcard, slice, union or ..); this needs a path to one value, such as data.next`);
  }
  return [...path.segments];
}

/**
 * The value at a compiled path or at singular segments: the first value selected, `undefined` when
 * nothing is there (a missing key, an index out of range, a step into a non-container).
 */
export function getPath(value: unknown, path: JsonPath | readonly PathSegment[]): unknown {
  if (Array.isArray(path)) {
    const found = followSegments(value, path as readonly PathSegment[]);
    return found.ok ? found.value : undefined;
  }
  return (path as JsonPath).first(value);
}

/** A key as a bracket-quoted JSONPath segment (`['a.b']`), backslashes and quotes escaped (RFC 9535 §2.3.1.1). */
export function quoteKey(key: string): string {
  return `['${key.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`;
}

/**
 * The JSONPath text of keys and indexes, as `compilePath` reads it back to the same segments:
 * plain names dotted (`data.next`), any other key bracket-quoted (`['@odata.nextLink']`,
 * `['a.b']`), indexes in brackets. For paths built from a response's keys (paginator detection).
 */
export function formatPath(segments: readonly PathSegment[]): string {
  if (segments.length === 0) return '$';
  return segments
    .map((seg, i) => {
      if (typeof seg === 'number') return `[${seg}]`;
      if (/^[A-Za-z_][\w-]*$/.test(seg)) return i === 0 ? seg : `.${seg}`;
      return quoteKey(seg);
    })
    .join('');
}

/** `getPath(value, compilePath(text))`. */
export function lookup(value: unknown, text: string): unknown {
  return compilePath(text).first(value);
}
