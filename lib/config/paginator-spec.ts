/** A configured paginator (name or object) → PaginatorSpec, checked against the registry. */
import { deprecatedPaginatorNames, paginatorNames, paginatorTypes } from '@/lib/paginators/registry';
import { describeValue } from '@/lib/paginators/options';
import { isPlainObject, IssueLog, join } from './issues';
import type { JsonValue, PaginatorSpec } from './types';

const SINGLE_PAGE: PaginatorSpec = { type: 'single_page', options: {} };

export function resolvePaginator(raw: unknown, where: string, log: IssueLog): PaginatorSpec {
  // dlt's "auto" inspects the first response; on this API it finds nothing and fetches one page,
  // so doing the same without guessing is honest, but the user should know.
  if (raw === undefined || raw === null || raw === 'auto' || (isPlainObject(raw) && raw.type === 'auto')) {
    log.warn(
      where,
      'no paginator given: dlt would try to detect one from the first response; this extension fetches a single page. Set "paginator" if this endpoint has more pages',
    );
    return { ...SINGLE_PAGE, options: {} };
  }
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
