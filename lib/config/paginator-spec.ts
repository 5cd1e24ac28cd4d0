/** A configured paginator (name or object) → PaginatorSpec, checked against the registry. */
import { deprecatedPaginatorNames, paginatorNames, paginatorTypes } from '@/lib/paginators/registry';
import { describeValue } from '@/lib/paginators/options';
import { isPlainObject, IssueLog, join } from './issues';
import type { JsonValue, PaginatorSpec } from './types';

const SINGLE_PAGE: PaginatorSpec = { type: 'single_page', options: {} };

/**
 * No paginator is dlt's `"auto"`: detected from the walk's first response
 * (lib/paginators/detect.ts). A single-entity path gets single_page before this is reached.
 */
export function resolvePaginator(raw: unknown, where: string, log: IssueLog): PaginatorSpec {
  if (raw === undefined || raw === null) return { type: 'auto', options: {} };
  let typeName: unknown;
  let options: Record<string, JsonValue> = {};
  let typeWhere = where;
  if (typeof raw === 'string') {
    typeName = raw;
  } else if (isPlainObject(raw)) {
    const { type, ...rest } = raw;
    typeName = type;
    options = rest as Record<string, JsonValue>;
    typeWhere = join(where, 'type');
  } else {
    log.error(where, `paginator must be a type name such as "cursor" or an object with "type", got ${describeValue(raw)}`);
    return { ...SINGLE_PAGE, options: {} };
  }
  const valid = paginatorNames().join(', ');
  if (typeof typeName !== 'string' || !(typeName in paginatorTypes)) {
    const what = typeName === undefined ? 'the paginator has no "type"' : `unknown paginator type ${describeValue(typeName)}`;
    log.error(typeWhere, `${what}; valid types: ${valid}`);
    return { ...SINGLE_PAGE, options: {} };
  }
  const current = deprecatedPaginatorNames[typeName];
  if (current) log.warn(typeWhere, `paginator type "${typeName}" is a deprecated name; use "${current}"`);
  const type = current ?? typeName;
  for (const issue of paginatorTypes[type].validate(options)) log.error(join(where, issue.path), issue.message);
  return { type, options };
}

/** The body-path options that write into the JSON body (dlt's `*_body_path`). */
const BODY_PATH_OPTIONS = ['page_body_path', 'offset_body_path', 'limit_body_path', 'cursor_body_path'];

/**
 * The first option of `spec` that pages through the JSON body, or null. A browser's fetch cannot
 * send a body with GET (dlt's requests can), so such a paginator needs `method: POST`.
 */
export function bodyPathOption(spec: PaginatorSpec): string | null {
  return BODY_PATH_OPTIONS.find((key) => typeof spec.options[key] === 'string') ?? null;
}
