import { describe, expect, it } from 'vitest';
import { pageNumberPaginator } from './page-number';
import { BASE_REQUEST, page } from './testing';

const rows = [{ id: 1 }];

describe('page_number paginator', () => {
  it('starts at base_page and counts up', () => {
    const p = pageNumberPaginator.create({ base_page: 1, total_path: null });
    expect(p.apply(BASE_REQUEST).params).toEqual({ page_size: '500', page: '1' });
    expect(p.advance(page({}, rows))).toBe(true);
    expect(p.apply(BASE_REQUEST).params.page).toBe('2');
  });

  it('starts at `page` when given and uses page_param', () => {
    const p = pageNumberPaginator.create({ page: 4, page_param: 'p', total_path: null });
    expect(p.apply(BASE_REQUEST).params.p).toBe('4');
  });

  it('stops on an empty page by default', () => {
    const p = pageNumberPaginator.create({ total_path: null });
    expect(p.advance(page({}, []))).toBe(false);
  });

  it('writes no page size; resize converts the page reached when it starts a page of the new size, and refuses otherwise', () => {
    const p = pageNumberPaginator.create({ base_page: 1, total_path: null }, { page: 3 });
    expect(p.pageSize).toBeUndefined();
    // Pages 1 and 2 of 500 rows are pages 1 to 4 of 250: the next one is 5.
    expect(p.resize?.(250, 500)).toBe(true);
    expect(p.apply(BASE_REQUEST).params).toEqual({ page_size: '500', page: '5' });
    // 1000 rows done are not a whole number of pages of 300.
    expect(p.resize?.(300, 250)).toBe(false);
    // Without `from` the position is already counted in pages of the new size.
    expect(p.resize?.(125)).toBe(true);
    expect(p.state()).toEqual({ page: 5 });
    const fresh = pageNumberPaginator.create({ total_path: null });
    expect(fresh.resize?.(62, 125)).toBe(true);
    expect(fresh.state()).toEqual({ page: 0 });
  });

  it('stops when the page count from total_path is reached, counting from base_page', () => {
    const p = pageNumberPaginator.create({ base_page: 1 });
    expect(p.advance(page({ total: 2 }, rows))).toBe(true);
    expect(p.advance(page({ total: '2' }, rows))).toBe(false);
  });

  it('holds the total read on the first page when later pages omit it: total 3, base_page 1 → pages 1, 2, 3', () => {
    const p = pageNumberPaginator.create({ base_page: 1, total_path: 'pagination.total' });
    expect(p.advance(page({ pagination: { total: 3 }, data: rows }, rows))).toBe(true);
    expect(p.advance(page({ data: rows }, rows))).toBe(true);
    expect(p.apply(BASE_REQUEST).params.page).toBe('3');
    expect(p.advance(page({ pagination: {}, data: rows }, rows))).toBe(false);
  });

  it('keeps the held total in state(), so a walk resumed mid-way stops at the same page', () => {
    const options = { base_page: 1, total_path: 'pagination.total' };
    const p = pageNumberPaginator.create(options);
    p.advance(page({ pagination: { total: 3 } }, rows));
    expect(p.state()).toEqual({ page: 2, total: 3 });
    const resumed = pageNumberPaginator.create(options, JSON.parse(JSON.stringify(p.state())));
    expect(resumed.advance(page({}, rows))).toBe(true);
    expect(resumed.advance(page({}, rows))).toBe(false);
  });

  it('takes a later total over the held one', () => {
    const p = pageNumberPaginator.create({ base_page: 1 });
    expect(p.advance(page({ total: 2 }, rows))).toBe(true);
    expect(p.advance(page({ total: 4 }, rows))).toBe(true);
    expect(p.advance(page({}, rows))).toBe(true);
    expect(p.advance(page({ total: null }, rows))).toBe(false);
  });

  it('a total present but null with stop_after_empty_page falls back to the empty-page stop', () => {
    const p = pageNumberPaginator.create({ total_path: 'meta.total' });
    expect(p.advance(page({ meta: { total: null } }, rows))).toBe(true);
    expect(p.advance(page({ meta: { total: null } }, rows))).toBe(true);
    expect(p.advance(page({ meta: { total: null } }, []))).toBe(false);
    const noOtherStop = pageNumberPaginator.create({ total_path: 'meta.total', stop_after_empty_page: false });
    expect(() => noOtherStop.advance(page({ meta: { total: null } }, rows))).toThrow('the response has no "meta.total" (total_path)');
  });

  it('forgets a held page count when the page size changes, and reads the next one', () => {
    const p = pageNumberPaginator.create({ base_page: 1 });
    p.advance(page({ total: 2 }, rows));
    expect(p.resize?.(250, 500)).toBe(true);
    expect(p.state()).toEqual({ page: 3 });
    // Page 3 of 250 rows says 4 pages: page 4 follows, and the new total holds for it.
    expect(p.advance(page({ total: 4 }, rows))).toBe(true);
    expect(p.advance(page({}, rows))).toBe(false);
  });

  it('stops at maximum_page', () => {
    const p = pageNumberPaginator.create({ total_path: null, maximum_page: 2 });
    expect(p.advance(page({}, rows))).toBe(true);
    expect(p.advance(page({}, rows))).toBe(false);
  });

  it('stops when has_more_path says false', () => {
    const p = pageNumberPaginator.create({ total_path: null, has_more_path: 'meta.more' });
    expect(p.advance(page({ meta: { more: true } }, rows))).toBe(true);
    expect(p.advance(page({ meta: { more: false } }, rows))).toBe(false);
  });

  it('keeps going past empty pages when stop_after_empty_page is false and a total is known', () => {
    const p = pageNumberPaginator.create({ stop_after_empty_page: false });
    expect(p.advance(page({ total: 3 }, []))).toBe(true);
  });

  it('explains a missing total instead of guessing', () => {
    const p = pageNumberPaginator.create({});
    expect(() => p.advance(page({ data: rows }, rows))).toThrow(
      'page_number paginator: the response has no "total" (total_path) giving the number of pages; set total_path to the field that holds it, or to null to stop at the first empty page',
    );
  });

  it('rejects a total that is not a whole number', () => {
    const p = pageNumberPaginator.create({ total_path: 'pages' });
    expect(() => p.advance(page({ pages: 'many' }, rows))).toThrow('"pages" (total_path) should be a whole number of pages, got "many"');
  });

  it('resumes exactly from state()', () => {
    const options = { base_page: 1, total_path: null };
    const p = pageNumberPaginator.create(options);
    p.advance(page({}, rows));
    p.advance(page({}, rows));
    const resumed = pageNumberPaginator.create(options, JSON.parse(JSON.stringify(p.state())));
    expect(p.state()).toEqual({ page: 3 });
    expect(resumed.apply(BASE_REQUEST)).toEqual(p.apply(BASE_REQUEST));
  });

  it('validates options, including a config that could never stop', () => {
    expect(pageNumberPaginator.validate({ page_param: 'page', limit_param: 'page_size', limit: 200 })).toEqual([
      {
        path: 'limit_param',
        message:
          'unknown option "limit_param" for the page_number paginator; valid options: page_param, page_body_path, base_page, page, total_path, maximum_page, stop_after_empty_page, has_more_path',
      },
      {
        path: 'limit',
        message:
          'unknown option "limit" for the page_number paginator; valid options: page_param, page_body_path, base_page, page, total_path, maximum_page, stop_after_empty_page, has_more_path',
      },
    ]);
    expect(pageNumberPaginator.validate({ total_path: null, stop_after_empty_page: false })).toEqual([
      {
        path: 'stop_after_empty_page',
        message: 'the page_number paginator would never stop: set total_path, maximum_page, has_more_path or stop_after_empty_page',
      },
    ]);
    expect(pageNumberPaginator.validate({ base_page: -1, maximum_page: 0 })).toEqual([
      { path: 'base_page', message: 'base_page must be a whole number ≥ 0, got -1' },
      { path: 'maximum_page', message: 'maximum_page must be a positive integer, got 0' },
    ]);
  });
});
