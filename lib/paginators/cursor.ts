/**
 * `cursor` (dlt's JSONResponseCursorPaginator): read the next cursor from the body, send it as a
 * query parameter (`cursor_param`) or put it into the JSON body (`cursor_body_path`). Lightspeed's
 * version cursor (`version.max` → `after`), id cursors (`Quotes[-1].id`) and
 * `page_info.last_seen` are all this type.
 */
import type { JsonValue } from '@/lib/config/types';
import { SyncError } from '@/lib/errors';
import { lookup } from '@/lib/jsonpath';
import { checkOptions, describeValue, opt, readHasMore, type OptionSchema } from './options';
import { slotFromOptions, slotIssues, writeSlot } from './request-slot';
import type { PaginatorType } from './types';

const SCHEMA: OptionSchema = {
  cursor_path: { kind: 'path' },
  cursor_param: { kind: 'slot' },
  cursor_body_path: { kind: 'slot' },
  stop_after_empty_page: { kind: 'boolean', nullable: true },
  has_more_path: { kind: 'path', nullable: true },
};

type Cursor = string | number;

/**
 * The next cursor, or null for "no next page": dlt stops on any falsy value (missing, null, "",
 * 0, false, an empty list or object; dlt#2012). Strings pass through untouched (snowflake ids
 * exceed 2^53) and numbers stay numbers, so a body path receives the type the API sent.
 */
function cursorValue(body: unknown, cursorPath: string): Cursor | null {
  const value = lookup(body, cursorPath);
  if (value === undefined || value === null || value === '' || value === 0 || value === false) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'bigint') return String(value);
  if (typeof value === 'object' && Object.keys(value).length === 0) return null;
  throw new SyncError(
    'bad_response',
    `cursor paginator: "${cursorPath}" (cursor_path) should be a string or number, got ${describeValue(value)}`,
  );
}

function resumeCursor(state: JsonValue | undefined): Cursor | null {
  if (state === undefined || state === null) return null;
  if (typeof state === 'object' && !Array.isArray(state)) {
    const { cursor } = state;
    if (cursor === null || typeof cursor === 'string' || typeof cursor === 'number') return cursor;
  }
  throw new SyncError('config', `cursor paginator: the saved position ${describeValue(state)} has no "cursor"; run a full sync to start over`);
}

export const cursorPaginator: PaginatorType = {
  validate: (options) => [...checkOptions('cursor', SCHEMA, options), ...slotIssues(options, 'cursor_param', 'cursor_body_path')],
  create(options, state) {
    const cursorPath = opt(options, 'cursor_path', 'cursors.next');
    const slot = slotFromOptions(options, 'cursor_param', 'cursor_body_path', 'cursor');
    const stopAfterEmptyPage = opt<boolean | null>(options, 'stop_after_empty_page', false) === true;
    const hasMorePath = opt<string | null>(options, 'has_more_path', null);
    let cursor = resumeCursor(state);
    return {
      // The first request carries no cursor, as dlt's (it has no init_request).
      apply: (request) => (cursor === null ? request : writeSlot(request, slot, cursor)),
      advance({ body, records }) {
        if (stopAfterEmptyPage && records.length === 0) return false;
        const next = cursorValue(body, cursorPath);
        // A missing cursor stops even when has_more says true: there is nothing to ask for (dlt#4227).
        // The last cursor seen is kept (the version cursor's final empty page has `version.max:
        // null`), so a resumed walk asks after it.
        if (next === null) return false;
        // A query parameter is text anyway; only a body path needs the number kept a number.
        cursor = slot.kind === 'param' ? String(next) : next;
        return hasMorePath === null ? true : readHasMore('cursor', body, hasMorePath);
      },
      state: () => ({ cursor }),
      nextReference: () => {
        const text = String(cursor);
        return `cursor ${text.length > 60 ? `${text.slice(0, 57)}...` : text}`;
      },
    };
  },
};
