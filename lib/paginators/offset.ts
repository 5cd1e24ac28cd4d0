/** `offset`: `?offset=N&limit=L`, advancing by `limit`. */
import { checkOptions, opt, type OptionSchema } from './options';
import { createRangePaginator, neverStopsIssue } from './range';
import type { PaginatorType } from './types';

const SCHEMA: OptionSchema = {
  limit: { kind: 'positiveInt', required: true },
  offset: { kind: 'nonNegativeInt' },
  offset_param: { kind: 'string' },
  limit_param: { kind: 'string' },
  total_path: { kind: 'path', nullable: true },
  maximum_offset: { kind: 'positiveInt', nullable: true },
  stop_after_empty_page: { kind: 'boolean' },
  has_more_path: { kind: 'path', nullable: true },
};

export const offsetPaginator: PaginatorType = {
  validate: (options) => [...checkOptions('offset', SCHEMA, options), ...neverStopsIssue('offset', options, 'maximum_offset')],
  create(options, state) {
    const limit = opt<number>(options, 'limit', 0);
    return createRangePaginator(
      {
        typeName: 'offset',
        param: opt(options, 'offset_param', 'offset'),
        pageSizeParam: opt(options, 'limit_param', 'limit'),
        start: opt<number>(options, 'offset', 0),
        step: limit,
        baseIndex: 0,
        totalPath: opt<string | null>(options, 'total_path', 'total'),
        unit: 'records',
        maximum: opt<number | null>(options, 'maximum_offset', null),
        maximumOption: 'maximum_offset',
        stopAfterEmptyPage: opt(options, 'stop_after_empty_page', true),
        hasMorePath: opt<string | null>(options, 'has_more_path', null),
        stateKey: 'offset',
      },
      state,
    );
  },
};
