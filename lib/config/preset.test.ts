import { describe, expect, it } from 'vitest';
import { paginatorTypes } from '@/lib/paginators/registry';
import { resolveConfig } from './normalize';
import { RESOURCE_INFO, RETAIL_PRESET, VERSION_PAGE_SIZE } from './preset';
import type { ResolvedResource } from './types';

const SEED_ORDER = [
  'users', 'customers', 'audit', 'brands', 'attributes', 'taxes', 'tags', 'suppliers', 'serial_numbers', 'sales',
  'registers', 'quotes', 'services', 'promotions', 'products', 'product_categories', 'price_books', 'payment_types',
  'outlets', 'inventory', 'fulfillments', 'customer_groups', 'consignments', 'consignment_products',
];
const SINGLE_PAGE = ['audit', 'attributes', 'promotions', 'fulfillments'];
const ID_CURSOR = ['quotes', 'services', 'product_categories'];
const WITH_DELETED = ['customers', 'products', 'tags', 'registers', 'outlets', 'customer_groups', 'attributes'];

function resolvedPreset(): ResolvedResource[] {
  const result = resolveConfig(RETAIL_PRESET);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.source.resources;
}

describe('RETAIL_PRESET', () => {
  it('resolves with no errors and no warnings', () => {
    const result = resolveConfig(RETAIL_PRESET);
    expect(result).toMatchObject({ ok: true, warnings: [] });
  });

  it('keeps the seed’s 24 resource names in seed order', () => {
    expect(resolvedPreset().map((r) => r.name)).toEqual(SEED_ORDER);
  });

  it('authenticates with the token placeholder and a bearer header', () => {
    const result = resolveConfig(RETAIL_PRESET);
    expect(result.ok && result.source.auth).toEqual({ type: 'bearer' });
  });

  it('every resource follows the conventions', () => {
    for (const r of resolvedPreset()) {
      const info = RESOURCE_INFO[r.name];
      expect(info, `${r.name} has RESOURCE_INFO`).toBeDefined();
      expect(info.title.length, r.name).toBeGreaterThan(0);
      expect(r.path, r.name).toMatch(/^\/api\/2\.0\//);
      expect(r.dataSelector, `${r.name} selects its records explicitly`).toBeDefined();
      expect(paginatorTypes[r.paginator.type], r.name).toBeDefined();
      expect(r.primaryKey.length, `${r.name} has a key`).toBeGreaterThan(0);
      expect(r.writeDisposition, r.name).toBe('merge');
      expect(r.params.deleted === 'true', `${r.name} deleted=true`).toBe(WITH_DELETED.includes(r.name));
      if (SINGLE_PAGE.includes(r.name)) {
        expect(r.paginator, r.name).toEqual({ type: 'single_page', options: {} });
      } else if (!ID_CURSOR.includes(r.name)) {
        expect(r.paginator, `${r.name} uses the version cursor`).toEqual({
          type: 'cursor',
          options: { cursor_path: 'version.max', cursor_param: 'after', stop_after_empty_page: true },
        });
        expect(r.params.page_size, r.name).toBe(VERSION_PAGE_SIZE);
      }
      if (r.parent) {
        expect(r.includeFromParent, `${r.name} copies the parent id`).toEqual(['id']);
        expect(info.cost, `${r.name} warns about its cost`).toMatch(/one request per/);
      }
    }
    expect(Object.keys(RESOURCE_INFO).sort()).toEqual([...SEED_ORDER].sort());
  });

  it('uses the id cursors for quotes and services and last_seen for categories', () => {
    const byName = new Map(resolvedPreset().map((r) => [r.name, r]));
    expect(byName.get('quotes')).toMatchObject({
      dataSelector: 'Quotes',
      params: { limit: 100 },
      paginator: { type: 'cursor', options: { cursor_path: 'Quotes[-1].id', cursor_param: 'after', has_more_path: 'HasNext' } },
    });
    expect(byName.get('services')).toMatchObject({ dataSelector: 'jobs', paginator: { options: { cursor_path: 'jobs[-1].id' } } });
    expect(byName.get('product_categories')).toMatchObject({
      dataSelector: 'data.categories',
      params: { page_size: 1000 },
      paginator: { options: { cursor_path: 'page_info.last_seen', has_more_path: 'page_info.has_next' } },
    });
  });

  it('binds children to their parents', () => {
    const byName = new Map(resolvedPreset().map((r) => [r.name, r]));
    expect(byName.get('fulfillments')?.parent).toEqual({ resource: 'sales', refs: [{ resource: 'sales', field: 'id' }] });
    expect(byName.get('consignment_products')).toMatchObject({
      parent: { resource: 'consignments' },
      primaryKey: ['_consignments_id', 'product_id'],
    });
  });
});
