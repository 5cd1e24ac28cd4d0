import { describe, expect, it } from 'vitest';
import { offsetPaginator } from './offset';
import { BASE_REQUEST, page } from './testing';

const rows = [{ id: 1 }];

describe('offset paginator', () => {
  it('sends offset and limit, advancing by limit', () => {
    const p = offsetPaginator.create({ limit: 50, total_path: null });
    expect(p.apply(BASE_REQUEST).params).toEqual({ page_size: '500', offset: '0', limit: '50' });
    p.advance(page({}, rows));
    expect(p.apply(BASE_REQUEST).params).toEqual({ page_size: '500', offset: '50', limit: '50' });
  });

  it('honours offset, offset_param and limit_param', () => {
    const p = offsetPaginator.create({ limit: 10, offset: 30, offset_param: 'skip', limit_param: 'take', total_path: null });
    expect(p.apply(BASE_REQUEST).params).toEqual({ page_size: '500', skip: '30', take: '10' });
  });

  it('stops once offset reaches the total number of records', () => {
    const p = offsetPaginator.create({ limit: 10 });
    expect(p.advance(page({ total: 25 }, rows))).toBe(true);
    expect(p.advance(page({ total: 25 }, rows))).toBe(true);
    expect(p.advance(page({ total: 25 }, rows))).toBe(false);
  });

  it('stops on an empty page, at maximum_offset, and when has_more is false', () => {
    expect(offsetPaginator.create({ limit: 10, total_path: null }).advance(page({}, []))).toBe(false);
    const capped = offsetPaginator.create({ limit: 10, total_path: null, maximum_offset: 20 });
    expect(capped.advance(page({}, rows))).toBe(true);
    expect(capped.advance(page({}, rows))).toBe(false);
    const flagged = offsetPaginator.create({ limit: 10, total_path: null, has_more_path: 'more' });
    expect(flagged.advance(page({ more: false }, rows))).toBe(false);
  });

  it('holds the total from the first page when later pages omit it, and keeps it in state()', () => {
    const p = offsetPaginator.create({ limit: 10 });
    expect(p.advance(page({ total: 25 }, rows))).toBe(true);
    expect(p.state()).toEqual({ offset: 10, total: 25 });
    const resumed = offsetPaginator.create({ limit: 10 }, JSON.parse(JSON.stringify(p.state())));
    expect(resumed.advance(page({}, rows))).toBe(true);
    expect(resumed.advance(page({}, rows))).toBe(false);
  });

  it('explains a missing total', () => {
    expect(() => offsetPaginator.create({ limit: 10 }).advance(page({}, rows))).toThrow(
      'offset paginator: the response has no "total" (total_path) giving the number of records; set total_path to the field that holds it, or to null to stop at the first empty page',
    );
  });

  it('resumes exactly from state()', () => {
    const options = { limit: 100, total_path: null };
    const p = offsetPaginator.create(options);
    p.advance(page({}, rows));
    const resumed = offsetPaginator.create(options, JSON.parse(JSON.stringify(p.state())));
    expect(p.state()).toEqual({ offset: 100 });
    expect(resumed.apply(BASE_REQUEST)).toEqual(p.apply(BASE_REQUEST));
  });

  it('owns its page size: resize changes limit and step, never the offset reached', () => {
    const p = offsetPaginator.create({ limit: 500, limit_param: 'take', total_path: null }, { offset: 1000 });
    expect(p.pageSize?.()).toEqual({ param: 'take', size: 500 });
    expect(p.resize?.(250, 500)).toBe(true);
    expect(p.pageSize?.()).toEqual({ param: 'take', size: 250 });
    expect(p.apply(BASE_REQUEST).params).toMatchObject({ offset: '1000', take: '250' });
    p.advance(page({}, rows));
    expect(p.state()).toEqual({ offset: 1250 });
    // Odd sizes too: an offset counts records, so any size continues from it.
    expect(p.resize?.(62, 125)).toBe(true);
    expect(p.apply(BASE_REQUEST).params).toMatchObject({ offset: '1250', take: '62' });
  });

  it('requires a positive integer limit', () => {
    expect(offsetPaginator.validate({})).toEqual([{ path: 'limit', message: 'the offset paginator needs "limit" (a positive integer)' }]);
    expect(offsetPaginator.validate({ limit: '100' })).toEqual([{ path: 'limit', message: 'limit must be a positive integer, got "100"' }]);
  });
});
