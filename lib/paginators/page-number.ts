/**
 * `page_number` (dlt's PageNumberPaginator): `?page=N` counting from `base_page`, or the page
 * number in the JSON body (`page_body_path`) for POST APIs.
 */
import { checkOptions, opt, type OptionSchema } from './options';
import { createRangePaginator, neverStopsIssue } from './range';
import { slotFromOptions, slotIssues } from './request-slot';
import type { PaginatorType } from './types';

const SCHEMA: OptionSchema = {
  page_param: { kind: 'slot' },
  page_body_path: { kind: 'slot' },
  base_page: { kind: 'nonNegativeInt' },
  page: { kind: 'nonNegativeInt', nullable: true },
  total_path: { kind: 'path', nullable: true },
  maximum_page: { kind: 'positiveInt', nullable: true },
  stop_after_empty_page: { kind: 'boolean', nullable: true },
  has_more_path: { kind: 'path', nullable: true },
};

export const pageNumberPaginator: PaginatorType = {
  validate: (options) => [
    ...checkOptions('page_number', SCHEMA, options),
    ...slotIssues(options, 'page_param', 'page_body_path'),
    ...neverStopsIssue('page_number', options, 'maximum_page'),
  ],
  create(options, state) {
    const basePage = opt<number>(options, 'base_page', 0);
    return createRangePaginator(
      {
        typeName: 'page_number',
        counter: slotFromOptions(options, 'page_param', 'page_body_path', 'page'),
        start: opt<number | null>(options, 'page', null) ?? basePage,
        step: 1,
        baseIndex: basePage,
        totalPath: opt<string | null>(options, 'total_path', 'total'),
        unit: 'pages',
        maximum: opt<number | null>(options, 'maximum_page', null),
        maximumOption: 'maximum_page',
        stopAfterEmptyPage: opt<boolean | null>(options, 'stop_after_empty_page', true) === true,
        hasMorePath: opt<string | null>(options, 'has_more_path', null),
        stateKey: 'page',
      },
      state,
    );
  },
};
