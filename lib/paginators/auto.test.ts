/**
 * The `auto` paginator: detection on the first response (dlt: rest_client/client.py `paginate`,
 * which detects when no paginator is given and then lets the detected one read that same
 * response), and a state that resumes the detected paginator exactly.
 */
import { describe, expect, it } from 'vitest';
import { autoPaginator } from './auto';
import { BASE_REQUEST, page } from './testing';

const rows = [{ id: 1 }];
const roundTrip = <T>(v: T): T => JSON.parse(JSON.stringify(v));

describe('auto paginator', () => {
  it('sends the first request as configured, then follows the next URL it found', () => {
    const p = autoPaginator.create({});
    expect(p.apply(BASE_REQUEST)).toEqual(BASE_REQUEST);
    expect(p.state()).toBeNull();
    expect(p.advance(page({ data: rows, next_page: 'http://h/posts?page=2' }, rows))).toBe(true);
    expect(p.apply(BASE_REQUEST)).toEqual({ path: 'http://h/posts?page=2', params: {} });
    expect(p.state()).toEqual({ detected: { type: 'json_link', options: { next_url_path: 'next_page' } }, position: { next: 'http://h/posts?page=2' } });
  });

  it('keeps the paginator it detected: a later page is read by it, not detected again', () => {
    const p = autoPaginator.create({});
    p.advance(page({ data: rows, next_cursor: 5 }, rows));
    expect(p.apply(BASE_REQUEST).params).toEqual({ page_size: '500', cursor: '5' });
    // This page has a next URL, but the walk is a cursor walk: no cursor, no next page.
    expect(p.advance(page({ data: rows, next: 'http://h/x' }, rows))).toBe(false);
  });

  it('resumes from a saved state with the detected paginator at its position', () => {
    const p = autoPaginator.create({});
    p.advance(page({ results: rows, cursors: { next: 'abc' } }, rows));
    const resumed = autoPaginator.create({}, roundTrip(p.state()));
    expect(resumed.apply(BASE_REQUEST)).toEqual(p.apply(BASE_REQUEST));
    expect(p.state()).toEqual({ detected: { type: 'cursor', options: { cursor_path: 'cursors.next' } }, position: { cursor: 'abc' } });
    expect(resumed.advance(page({ results: rows, cursors: { next: null } }, rows))).toBe(false);
  });

  // dlt quirk kept on purpose: the detected PageNumberPaginator starts at base_page 0 and has read
  // the first response as page 0, so it asks for page 1 next.
  it('a detected page_number paginator asks for page 1 after the first response and stops at the total', () => {
    const p = autoPaginator.create({});
    expect(p.advance(page({ items: rows, total_pages: 3 }, rows))).toBe(true);
    expect(p.apply(BASE_REQUEST).params).toEqual({ page_size: '500', page: '1' });
    expect(p.advance(page({ items: rows, total_pages: 3 }, rows))).toBe(true);
    expect(p.advance(page({ items: rows, total_pages: 3 }, rows))).toBe(false);
    expect(p.resize?.(250, 500)).toBe(true);
  });

  it('follows a Link header, and fetches a single page when nothing says more', () => {
    const linked = autoPaginator.create({});
    expect(linked.advance(page(rows, rows, { Link: '<http://h/x?page=2>; rel="next"' }))).toBe(true);
    expect(linked.apply(BASE_REQUEST).path).toBe('http://h/x?page=2');
    const single = autoPaginator.create({});
    expect(single.advance(page({ data: rows }, rows))).toBe(false);
    expect(single.state()).toEqual({ detected: { type: 'single_page', options: {} }, position: null });
  });

  it('takes no options and refuses a saved state that does not say what was detected', () => {
    expect(autoPaginator.validate({ next_url_path: 'x' })).toEqual([
      { path: 'next_url_path', message: 'unknown option "next_url_path" for the auto paginator; it takes no options' },
    ]);
    expect(() => autoPaginator.create({}, { cursor: 'x' })).toThrow(/does not say which paginator was detected; run a full sync/);
    expect(() => autoPaginator.create({}, { detected: { type: 'offset', options: {} }, position: null })).toThrow(/run a full sync/);
  });
});
