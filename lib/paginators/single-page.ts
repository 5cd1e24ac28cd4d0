/** `single_page`: the endpoint returns everything in one response. */
import { checkOptions } from './options';
import type { PaginatorType } from './types';

export const singlePagePaginator: PaginatorType = {
  validate: (options) => checkOptions('single_page', {}, options),
  create: () => ({
    apply: (request) => request,
    advance: () => false,
    state: () => null,
  }),
};
