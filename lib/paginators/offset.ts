/**
 * `offset` (dlt's OffsetPaginator): `?offset=N&limit=L` advancing by `limit`, or the same two
 * numbers in the JSON body (`offset_body_path`, `limit_body_path`) for POST APIs.
 */
import { checkOptions, opt, type OptionSchema } from './options';
import { createRangePaginator, neverStopsIssue } from './range';
import { slotFromOptions, slotIssues } from './request-slot';
import type { PaginatorType } from './types';

const SCHEMA: OptionSchema = {
  limit: { kind: 'positiveInt', required: true },
  offset: { kind: 'nonNegativeInt' },
  offset_param: { kind: 'slot' },
  offset_body_path: { kind: 'slot' },
  limit_param: { kind: 'slot' },
  limit_body_path: { kind: 'slot' },
  total_path: { kind: 'path', nullable: true },
  maximum_offset: { kind: 'positiveInt', nullable: true },
  stop_after_empty_page: { kind: 'boolean', nullable: true },
  has_more_path: { kind: 'path', nullable: true },
};

export const offsetPaginator: PaginatorType = {
  validate: (options) => [
    ...checkOptions('offset', SCHEMA, options),
    ...slotIssues(options, 'offset_param', 'offset_body_path'),
    ...slotIssues(options, 'limit_param', 'limit_body_path'),
    ...neverStopsIssue('offset', options, 'maximum_offset'),
  ],
  create(options, state) {
    const limit = opt<number>(options, 'limit', 0);
    return createRangePaginator(
      {
        typeName: 'offset',
        counter: slotFromOptions(options, 'offset_param', 'offset_body_path', 'offset'),
        pageSizeSlot: slotFromOptions(options, 'limit_param', 'limit_body_path', 'limit'),
        start: opt<number>(options, 'offset', 0),
        step: limit,
        baseIndex: 0,
        totalPath: opt<string | null>(options, 'total_path', 'total'),
        unit: 'records',
        maximum: opt<number | null>(options, 'maximum_offset', null),
        maximumOption: 'maximum_offset',
        stopAfterEmptyPage: opt<boolean | null>(options, 'stop_after_empty_page', true) === true,
        hasMorePath: opt<string | null>(options, 'has_more_path', null),
        stateKey: 'offset',
      },
      state,
    );
  },
};
