/**
 * `header_cursor` (dlt's HeaderCursorPaginator): the next page's cursor comes in a response header
 * (`cursor_key`, default `next`) and goes back as a query parameter (`cursor_param`, default
 * `cursor`). A missing header ends the walk; any value that is present, even an empty one,
 * continues it, as dlt's `value is not None` does.
 */
import type { JsonValue } from '@/lib/config/types';
import { SyncError } from '@/lib/errors';
import { checkOptions, describeValue, opt, type OptionSchema } from './options';
import type { PaginatorType } from './types';

const SCHEMA: OptionSchema = {
  cursor_key: { kind: 'string', nullable: true },
  cursor_param: { kind: 'string', nullable: true },
};

function resumeCursor(state: JsonValue | undefined): string | null {
  if (state === undefined || state === null) return null;
  if (typeof state === 'object' && !Array.isArray(state) && (state.cursor === null || typeof state.cursor === 'string')) return state.cursor;
  throw new SyncError('config', `header_cursor paginator: the saved position ${describeValue(state)} has no "cursor"; run a full sync to start over`);
}

export const headerCursorPaginator: PaginatorType = {
  validate: (options) => checkOptions('header_cursor', SCHEMA, options),
  create(options, state) {
    const key = opt<string | null>(options, 'cursor_key', 'next') ?? 'next';
    const param = opt<string | null>(options, 'cursor_param', 'cursor') ?? 'cursor';
    let cursor = resumeCursor(state);
    return {
      apply: (request) => (cursor === null ? request : { ...request, params: { ...request.params, [param]: cursor } }),
      advance({ headers }) {
        const next = headers.get(key);
        if (next === null) return false;
        cursor = next;
        return true;
      },
      state: () => ({ cursor }),
      nextReference: () => `${key} header cursor ${cursor}`,
    };
  },
};
