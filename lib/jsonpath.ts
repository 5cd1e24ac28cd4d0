/**
 * The small JSONPath subset dlt configs use for selectors and cursor paths:
 * `$`, `data`, `data.categories`, `Quotes[-1].id`, `$.items[0]`, `page_info.has_next`.
 */

export type PathSegment = string | number;

const SEGMENT = /^([^.[\]]*)((?:\[-?\d+\])*)$/;

/** Parses a dotted path; throws a readable message on anything outside the subset. */
export function parsePath(path: string): PathSegment[] {
  const trimmed = path.trim();
  if (trimmed === '' ) throw new Error('is empty');
  if (trimmed === '$') return [];
  const body = trimmed.startsWith('$.') ? trimmed.slice(2) : trimmed.startsWith('$[') ? trimmed.slice(1) : trimmed;
  const out: PathSegment[] = [];
  for (const part of body.split('.')) {
    const m = SEGMENT.exec(part);
    if (!m || (m[1] === '' && m[2] === '')) throw new Error(`"${path}" is not a dotted path (expected e.g. data.items or Quotes[-1].id)`);
    if (m[1] !== '') out.push(m[1]);
    for (const idx of m[2].matchAll(/\[(-?\d+)\]/g)) out.push(Number(idx[1]));
  }
  return out;
}

/** Follows a parsed path; negative indexes count from the end. Missing steps give `undefined`. */
export function getPath(value: unknown, segments: readonly PathSegment[]): unknown {
  let cur: unknown = value;
  for (const seg of segments) {
    if (cur === null || cur === undefined) return undefined;
    if (typeof seg === 'number') {
      if (!Array.isArray(cur)) return undefined;
      cur = cur[seg < 0 ? cur.length + seg : seg];
    } else {
      if (typeof cur !== 'object' || Array.isArray(cur)) return undefined;
      cur = (cur as Record<string, unknown>)[seg];
    }
  }
  return cur;
}

/** `getPath(value, parsePath(path))`, for one-off lookups. */
export function lookup(value: unknown, path: string): unknown {
  return getPath(value, parsePath(path));
}
