import { describe, expect, it } from 'vitest';
import { createPaginator, paginatorNames, paginatorTypes } from './index';

describe('paginator registry', () => {
  it('lists every current type and keeps json_response only as an alias', () => {
    expect(paginatorNames()).toEqual(['single_page', 'page_number', 'offset', 'cursor', 'header_link', 'header_cursor', 'json_link', 'auto']);
    expect(paginatorTypes.json_response).toBe(paginatorTypes.json_link);
  });

  it('createPaginator refuses an unknown type, naming the valid ones', () => {
    expect(() => createPaginator({ type: 'curser', options: {} })).toThrow(
      'unknown paginator type "curser"; valid types: single_page, page_number, offset, cursor, header_link, header_cursor, json_link, auto',
    );
  });

  it('createPaginator refuses invalid options rather than looping forever', () => {
    expect(() => createPaginator({ type: 'offset', options: {} })).toThrow('offset paginator: the offset paginator needs "limit" (a positive integer)');
  });

  it('createPaginator resumes from a saved state', () => {
    const p = createPaginator({ type: 'cursor', options: { cursor_param: 'after' } }, { cursor: '99' });
    expect(p.apply({ path: 'x', params: {} }).params).toEqual({ after: '99' });
  });
});
