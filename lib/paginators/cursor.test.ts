import { describe, expect, it } from 'vitest';
import { SyncError } from '@/lib/errors';
import { cursorPaginator } from './cursor';
import { BASE_REQUEST, page } from './testing';

const VERSION = { cursor_path: 'version.max', cursor_param: 'after', stop_after_empty_page: true };
const QUOTES = { cursor_path: 'Quotes[-1].id', cursor_param: 'after', has_more_path: 'HasNext' };

describe('cursor paginator', () => {
  it('first request carries no cursor; later ones carry the last cursor', () => {
    const p = cursorPaginator.create(VERSION);
    expect(p.apply(BASE_REQUEST)).toEqual(BASE_REQUEST);
    expect(p.advance(page({ data: [{}], version: { min: 1, max: 17 } }, [{}]))).toBe(true);
    expect(p.apply(BASE_REQUEST)).toEqual({ path: '/api/2.0/things', params: { page_size: '500', after: '17' } });
    expect(BASE_REQUEST.params).toEqual({ page_size: '500' });
  });

  it('stops on an empty page when stop_after_empty_page is set, keeping the last cursor for the next sync', () => {
    const p = cursorPaginator.create(VERSION);
    p.advance(page({ data: [{}], version: { min: 5, max: 9 } }, [{}]));
    expect(p.advance(page({ data: [], version: { min: null, max: null } }, []))).toBe(false);
    expect(p.state()).toEqual({ cursor: '9' });
  });

  it('stops when the cursor is missing, null or empty, without overwriting the saved cursor', () => {
    for (const body of [{}, { cursors: { next: null } }, { cursors: { next: '' } }]) {
      const p = cursorPaginator.create({}, { cursor: 'abc' });
      expect(p.advance(page(body, [{}]))).toBe(false);
      expect(p.state()).toEqual({ cursor: 'abc' });
    }
  });

  it('by default (like dlt) an empty page with a cursor continues', () => {
    const p = cursorPaginator.create({});
    expect(p.advance(page({ cursors: { next: 'n2' } }, []))).toBe(true);
  });

  it('follows the id of the last row and stops when has_more is false, remembering that id', () => {
    const p = cursorPaginator.create(QUOTES);
    const first = { Quotes: [{ id: '1582323235375263744' }, { id: '1582323235375263745' }], HasNext: true };
    expect(p.advance(page(first, first.Quotes))).toBe(true);
    expect(p.apply(BASE_REQUEST).params.after).toBe('1582323235375263745');
    const last = { Quotes: [{ id: '1582323235375263999' }], HasNext: false };
    expect(p.advance(page(last, last.Quotes))).toBe(false);
    expect(p.state()).toEqual({ cursor: '1582323235375263999' });
  });

  it('accepts has_more given as a "true"/"false" string', () => {
    const p = cursorPaginator.create({ cursor_path: 'next', has_more_path: 'more' });
    expect(p.advance(page({ next: 'x', more: 'True' }, [{}]))).toBe(true);
    expect(p.advance(page({ next: 'y', more: 'false' }, [{}]))).toBe(false);
  });

  it('raises a helpful error when has_more_path points at nothing', () => {
    const p = cursorPaginator.create({ cursor_path: 'next', has_more_path: 'page_info.has_next' });
    expect(() => p.advance(page({ next: 'x' }, [{}]))).toThrow(
      'cursor paginator: the response has no "page_info.has_next" (has_more_path); set has_more_path to the field that says whether more pages follow, or remove it',
    );
  });

  it('passes numeric cursors as decimal strings and refuses objects', () => {
    const p = cursorPaginator.create({ cursor_path: 'next' });
    p.advance(page({ next: 42 }, [{}]));
    expect(p.apply(BASE_REQUEST).params.cursor).toBe('42');
    expect(() => p.advance(page({ next: { a: 1 } }, [{}]))).toThrow(SyncError);
  });

  it('resumes exactly: a new paginator built from state() produces the same next request', () => {
    const p = cursorPaginator.create(VERSION);
    p.advance(page({ data: [{}], version: { min: 1, max: 300 } }, [{}]));
    const resumed = cursorPaginator.create(VERSION, JSON.parse(JSON.stringify(p.state())));
    expect(resumed.apply(BASE_REQUEST)).toEqual(p.apply(BASE_REQUEST));
    expect(resumed.apply(BASE_REQUEST).params.after).toBe('300');
  });

  it('refuses a saved state of the wrong shape', () => {
    expect(() => cursorPaginator.create(VERSION, { page: 3 })).toThrow(/run a full sync/);
  });

  it('validates option names, types and paths', () => {
    expect(cursorPaginator.validate({ cursor_pth: 'x', stop_after_empty_page: 'yes', cursor_path: 'a[b]' })).toEqual([
      {
        path: 'cursor_pth',
        message: 'unknown option "cursor_pth" for the cursor paginator; valid options: cursor_path, cursor_param, cursor_body_path, stop_after_empty_page, has_more_path',
      },
      {
        path: 'cursor_path',
        message: `cursor_path: "a[b]" is not a JSONPath: it has an unquoted name "b" in brackets; quote it: ['b']; write a path such as data.items, $.data[*], ['@odata.nextLink'] or Quotes[-1].id`,
      },
      { path: 'stop_after_empty_page', message: 'stop_after_empty_page must be true or false, got "yes"' },
    ]);
    expect(cursorPaginator.validate(VERSION)).toEqual([]);
  });
});
