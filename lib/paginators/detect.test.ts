/**
 * dlt's detector tests, ported (dlt: tests/sources/helpers/rest_client/test_detector.py): the same
 * TEST_RESPONSES table drives data-selector detection, next-page detection and paginator detection,
 * and the same path lists drive the single-entity rule.
 */
import { describe, expect, it } from 'vitest';
import { isSingleEntityPath } from '@/lib/config/single-entity';
import { detectDataSelector } from '@/lib/sync/data-selector';
import { detectPaginator, findNextPagePath } from './detect';
import { page } from './testing';

interface Case {
  response: unknown;
  /** The `Link` header, where dlt's case gives `links`. */
  link?: string;
  /** dlt's expected records_path. */
  records: string;
  /** dlt's expected paginator type; dlt detects no offset paginator, so its OffsetPaginator cases expect single_page. */
  type: 'single_page' | 'page_number' | 'cursor' | 'json_link' | 'header_link';
  next?: string;
  total?: string;
}

// dlt: test_detector.py TEST_RESPONSES, in order.
const TEST_RESPONSES: Case[] = [
  {
    response: { data: [{ id: 1, name: 'Item 1' }, { id: 2, name: 'Item 2' }], pagination: { offset: 0, limit: 2, total: 100 } },
    records: 'data',
    type: 'single_page',
  },
  {
    response: { items: [{ id: 11 }, { id: 12 }], page_info: { current_page: 1, items_per_page: 2, total_pages: 50 } },
    records: 'items',
    type: 'page_number',
    total: 'page_info.total_pages',
  },
  {
    response: { products: [{ id: 101 }, { id: 102 }], next_cursor: 'eyJpZCI6MTAyfQ==' },
    records: 'products',
    type: 'cursor',
    next: 'next_cursor',
  },
  {
    response: { results: [{ id: 201 }, { id: 202 }], cursors: { next: 'NjM=', previous: 'MTk=' } },
    records: 'results',
    type: 'cursor',
    next: 'cursors.next',
  },
  {
    response: { entries: [{ id: 31 }, { id: 32 }], next_id: 33, limit: 2 },
    records: 'entries',
    type: 'cursor',
    next: 'next_id',
  },
  {
    response: { comments: [{ id: 51 }, { id: 52 }], page_number: 3, total_pages: 15 },
    records: 'comments',
    type: 'page_number',
    total: 'total_pages',
  },
  {
    response: {
      count: 1023,
      next: 'https://api.example.org/accounts/?page=5',
      previous: 'https://api.example.org/accounts/?page=3',
      results: [{ id: 1 }, { id: 2 }],
    },
    records: 'results',
    type: 'json_link',
    next: 'next',
  },
  {
    response: {
      _embedded: { items: [{ id: 1 }, { id: 2 }] },
      _links: {
        first: { href: 'http://api.example.com/items?page=0&size=2' },
        self: { href: 'http://api.example.com/items?page=1&size=2' },
        next: { href: 'http://api.example.com/items?page=2&size=2' },
        last: { href: 'http://api.example.com/items?page=50&size=2' },
      },
      page: { size: 2, totalElements: 100, totalPages: 50, number: 1 },
    },
    records: '_embedded.items',
    type: 'json_link',
    next: '_links.next.href',
  },
  {
    response: {
      items: [{ id: 1 }, { id: 2 }],
      meta: { currentPage: 1, pageSize: 2, totalPages: 50, totalItems: 100 },
      links: { firstPage: '/items?page=1&limit=2', previousPage: '/items?page=0&limit=2', nextPage: '/items?page=2&limit=2', lastPage: '/items?page=50&limit=2' },
    },
    records: 'items',
    type: 'json_link',
    next: 'links.nextPage',
  },
  {
    response: { data: [{ id: 1 }, { id: 2 }], pagination: { currentPage: 1, pageSize: 2, totalPages: 5, totalItems: 10 } },
    records: 'data',
    type: 'page_number',
    total: 'pagination.totalPages',
  },
  {
    response: { items: [{ id: 1 }, { id: 2 }], pagination: { page: 1, perPage: 2, total: 10, totalPages: 5 } },
    records: 'items',
    type: 'page_number',
    total: 'pagination.totalPages',
  },
  {
    response: {
      data: [{ id: 1 }, { id: 2 }],
      meta: { currentPage: 1, itemsPerPage: 2, totalItems: 10, totalPages: 5 },
      links: { first: '/api/items?page=1', previous: null, next: '/api/items?page=2', last: '/api/items?page=5' },
    },
    records: 'data',
    type: 'json_link',
    next: 'links.next',
  },
  {
    response: { page: 2, per_page: 10, total: 100, pages: 10, data: [{ id: 1 }, { id: 2 }] },
    records: 'data',
    type: 'page_number',
    total: 'pages',
  },
  {
    response: { currentPage: 1, pageSize: 10, totalPages: 5, totalRecords: 50, items: [{ id: 1 }, { id: 2 }] },
    records: 'items',
    type: 'page_number',
    total: 'totalPages',
  },
  // dlt: "we are not able to detect that"
  {
    response: { articles: [{ id: 21 }, { id: 22 }], paging: { current: 3, size: 2, total: 60 } },
    records: 'articles',
    type: 'single_page',
  },
  {
    response: { feed: [{ id: 41 }, { id: 42 }], offset: 40, limit: 2, total_count: 200 },
    records: 'feed',
    type: 'single_page',
  },
  {
    response: { query_results: [{ id: 81 }, { id: 82 }], page_details: { number: 1, size: 2, total_elements: 50, total_pages: 25 } },
    records: 'query_results',
    type: 'page_number',
    total: 'page_details.total_pages',
  },
  {
    response: { posts: [{ id: 91 }, { id: 92 }], pagination_details: { current_page: 4, posts_per_page: 2, total_posts: 100, total_pages: 50 } },
    records: 'posts',
    type: 'page_number',
    total: 'pagination_details.total_pages',
  },
  {
    response: { catalog: [{ id: 101 }, { id: 102 }], page_metadata: { index: 1, size: 2, total_items: 20, total_pages: 10 } },
    records: 'catalog',
    type: 'page_number',
    total: 'page_metadata.total_pages',
  },
  { response: [{ id: 101 }, { id: 102 }], records: '$', type: 'single_page' },
  { response: [{ id: 101 }, { id: 102 }], link: '<next_page>; rel="next"', records: '$', type: 'header_link' },
  { response: { id: 101, product_name: 'Product A' }, records: '$', type: 'single_page' },
];

const named = TEST_RESPONSES.map((c, i) => ({ ...c, name: `TEST_RESPONSES[${i}] ${c.type}` }));

/** Follows dotted keys, for checking that a found path leads where the test says. */
function at(body: unknown, keys: string[]): unknown {
  return keys.reduce<unknown>((cur, k) => (cur as Record<string, unknown>)[k], body);
}

describe('dlt test_detector.py', () => {
  // dlt: test_detector.py test_find_response_page_data
  it.each(named)('$name: the records are at "$records"', ({ response, records }) => {
    const keys = detectDataSelector(response);
    expect(keys.join('.') || '$').toBe(records);
    expect(Array.isArray(response) || keys.length === 0 ? response : at(response, keys)).toBe(records === '$' ? response : at(response, records.split('.')));
  });

  // dlt: test_detector.py test_find_next_page_key
  it.each(named)('$name: the next-page value is at "$next"', ({ response, next }) => {
    const found = findNextPagePath(response);
    if (next === undefined) expect(found).toBeNull();
    else {
      expect(found?.path.join('.')).toBe(next);
      expect(at(response, found!.path)).toBe(found!.value);
    }
  });

  // dlt: test_detector.py test_find_paginator
  it.each(named)('$name: the paginator is $type', ({ response, link, type, next, total }) => {
    const detected = detectPaginator(page(response, [], link ? { Link: link } : {}));
    expect(detected.type).toBe(type);
    if (type === 'page_number') expect(detected.options).toEqual({ total_path: total });
    if (type === 'json_link') expect(detected.options).toEqual({ next_url_path: next });
    if (type === 'cursor') expect(detected.options).toEqual({ cursor_path: next });
  });

  // dlt: test_detector.py test_single_entity_path_valid
  it.each([
    '/users/{user_id}',
    '/api/v1/products/{product_id}/',
    '/api/v1/products/{product_id}//',
    '/api/v1/products/{product_id}?param1=value1',
    '/api/v1/products/{product_id}#section',
    '/api/v1/products/{product_id}.json',
    '/api/v1/products/{product_id}.json/',
    '/api/v1/products/{product_id}_data',
    '/api/v1/products/{product_id}_data?param=true',
    '/users/{user_id}/posts/{post_id}',
    '/users/{user_id}/posts/{post_id}/comments/{comment_id}',
    '{entity}',
    '/{entity}',
    '/{user_123}',
    '/users/{user-id}',
    '/users/{123}',
    'posts/{resources.posts.id}',
  ])('%s is a single entity', (path) => {
    expect(isSingleEntityPath(path)).toBe(true);
  });

  // dlt: test_detector.py test_single_entity_path_invalid
  it.each([
    '/users/user_id',
    '/api/v1/products/product_id/',
    '/users/{user_id}/details',
    '/',
    '/{}',
    '/api/v1/products/{product_id}/#section',
    '/users/{user id}',
    '/users/{user_id}/{',
    'posts/{resources.posts.id}/comments',
  ])('%s is not a single entity', (path) => {
    expect(isSingleEntityPath(path)).toBe(false);
  });
});

describe('paginator detection details', () => {
  it('prefers a Link header over a next URL in the body', () => {
    expect(detectPaginator(page({ next: 'https://h/x?p=2', data: [] }, [], { Link: '<https://h/y>; rel="next"' })).type).toBe('header_link');
  });

  it('a next value that is not a URL is a cursor; a Link header without rel=next is nothing', () => {
    expect(detectPaginator(page({ data: [], next: 'items?page=2' }, [], { Link: '<https://h/y>; rel="prev"' }))).toEqual({
      type: 'cursor',
      options: { cursor_path: 'next' },
    });
  });

  it('a total page count that is not a whole number is not a page_number paginator', () => {
    expect(detectPaginator(page({ data: [], total_pages: 'many' }, [])).type).toBe('single_page');
    expect(detectPaginator(page({ data: [], total_pages: '7' }, []))).toEqual({ type: 'page_number', options: { total_path: 'total_pages' } });
  });

  it('a null next value is skipped and the search goes on, depth first in key order', () => {
    expect(findNextPagePath({ next: null, meta: { next_token: 'abc' } })).toEqual({ path: ['meta', 'next_token'], value: 'abc' });
    expect(findNextPagePath({ a: [{ next: 'x' }] })).toBeNull();
  });
});
