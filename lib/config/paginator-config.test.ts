/**
 * Paginators as a config names them (dlt: tests/sources/rest_api/configurations/test_paginator_config.py,
 * source_configs.py PAGINATOR_TYPE_CONFIGS / INVALID_CONFIGS) and dlt's defaults for a resource that
 * names none (config_setup.py `_setup_single_entity_endpoint`; tests/sources/rest_api/integration/
 * test_offline.py test_load_mock_api).
 */
import { describe, expect, it } from 'vitest';
import { createPaginator } from '@/lib/paginators';
import { linkFrom, PAGE_URL } from '@/lib/paginators/testing';
import { resolveConfig } from './normalize';
import type { ConfigIssue, ConfigResult, ResolvedResource } from './types';

const BASE = 'https://api.example.com';
const GET = { path: 'posts', params: {} };

function resources(result: ConfigResult): ResolvedResource[] {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.errors)}`);
  return result.source.resources;
}
function errors(result: ConfigResult): ConfigIssue[] {
  if (result.ok) throw new Error('expected errors, config was accepted');
  return result.errors;
}
const withPaginator = (paginator: unknown, endpoint: Record<string, unknown> = {}) =>
  resolveConfig({ client: { base_url: BASE }, resources: [{ name: 'posts', endpoint: { path: 'posts', paginator, ...endpoint } }] });

describe('paginator names and options as dlt takes them', () => {
  // dlt: test_paginator_config.py test_paginator_shorthands — every PaginatorType name works as a
  // string; only offset cannot be made without its limit.
  it.each(['json_link', 'json_response', 'header_link', 'header_cursor', 'auto', 'single_page', 'cursor', 'page_number'])(
    '"%s" alone is a paginator',
    (name) => {
      expect(resources(withPaginator(name))[0].paginator.type).toBe(name === 'json_response' ? 'json_link' : name);
    },
  );

  it('"offset" alone is refused for its missing limit', () => {
    expect(errors(withPaginator('offset'))).toEqual([
      { path: 'resources[0] (posts).endpoint.paginator.limit', message: 'the offset paginator needs "limit" (a positive integer)' },
    ]);
  });

  // dlt: test_paginator_config.py test_paginator_type_configs over source_configs.py PAGINATOR_TYPE_CONFIGS:
  // the options are bound, and what is left out takes dlt's default.
  it('PAGINATOR_TYPE_CONFIGS: options bound, defaults filled', () => {
    const first = (paginator: unknown) => createPaginator(resources(withPaginator(paginator))[0].paginator).apply(GET);
    expect(resources(withPaginator({ type: 'auto' }))[0].paginator).toEqual({ type: 'auto', options: {} });
    expect(first({ type: 'single_page' })).toEqual(GET);
    expect(first({ type: 'page_number', page: 10, base_page: 1, total_path: 'response.pages' }).params).toEqual({ page: '10' });
    const pages = createPaginator({ type: 'page_number', options: { page: 10, base_page: 1, total_path: 'response.pages' } });
    // base_page 1: the total counts pages 1..N, so page 10 of 10 is the last.
    expect(pages.advance({ url: PAGE_URL, link: linkFrom(PAGE_URL), body: { response: { pages: 10 } }, records: [1], headers: new Headers() })).toBe(false);
    const offset = createPaginator(resources(withPaginator({ type: 'offset', limit: 100, maximum_offset: 1000 }))[0].paginator);
    expect(offset.apply(GET).params).toEqual({ offset: '0', limit: '100' });
    expect(() => offset.advance({ url: PAGE_URL, link: linkFrom(PAGE_URL), body: {}, records: [1], headers: new Headers() })).toThrow('the response has no "total" (total_path)');
    const link = createPaginator(resources(withPaginator({ type: 'header_link', links_next_key: 'next_page' }))[0].paginator);
    expect(link.advance({ url: PAGE_URL, link: linkFrom(PAGE_URL), body: [], records: [], headers: new Headers({ Link: '</p2>; rel="next_page"' }) })).toBe(true);
    const json = createPaginator(resources(withPaginator({ type: 'json_link', next_url_path: 'response.nex_page_link' }))[0].paginator);
    expect(json.advance({ url: PAGE_URL, link: linkFrom(PAGE_URL), body: { response: { nex_page_link: '/p2' } }, records: [], headers: new Headers() })).toBe(true);
    const cursor = createPaginator(resources(withPaginator({ type: 'cursor', cursor_param: 'cursor' }))[0].paginator);
    cursor.advance({ url: PAGE_URL, link: linkFrom(PAGE_URL), body: { cursors: { next: 'c2' } }, records: [1], headers: new Headers() });
    expect(cursor.apply(GET).params).toEqual({ cursor: 'c2' });
    const headerCursor = createPaginator(resources(withPaginator({ type: 'header_cursor', cursor_key: 'X-Next-Cursor' }))[0].paginator);
    headerCursor.advance({ url: PAGE_URL, link: linkFrom(PAGE_URL), body: [], records: [1], headers: new Headers({ 'x-next-cursor': 'n2' }) });
    expect(headerCursor.apply(GET).params).toEqual({ cursor: 'n2' });
  });

  // dlt: test_paginator_config.py test_page_number_paginator_creation
  it('a page_number client paginator with page_param, total_path, base_page and maximum_page is accepted', () => {
    const result = resolveConfig({
      client: { base_url: BASE, paginator: { type: 'page_number', page_param: 'foobar', total_path: 'response.pages', base_page: 1, maximum_page: 5 } },
      resources: ['posts'],
    });
    expect(resources(result)[0].paginator).toEqual({
      type: 'page_number',
      options: { page_param: 'foobar', total_path: 'response.pages', base_page: 1, maximum_page: 5 },
    });
  });

  // dlt: test_paginator_config.py test_allow_deprecated_json_response_paginator
  it('the deprecated json_response is json_link, with a warning', () => {
    const result = withPaginator({ type: 'json_response', next_url_path: 'links.next' });
    expect(resources(result)[0].paginator).toEqual({ type: 'json_link', options: { next_url_path: 'links.next' } });
    expect(result.warnings).toEqual([{ path: 'resources[0] (posts).endpoint.paginator.type', message: 'paginator type "json_response" is a deprecated name; use "json_link"' }]);
  });

  // dlt: test_paginator_config.py test_error_message_invalid_paginator; source_configs.py INVALID_CONFIGS
  // ("field 'paginator' with value invalid_paginator is not one of"): reported once, at client.paginator.
  it('an unknown paginator name is refused where it is written, listing the valid names', () => {
    const result = resolveConfig({ client: { base_url: BASE, paginator: 'invalid_paginator' }, resources: ['posts', 'comments'] });
    expect(errors(result)).toEqual([
      {
        path: 'client.paginator',
        message: 'unknown paginator type "invalid_paginator"; valid types: single_page, page_number, offset, cursor, header_link, header_cursor, json_link, auto',
      },
    ]);
  });

  // dlt: paginators.py — a `*_body_path` pages through the request body; a browser's fetch cannot
  // send a body with GET, so the endpoint must say POST (a difference from dlt, in the README).
  it('a body-path paginator needs method POST', () => {
    expect(errors(withPaginator({ type: 'cursor', cursor_path: 'next', cursor_body_path: 'page' }))).toEqual([
      {
        path: 'resources[0] (posts).endpoint.paginator.cursor_body_path',
        message: 'cursor_body_path puts the page position into the JSON body, so the endpoint needs "method": "POST" (a browser cannot send a body with "GET")',
      },
    ]);
    const post = withPaginator({ type: 'page_number', page_body_path: 'page', total_path: 'total_pages', base_page: 1 }, { method: 'POST', json: { q: 'x' } });
    expect(resources(post)[0]).toMatchObject({ method: 'POST', paginator: { type: 'page_number', options: { page_body_path: 'page' } } });
  });
});

describe('a resource that names no paginator or data selector', () => {
  // dlt: config_setup.py create_paginator (no paginator is "auto") and client.py paginate (detection).
  it('gets the auto paginator and a detected data selector', () => {
    const [posts] = resources(resolveConfig({ client: { base_url: BASE }, resources: ['posts'] }));
    expect(posts.paginator).toEqual({ type: 'auto', options: {} });
    expect(posts.dataSelector).toBeUndefined();
  });

  // dlt: test_offline.py test_load_mock_api (post_details: "posts/{post_id}" with a resolve param)
  // and config_setup.py _setup_single_entity_endpoint.
  it('a path ending in a placeholder is a single entity: single_page and the whole body, over client.paginator', () => {
    const result = resolveConfig({
      client: { base_url: BASE, paginator: 'header_link' },
      resources: [
        { name: 'posts', endpoint: { path: 'posts', paginator: 'json_link' } },
        { name: 'post_details', endpoint: { path: 'posts/{post_id}', params: { post_id: { type: 'resolve', resource: 'posts', field: 'id' } } } },
        { name: 'post_detail', endpoint: { path: 'posts/{resources.posts.id}', data_selector: null } },
        { name: 'post_comments', endpoint: { path: 'posts/{resources.posts.id}/comments' } },
        { name: 'own', endpoint: { path: 'posts/{resources.posts.id}', paginator: 'auto', data_selector: 'data' } },
      ],
    });
    const byName = Object.fromEntries(resources(result).map((r) => [r.name, r]));
    expect(byName.post_details).toMatchObject({ path: 'posts/{resources.posts.id}', paginator: { type: 'single_page' }, dataSelector: '$' });
    expect(byName.post_detail).toMatchObject({ paginator: { type: 'single_page' }, dataSelector: '$' });
    expect(byName.post_comments).toMatchObject({ paginator: { type: 'header_link' } });
    expect(byName.post_comments.dataSelector).toBeUndefined();
    expect(byName.own).toMatchObject({ paginator: { type: 'auto' }, dataSelector: 'data' });
  });
});
