/** `page_number`: `?page=N`, counting from `base_page`. */
import { checkOptions, opt, type OptionSchema } from './options';
import { createRangePaginator, neverStopsIssue } from './range';
import type { PaginatorType } from './types';

const SCHEMA: OptionSchema = {
  page_param: { kind: 'string' },
  base_page: { kind: 'nonNegativeInt' },
  page: { kind: 'nonNegativeInt', nullable: true },
  total_path: { kind: 'path', nullable: true },
  maximum_page: { kind: 'positiveInt', nullable: true },
  stop_after_empty_page: { kind: 'boolean' },
  has_more_path: { kind: 'path', nullable: true },
};

export const pageNumberPaginator: PaginatorType = {
  validate: (options) => [...checkOptions('page_number', SCHEMA, options), ...neverStopsIssue('page_number', options, 'maximum_page')],
  create(options, state) {
    const basePage = opt<number>(options, 'base_page', 0);
    return createRangePaginator(
      {
        typeName: 'page_number',
        param: opt(options, 'page_param', 'page'),
        start: opt<number | null>(options, 'page', null) ?? basePage,
        step: 1,
        baseIndex: basePage,
        totalPath: opt<string | null>(options, 'total_path', 'total'),
        unit: 'pages',
        maximum: opt<number | null>(options, 'maximum_page', null),
        maximumOption: 'maximum_page',
        stopAfterEmptyPage: opt(options, 'stop_after_empty_page', true),
        hasMorePath: opt<string | null>(options, 'has_more_path', null),
        stateKey: 'page',
      },
      state,
    );
  },
};
