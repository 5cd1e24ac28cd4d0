/**
 * `cursor` (dlt's JSONResponseCursorPaginator): read the next cursor from the body, send it as a
 * query parameter. Lightspeed's version cursor (`version.max` → `after`), id cursors
 * (`Quotes[-1].id`) and `page_info.last_seen` are all this type.
 */
import type { JsonValue } from '@/lib/config/types';
import { SyncError } from '@/lib/errors';
import { lookup } from '@/lib/jsonpath';
import { checkOptions, describeValue, opt, readHasMore, type OptionSchema } from './options';
import type { PaginatorType } from './types';

const SCHEMA: OptionSchema = {
  cursor_path: { kind: 'path' },
  cursor_param: { kind: 'string' },
  stop_after_empty_page: { kind: 'boolean' },
  has_more_path: { kind: 'path', nullable: true },
};

/**
 * Strings pass through untouched, and a number is sent as the digits the API wrote: snowflake ids
 * exceed 2^53 and arrive as strings or, bare, as bigints (see `parseJson`), never rounded.
 * `null`, `""` and a missing value mean "no next page" (dlt stops on any falsy cursor).
 */
function cursorValue(body: unknown, cursorPath: string): string | null {
  const value = lookup(body, cursorPath);
  if (value === undefined || value === null || value === '' || value === false) return null;
  if (typeof value === 'string') return value;
  if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'bigint') return String(value);
  throw new SyncError(
    'bad_response',
    `cursor paginator: "${cursorPath}" (cursor_path) should be a string or number, got ${describeValue(value)}`,
  );
}

function resumeCursor(state: JsonValue | undefined): string | null {
  if (state === undefined || state === null) return null;
  if (typeof state === 'object' && !Array.isArray(state) && (state.cursor === null || typeof state.cursor === 'string')) {
    return state.cursor;
  }
  throw new SyncError('config', `cursor paginator: the saved position ${describeValue(state)} has no "cursor"; run a full sync to start over`);
}

export const cursorPaginator: PaginatorType = {
  validate: (options) => checkOptions('cursor', SCHEMA, options),
  create(options, state) {
    const cursorPath = opt(options, 'cursor_path', 'cursors.next');
    const cursorParam = opt(options, 'cursor_param', 'cursor');
    const stopAfterEmptyPage = opt(options, 'stop_after_empty_page', false);
    const hasMorePath = opt<string | null>(options, 'has_more_path', null);
    let cursor = resumeCursor(state);
    return {
      apply: (request) => (cursor === null ? request : { ...request, params: { ...request.params, [cursorParam]: cursor } }),
      advance({ body, records }) {
        if (stopAfterEmptyPage && records.length === 0) return false;
        const next = cursorValue(body, cursorPath);
        // The last cursor seen is kept when a page yields none (the version cursor's final empty
        // page has `version.max: null`), so an incremental sync resumes after it next time.
        if (next === null) return false;
        cursor = next;
        return hasMorePath === null ? true : readHasMore('cursor', body, hasMorePath);
      },
      state: () => ({ cursor }),
      nextReference: () => `cursor ${cursor !== null && cursor.length > 60 ? `${cursor.slice(0, 57)}...` : cursor}`,
    };
  },
};
