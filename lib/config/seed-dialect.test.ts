import { describe, expect, it } from 'vitest';
import { resolveConfig } from './normalize';
import { translateSeedDialect } from './seed-dialect';

const client = { base_url: 'https://shop.example.com' };

describe('translateSeedDialect', () => {
  it('leaves a dlt config untouched, with no warnings', () => {
    const raw = {
      client: { ...client, auth: { type: 'bearer', token: '{secrets.api_token}' } },
      resources: [{ name: 'a', endpoint: { path: '/a', paginator: { type: 'offset', limit: 10, limit_param: 'n' } } }],
    };
    expect(translateSeedDialect(raw)).toEqual({ config: raw, warnings: [] });
  });

  it('moves limit to a request param but keeps a param the resource already sets', () => {
    const raw = {
      client,
      resources: [{ name: 'a', endpoint: { path: '/a', params: { page_size: 50 }, paginator: { type: 'cursor', cursor_path: 'next', limit_param: 'page_size', limit: 100 } } }],
    };
    const { config, warnings } = translateSeedDialect(raw);
    expect(config).toMatchObject({ resources: [{ endpoint: { params: { page_size: 50 }, paginator: { type: 'cursor', cursor_path: 'next' } } }] });
    expect(warnings).toEqual([
      {
        path: 'resources[0] (a).endpoint.paginator',
        message: 'the cursor paginator takes no limit_param/limit; removed them and kept the existing request param page_size=50',
      },
    ]);
  });

  it('translates limit on resource_defaults too', () => {
    const raw = { client, resource_defaults: { endpoint: { paginator: { type: 'page_number', limit: 20 } } }, resources: ['a'] };
    expect(translateSeedDialect(raw).config).toMatchObject({ resource_defaults: { endpoint: { params: { limit: 20 }, paginator: { type: 'page_number' } } } });
  });

  it('maps stream_partition.<x>_id to the <x> resource when there is no <x>s, adding id to include_from_parent', () => {
    const raw = {
      client,
      resources: ['order', { name: 'lines', include_from_parent: ['number'], endpoint: '/orders/{{stream_partition.order_id}}/lines' }],
    };
    const { config } = translateSeedDialect(raw);
    expect(config).toMatchObject({
      resources: ['order', { include_from_parent: ['number', 'id'], endpoint: { path: '/orders/{resources.order.id}/lines' } }],
    });
  });

  it('leaves a stream_partition with no matching resource for validation to report', () => {
    const raw = { client, resources: [{ name: 'lines', endpoint: { path: '/x/{{ stream_partition.widget_id }}', paginator: 'single_page' } }] };
    const { config, warnings } = translateSeedDialect(raw);
    expect(warnings).toEqual([]);
    const result = resolveConfig(config);
    expect(result.ok ? [] : result.errors).toEqual([
      {
        path: 'resources[0] (lines).endpoint.path',
        message: '"{{ stream_partition.widget_id }}" is an Airbyte template, not a dlt placeholder; write {resources.<parent>.<field>}, e.g. {resources.sales.id}',
      },
    ]);
  });

  it('warns about, but does not change, a cursor paginator on "after" without cursor_path', () => {
    const paginator = { type: 'cursor', cursor_param: 'after' };
    const { config, warnings } = translateSeedDialect({ client, resources: [{ name: 'a', endpoint: { path: '/a', paginator } }] });
    expect(config).toMatchObject({ resources: [{ endpoint: { paginator } }] });
    expect(warnings).toEqual([
      {
        path: 'resources[0] (a).endpoint.paginator',
        message:
          'this cursor paginator has no cursor_path, so dlt\'s default "cursors.next" is used; this API has no such field, so only the first page will be fetched. For the API 2.0 version cursor set "cursor_path": "version.max" and "stop_after_empty_page": true',
      },
    ]);
  });

  it('passes non-objects through for validation to reject', () => {
    expect(translateSeedDialect('nope')).toEqual({ config: 'nope', warnings: [] });
  });
});

describe('translateSeedDialect on string endpoints', () => {
  it('turns a string endpoint into an object only when it has something to translate', () => {
    const raw = { client, resources: [{ name: 'sales', endpoint: '/sales' }, { name: 'f', endpoint: '/sales/{{ stream_partition.sale_id }}/f' }] };
    expect(translateSeedDialect(raw).config).toEqual({
      client,
      resources: [
        { name: 'sales', endpoint: '/sales' },
        { name: 'f', endpoint: { path: '/sales/{resources.sales.id}/f' }, include_from_parent: ['id'] },
      ],
    });
  });
});
