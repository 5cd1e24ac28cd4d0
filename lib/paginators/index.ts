import type { JsonValue, PaginatorSpec } from '@/lib/config/types';
import { SyncError } from '@/lib/errors';
import { paginatorNames, paginatorTypes } from './registry';
import type { Paginator } from './types';

export type { PageRequest, PageResponse, Paginator, PaginatorType } from './types';
export { deprecatedPaginatorNames, paginatorNames, paginatorTypes } from './registry';
export { parseLinkHeader } from './links';

/**
 * Makes paginators for a resolved spec, fresh or resumed from a saved `state()`. Options are
 * checked here, once, because a spec can reach the engine without going through `resolveConfig`.
 */
export function paginatorFactory(spec: PaginatorSpec): (state?: JsonValue) => Paginator {
  const type = paginatorTypes[spec.type];
  if (!type) {
    throw new SyncError('config', `unknown paginator type "${spec.type}"; valid types: ${paginatorNames().join(', ')}`);
  }
  const issues = type.validate(spec.options);
  if (issues.length) {
    throw new SyncError('config', `${spec.type} paginator: ${issues.map((i) => i.message).join('; ')}`);
  }
  return (state) => type.create(spec.options, state);
}

/** One paginator for a resolved spec (see `paginatorFactory`). */
export function createPaginator(spec: PaginatorSpec, state?: JsonValue): Paginator {
  return paginatorFactory(spec)(state);
}
