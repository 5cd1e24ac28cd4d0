/**
 * dlt's own paginator tests, ported: each `it` follows the dlt test named in its comment
 * (dlt: tests/sources/helpers/rest_client/test_paginators.py unless said otherwise). dlt's
 * `update_state` is our `advance`, `update_request`/`init_request` our `apply`, `has_next_page`
 * what `advance` returns, and `current_value` the position in `state()`.
 */
import { describe, expect, it } from 'vitest';
import type { JsonValue } from '@/lib/config/types';
import { cursorPaginator } from './cursor';
import { headerCursorPaginator } from './header-cursor';
import { headerLinkPaginator, jsonLinkPaginator } from './links';
import { offsetPaginator } from './offset';
import { pageNumberPaginator } from './page-number';
import { singlePagePaginator } from './single-page';
import { page } from './testing';
import type { PageRequest } from './types';

const NON_EMPTY_PAGE = [{ some: 'data' }];
const GET: PageRequest = { path: 'http://example.com/api/resource', params: {} };
const POST: PageRequest = { path: 'http://example.com/api/resource', params: {} };
const messages = (issues: { message: string }[]) => issues.map((i) => i.message);

describe('dlt TestHeaderLinkPaginator', () => {
  // dlt: TestHeaderLinkPaginator.test_update_state_with_next
  it('a Link header with rel="next" is the next page', () => {
    const p = headerLinkPaginator.create({});
    expect(p.advance(page({}, [], { Link: '<http://example.com/next>; rel="next"' }))).toBe(true);
    expect(p.apply(GET).path).toBe('http://example.com/next');
  });

  // dlt: TestHeaderLinkPaginator.test_update_state_without_next
  it('no Link header: no next page', () => {
    expect(headerLinkPaginator.create({}).advance(page({}, []))).toBe(false);
  });
});

describe('dlt TestJSONLinkPaginator', () => {
  // dlt: TestJSONLinkPaginator.test_update_state (the cases without bracket-quoted paths)
  it.each([
    { next_url_path: undefined, body: { next: 'http://example.com/next', results: [] }, next: 'http://example.com/next' },
    { next_url_path: 'next_page', body: { next_page: 'http://example.com/next', results: [] }, next: 'http://example.com/next' },
    { next_url_path: 'next_page.url', body: { next_page: { url: 'http://example.com/next' }, results: [] }, next: 'http://example.com/next' },
    { next_url_path: undefined, body: { results: [] }, next: null },
  ])('next_url_path $next_url_path on $body', ({ next_url_path, body, next }) => {
    const p = jsonLinkPaginator.create(next_url_path === undefined ? {} : { next_url_path });
    expect(p.advance(page(body, []))).toBe(next !== null);
    expect(p.state()).toEqual({ next });
  });

  // dlt: TestJSONLinkPaginator.test_no_duplicate_params_on_update_request
  it('the next URL replaces the query: params of the first request are not sent again', () => {
    const p = jsonLinkPaginator.create({});
    p.advance(page({ next: '/api/resource?page=2&param1=value1' }, []));
    // Relative to the page that sent it, as dlt's urljoin(request.url, …).
    expect(p.apply({ ...GET, params: { param1: 'value1' } })).toEqual({ path: 'https://api.example.com/api/resource?page=2&param1=value1', params: {} });
  });
});

describe('dlt TestSinglePagePaginator', () => {
  // dlt: TestSinglePagePaginator.test_update_state, test_update_state_with_next
  it('never has a next page, even when the response links one', () => {
    const p = singlePagePaginator.create({});
    expect(p.advance(page({ next: 'http://example.com/next', results: [] }, [], { Link: '<http://example.com/next>; rel="next"' }))).toBe(false);
    expect(p.apply(GET)).toEqual(GET);
  });
});

describe('dlt TestOffsetPaginator', () => {
  // dlt: TestOffsetPaginator.test_update_state
  it('advances by limit and stops once the offset reaches the total', () => {
    const p = offsetPaginator.create({ offset: 0, limit: 10 });
    expect(p.advance(page({ total: 20 }, NON_EMPTY_PAGE))).toBe(true);
    // The total read is kept with the position (a later page may leave it out).
    expect(p.state()).toEqual({ offset: 10, total: 20 });
    expect(p.advance(page({ total: 20 }, NON_EMPTY_PAGE))).toBe(false);
  });

  // dlt: TestOffsetPaginator.test_page_param_initialization
  it('sends the offset as "offset" by default, as offset_param, or into the body at offset_body_path', () => {
    expect(offsetPaginator.create({ limit: 100 }).apply(GET).params).toEqual({ offset: '0', limit: '100' });
    expect(offsetPaginator.create({ limit: 100, offset_param: 'offset_param' }).apply(GET).params).toEqual({ offset_param: '0', limit: '100' });
    expect(offsetPaginator.create({ limit: 100, offset_body_path: 'offset_body_path' }).apply(POST)).toEqual({
      ...POST,
      params: { limit: '100' },
      json: { offset_body_path: 0 },
    });
  });

  // dlt: TestOffsetPaginator.test_update_state_with_string_total
  it('reads a total given as text', () => {
    const p = offsetPaginator.create({ offset: 0, limit: 10 });
    expect(p.advance(page({ total: '20' }, NON_EMPTY_PAGE))).toBe(true);
    expect(p.state()).toEqual({ offset: 10, total: 20 });
  });

  // dlt: TestOffsetPaginator.test_update_state_with_invalid_total, test_update_state_without_total
  it('refuses a total that is not a whole number, and a missing one', () => {
    expect(() => offsetPaginator.create({ limit: 10 }).advance(page({ total: 'invalid' }, NON_EMPTY_PAGE))).toThrow(
      '"total" (total_path) should be a whole number of records, got "invalid"',
    );
    expect(() => offsetPaginator.create({ limit: 10 }).advance(page({}, NON_EMPTY_PAGE))).toThrow('the response has no "total" (total_path)');
  });

  // dlt: TestOffsetPaginator.test_update_state_with_has_more, _with_string_has_more, _with_invalid_has_more, _without_has_more
  it('has_more: false stops, "true" continues, anything else or nothing is an error', () => {
    const make = () => offsetPaginator.create({ offset: 0, limit: 10, total_path: null, has_more_path: 'has_more' });
    expect(make().advance(page({ has_more: false }, NON_EMPTY_PAGE))).toBe(false);
    expect(make().advance(page({ has_more: 'true' }, NON_EMPTY_PAGE))).toBe(true);
    expect(() => make().advance(page({ has_more: 'invalid' }, NON_EMPTY_PAGE))).toThrow('"has_more" (has_more_path) should be true or false, got "invalid"');
    expect(() => make().advance(page({}, NON_EMPTY_PAGE))).toThrow('the response has no "has_more" (has_more_path)');
  });

  // dlt: TestOffsetPaginator.test_init_request
  it('the first request carries offset and limit; the next one offset + limit', () => {
    const p = offsetPaginator.create({ offset: 123, limit: 42 });
    expect(p.apply(GET).params).toEqual({ offset: '123', limit: '42' });
    p.advance(page({ total: 200 }, NON_EMPTY_PAGE));
    expect(p.apply(GET).params).toEqual({ offset: '165', limit: '42' });
  });

  // dlt: TestOffsetPaginator.test_both_offset_param_and_offset_body_path_raises_error
  it('refuses offset_param together with offset_body_path', () => {
    expect(offsetPaginator.validate({ limit: 100, offset_param: 'cursor', offset_body_path: 'page' })).toEqual([
      {
        path: 'offset_body_path',
        message: `set either offset_param or offset_body_path, not both (got offset_param "cursor", offset_body_path "page"); dlt: "Either 'offset_param' or 'offset_body_path' must be provided, not both"`,
      },
    ]);
  });

  // dlt: TestOffsetPaginator.test_update_request_json, _json_nested, _json_with_existing_json
  it('writes the offset into the JSON body at offset_body_path, nested, keeping what the body holds', () => {
    const at = (offset_body_path: string, json?: Record<string, string>) =>
      offsetPaginator.create({ limit: 100, offset_body_path }, { offset: 2 }).apply({ ...POST, ...(json ? { json } : {}) }).json;
    expect(at('offset')).toEqual({ offset: 2 });
    expect(at('pagination.offset')).toEqual({ pagination: { offset: 2 } });
    const base = { existing: 'data' };
    expect(at('offset', base)).toEqual({ existing: 'data', offset: 2 });
    // The base request is shared by every page: it is never written to.
    expect(base).toEqual({ existing: 'data' });
  });

  // dlt: TestOffsetPaginator.test_client_pagination_with_json (the request side; the walk is in test/integration)
  it('with limit_body_path too, both numbers go into the body and the query stays clean', () => {
    const p = offsetPaginator.create({ offset: 0, limit: 5, offset_body_path: 'offset', limit_body_path: 'limit', total_path: 'total_records' });
    const first = p.apply({ ...POST, json: { limit: 5, offset: 0, ids_greater_than: -1 } });
    expect(first).toEqual({ ...POST, json: { limit: 5, offset: 0, ids_greater_than: -1 } });
    p.advance(page({ total_records: 25 }, NON_EMPTY_PAGE));
    expect(p.apply({ ...POST, json: { limit: 5, offset: 0, ids_greater_than: -1 } }).json).toEqual({ limit: 5, offset: 5, ids_greater_than: -1 });
    expect(p.pageSize).toBeUndefined();
  });

  // dlt: TestOffsetPaginator.test_maximum_offset
  it('stops at maximum_offset', () => {
    const p = offsetPaginator.create({ offset: 0, limit: 50, maximum_offset: 100, total_path: null });
    expect(p.advance(page({ items: [] }, NON_EMPTY_PAGE))).toBe(true);
    expect(p.state()).toEqual({ offset: 50 });
    expect(p.advance(page({ items: [] }, NON_EMPTY_PAGE))).toBe(false);
    expect(p.state()).toEqual({ offset: 100 });
  });

  // dlt: TestOffsetPaginator.test_stop_after_empty_page
  it('stops after an empty page', () => {
    const p = offsetPaginator.create({ offset: 0, limit: 50, maximum_offset: 100, total_path: null, stop_after_empty_page: true });
    expect(p.advance(page({ items: [] }, []))).toBe(false);
  });

  // dlt: TestOffsetPaginator.test_guarantee_termination
  it('refuses a config that could never stop, and accepts each way of stopping', () => {
    expect(offsetPaginator.validate({ limit: 10, total_path: null })).toEqual([]);
    expect(offsetPaginator.validate({ limit: 10, total_path: null, maximum_offset: 1, stop_after_empty_page: false })).toEqual([]);
    expect(offsetPaginator.validate({ limit: 10, total_path: null, has_more_path: 'has_more', stop_after_empty_page: false })).toEqual([]);
    const never = 'the offset paginator would never stop: set total_path, maximum_offset, has_more_path or stop_after_empty_page';
    const neverStopping: Record<string, JsonValue>[] = [
      { limit: 10, total_path: null, stop_after_empty_page: false },
      { limit: 10, total_path: null, stop_after_empty_page: false, maximum_offset: null },
      { limit: 10, total_path: null, stop_after_empty_page: false, maximum_offset: null, has_more_path: null },
      // Python's None is false here too.
      { limit: 10, total_path: null, stop_after_empty_page: null },
    ];
    for (const options of neverStopping) {
      expect(messages(offsetPaginator.validate(options))).toEqual([never]);
    }
  });

  // dlt: TestOffsetPaginator.test_empty_offset_params, test_empty_limit_params
  it.each([
    ['offset_param', 'offset_body_path'],
    ['limit_param', 'limit_body_path'],
  ])('%s / %s: both unset means the default name; an empty one is refused', (param, body) => {
    expect(offsetPaginator.validate({ limit: 100, [param]: null, [body]: null })).toEqual([]);
    expect(offsetPaginator.create({ limit: 100, [param]: null, [body]: null }).apply(GET).params).toEqual({ offset: '0', limit: '100' });
    for (const [p, b] of [
      ['', null],
      [null, ''],
      ['', ''],
    ]) {
      expect(messages(offsetPaginator.validate({ limit: 100, [param]: p, [body]: b }))).toEqual([
        expect.stringContaining(`dlt: "Either '${param}' or '${body}' must be provided, not both"`),
      ]);
    }
  });
});

describe('dlt TestPageNumberPaginator', () => {
  // dlt: TestPageNumberPaginator.test_update_state
  it('counts pages from base_page and stops after total pages', () => {
    const p = pageNumberPaginator.create({ base_page: 1, page: 1, total_path: 'total_pages' });
    expect(p.advance(page({ total_pages: 3 }, NON_EMPTY_PAGE))).toBe(true);
    expect(p.state()).toEqual({ page: 2, total: 3 });
    expect(p.advance(page({ total_pages: 3 }, NON_EMPTY_PAGE))).toBe(true);
    expect(p.state()).toEqual({ page: 3, total: 3 });
    expect(p.advance(page({ total_pages: 3 }, NON_EMPTY_PAGE))).toBe(false);
  });

  // dlt: TestPageNumberPaginator.test_page_param_initialization
  it('sends the page as "page" by default, as page_param, or into the body at page_body_path', () => {
    expect(pageNumberPaginator.create({}).apply(GET).params).toEqual({ page: '0' });
    expect(pageNumberPaginator.create({ page_param: 'page_param' }).apply(GET).params).toEqual({ page_param: '0' });
    expect(pageNumberPaginator.create({ page_body_path: 'page_body_path' }).apply(POST)).toEqual({ ...POST, json: { page_body_path: 0 } });
  });

  // dlt: TestPageNumberPaginator.test_init_request
  it('starts at base_page, advances on a page with records and stops on an empty one without moving', () => {
    const p = pageNumberPaginator.create({ base_page: 1, total_path: null });
    expect(p.apply(GET).params).toEqual({ page: '1' });
    expect(p.advance(page('OK', NON_EMPTY_PAGE))).toBe(true);
    expect(p.apply(GET).params).toEqual({ page: '2' });
    expect(p.advance(page('OK', []))).toBe(false);
    expect(p.state()).toEqual({ page: 2 });
  });

  // dlt: TestPageNumberPaginator.test_both_page_param_and_page_body_path_raises_error
  it('refuses page_param together with page_body_path', () => {
    expect(messages(pageNumberPaginator.validate({ page_param: 'cursor', page_body_path: 'page' }))).toEqual([
      expect.stringContaining(`dlt: "Either 'page_param' or 'page_body_path' must be provided, not both"`),
    ]);
  });

  // dlt: TestPageNumberPaginator.test_update_state_with_string_total_pages, _invalid_total_pages, _without_total_pages
  it('reads the total page count as text, refuses one that is not a number, and a missing one', () => {
    const p = pageNumberPaginator.create({ base_page: 1, page: 1 });
    expect(p.advance(page({ total: '3' }, NON_EMPTY_PAGE))).toBe(true);
    expect(p.state()).toEqual({ page: 2, total: 3 });
    expect(() => pageNumberPaginator.create({ base_page: 1, page: 1 }).advance(page({ total_pages: 'invalid' }, NON_EMPTY_PAGE))).toThrow(
      'the response has no "total" (total_path)',
    );
    expect(() => pageNumberPaginator.create({ base_page: 1, page: 1, total_path: 'total_pages' }).advance(page({ total_pages: 'invalid' }, NON_EMPTY_PAGE))).toThrow(
      '"total_pages" (total_path) should be a whole number of pages, got "invalid"',
    );
  });

  // dlt: TestPageNumberPaginator.test_update_state_with_has_more and the three has_more variants
  it('has_more: false stops, "true" continues, anything else or nothing is an error', () => {
    const make = () => pageNumberPaginator.create({ page: 1, total_path: null, has_more_path: 'has_more' });
    expect(make().advance(page({ has_more: false }, NON_EMPTY_PAGE))).toBe(false);
    expect(make().advance(page({ has_more: 'true' }, NON_EMPTY_PAGE))).toBe(true);
    expect(() => make().advance(page({ has_more: 'invalid' }, NON_EMPTY_PAGE))).toThrow('should be true or false');
    expect(() => make().advance(page({}, NON_EMPTY_PAGE))).toThrow('the response has no "has_more"');
  });

  // dlt: TestPageNumberPaginator.test_update_request_param
  it('writes the next page number into the query', () => {
    const p = pageNumberPaginator.create({ base_page: 1, page: 1, page_param: 'page' });
    p.advance(page({ total: 3 }, NON_EMPTY_PAGE));
    expect(p.apply(GET).params).toEqual({ page: '2' });
    p.advance(page({ total: 3 }, NON_EMPTY_PAGE));
    expect(p.apply(GET).params).toEqual({ page: '3' });
  });

  // dlt: TestPageNumberPaginator.test_update_request_json, _json_nested, _json_with_existing_json
  it('writes the page number into the JSON body at page_body_path, nested, keeping what the body holds', () => {
    const at = (page_body_path: string, json?: Record<string, string>) =>
      pageNumberPaginator.create({ base_page: 1, page: 1, page_body_path }, { page: 2 }).apply({ ...POST, ...(json ? { json } : {}) }).json;
    expect(at('page')).toEqual({ page: 2 });
    expect(at('page.next')).toEqual({ page: { next: 2 } });
    expect(at('page', { existing: 'data' })).toEqual({ existing: 'data', page: 2 });
  });

  // dlt: TestPageNumberPaginator.test_maximum_page
  it('stops at maximum_page', () => {
    const p = pageNumberPaginator.create({ base_page: 1, page: 1, maximum_page: 3, total_path: null });
    expect(p.advance(page({ items: [] }, NON_EMPTY_PAGE))).toBe(true);
    expect(p.state()).toEqual({ page: 2 });
    expect(p.advance(page({ items: [] }, NON_EMPTY_PAGE))).toBe(false);
    expect(p.state()).toEqual({ page: 3 });
  });

  // dlt: TestPageNumberPaginator.test_stop_after_empty_page
  it('stops after an empty page without moving', () => {
    const p = pageNumberPaginator.create({ base_page: 1, page: 1, maximum_page: 5, stop_after_empty_page: true, total_path: null });
    expect(p.advance(page({ items: [] }, []))).toBe(false);
    expect(p.state()).toEqual({ page: 1 });
  });

  // dlt: TestPageNumberPaginator.test_guarantee_termination
  it('refuses a config that could never stop', () => {
    expect(pageNumberPaginator.validate({ total_path: null })).toEqual([]);
    expect(pageNumberPaginator.validate({ total_path: null, maximum_page: 1, stop_after_empty_page: false })).toEqual([]);
    const neverStopping: Record<string, JsonValue>[] = [
      { total_path: null, stop_after_empty_page: false },
      { total_path: null, stop_after_empty_page: false, maximum_page: null },
      { total_path: null, stop_after_empty_page: false, maximum_page: null, has_more_path: null },
    ];
    for (const options of neverStopping) {
      expect(messages(pageNumberPaginator.validate(options))).toEqual([
        'the page_number paginator would never stop: set total_path, maximum_page, has_more_path or stop_after_empty_page',
      ]);
    }
  });

  // dlt: TestPageNumberPaginator.test_empty_params
  it('page_param / page_body_path: both unset means "page"; an empty one is refused', () => {
    expect(pageNumberPaginator.create({ page_param: null, page_body_path: null }).apply(GET).params).toEqual({ page: '0' });
    for (const [p, b] of [
      ['', null],
      [null, ''],
      ['', ''],
    ]) {
      expect(messages(pageNumberPaginator.validate({ page_param: p, page_body_path: b }))).toEqual([
        expect.stringContaining(`Either 'page_param' or 'page_body_path' must be provided`),
      ]);
    }
  });
});

describe('dlt TestJSONResponseCursorPaginator', () => {
  // dlt: TestJSONResponseCursorPaginator.test_update_state
  it('reads the cursor at cursor_path', () => {
    const p = cursorPaginator.create({ cursor_path: 'next_cursor' });
    expect(p.advance(page({ next_cursor: 'cursor-2', results: [] }, []))).toBe(true);
    expect(p.state()).toEqual({ cursor: 'cursor-2' });
  });

  // dlt: TestJSONResponseCursorPaginator.test_cursor_param_initialization
  it('sends the cursor as "cursor" by default, as cursor_param, or into the body at cursor_body_path', () => {
    const at = (options: Record<string, string>, request = GET) => cursorPaginator.create(options, { cursor: 'c' }).apply(request);
    expect(at({}).params).toEqual({ cursor: 'c' });
    expect(at({ cursor_param: 'cursor_param' }).params).toEqual({ cursor_param: 'c' });
    expect(at({ cursor_body_path: 'cursor_body_path' }, POST)).toEqual({ ...POST, json: { cursor_body_path: 'c' } });
  });

  // dlt: TestJSONResponseCursorPaginator.test_both_cursor_param_and_cursor_body_path_raises_error
  it('refuses cursor_param together with cursor_body_path', () => {
    expect(messages(cursorPaginator.validate({ cursor_path: 'next_cursor', cursor_param: 'cursor', cursor_body_path: 'page' }))).toEqual([
      expect.stringContaining(`dlt: "Either 'cursor_param' or 'cursor_body_path' must be provided, not both"`),
    ]);
  });

  // dlt: TestJSONResponseCursorPaginator.test_update_state_when_cursor_path_is_empty_string (dlt#2012),
  // and dlt's `values[0] if values and values[0] else None`: every falsy cursor ends the walk.
  it.each(['', 0, false, null, [], {}])('a cursor of %j ends the walk', (value) => {
    expect(cursorPaginator.create({ cursor_path: 'next_cursor' }).advance(page({ next_cursor: value, results: [] }, NON_EMPTY_PAGE))).toBe(false);
  });

  // dlt: TestJSONResponseCursorPaginator.test_update_request_param
  it('writes the cursor into the query', () => {
    expect(cursorPaginator.create({ cursor_path: 'next_cursor' }, { cursor: 'cursor-2' }).apply(GET).params).toEqual({ cursor: 'cursor-2' });
  });

  // dlt: TestJSONResponseCursorPaginator.test_update_request_json, _json_nested, _json_with_existing_json
  it('writes the cursor into the JSON body at cursor_body_path, nested, keeping what the body holds', () => {
    const at = (cursor_body_path: string, json?: Record<string, string>) =>
      cursorPaginator.create({ cursor_path: 'next_cursor', cursor_body_path }, { cursor: 'cursor-2' }).apply({ ...POST, ...(json ? { json } : {}) }).json;
    expect(at('cursor')).toEqual({ cursor: 'cursor-2' });
    expect(at('cursor.next')).toEqual({ cursor: { next: 'cursor-2' } });
    expect(at('cursor', { existing: 'data' })).toEqual({ existing: 'data', cursor: 'cursor-2' });
  });

  // dlt: TestJSONResponseCursorPaginator.test_client_pagination_with_json (the request side): the
  // mock's `next_page` is a number, and the body gets the number, not its text.
  it('a numeric cursor goes into the body as a number, and resumes as one', () => {
    const options = { cursor_path: 'next_page', cursor_body_path: 'page' };
    const p = cursorPaginator.create(options);
    const base = { ...POST, json: { ids_greater_than: -1, page_size: 5, page_count: 5 } };
    expect(p.apply(base)).toEqual(base);
    p.advance(page({ data: NON_EMPTY_PAGE, next_page: 2 }, NON_EMPTY_PAGE));
    expect(p.apply(base).json).toEqual({ ids_greater_than: -1, page_size: 5, page_count: 5, page: 2 });
    const resumed = cursorPaginator.create(options, JSON.parse(JSON.stringify(p.state())));
    expect(resumed.apply(base)).toEqual(p.apply(base));
    expect(p.advance(page({ data: NON_EMPTY_PAGE, next_page: null }, NON_EMPTY_PAGE))).toBe(false);
  });

  // dlt#3374 (has_more_path and stop_after_empty_page on the cursor paginator) and dlt#4227
  // (has_more true no longer overrides a missing cursor).
  it('has_more false stops; has_more true with no cursor stops too; an empty page stops when asked', () => {
    const options = { cursor_path: 'next', has_more_path: 'has_more' };
    expect(cursorPaginator.create(options).advance(page({ next: 'n', has_more: false }, NON_EMPTY_PAGE))).toBe(false);
    expect(cursorPaginator.create(options).advance(page({ next: 'n', has_more: true }, NON_EMPTY_PAGE))).toBe(true);
    const missing = cursorPaginator.create(options, { cursor: 'prev' });
    expect(missing.advance(page({ has_more: true }, NON_EMPTY_PAGE))).toBe(false);
    expect(missing.state()).toEqual({ cursor: 'prev' });
    expect(cursorPaginator.create({ cursor_path: 'next', stop_after_empty_page: true }).advance(page({ next: 'n' }, []))).toBe(false);
    // Without stop_after_empty_page (dlt's default), an empty page with a cursor continues.
    expect(cursorPaginator.create({ cursor_path: 'next', stop_after_empty_page: null }).advance(page({ next: 'n' }, []))).toBe(true);
  });
});

describe('dlt TestHeaderCursorPaginator', () => {
  // dlt: TestHeaderCursorPaginator.test_update_state
  it('reads the cursor from the header named by cursor_key', () => {
    const p = headerCursorPaginator.create({ cursor_key: 'next_cursor' });
    expect(p.advance(page([], [], { next_cursor: 'cursor-2' }))).toBe(true);
    expect(p.state()).toEqual({ cursor: 'cursor-2' });
  });

  // dlt: TestHeaderCursorPaginator.test_update_state_when_cursor_path_is_empty_string
  it('no such header: no next page', () => {
    expect(headerCursorPaginator.create({ cursor_key: 'next_cursor' }).advance(page([], []))).toBe(false);
  });

  // dlt: TestHeaderCursorPaginator.test_update_request
  it('sends the cursor as cursor_param', () => {
    const p = headerCursorPaginator.create({ cursor_key: 'next_cursor', cursor_param: 'cursor' });
    p.advance(page([], [], { next_cursor: 'cursor-2' }));
    expect(p.apply(GET).params).toEqual({ cursor: 'cursor-2' });
  });
});
