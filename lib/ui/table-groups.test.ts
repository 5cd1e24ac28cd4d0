import { describe, expect, it } from 'vitest';
import { resolveConfig, RETAIL_PRESET } from '@/lib/config';
import type { ResolvedResource } from '@/lib/config/types';
import { childCostText, groupResources, groupTables } from './table-groups';

const preset = () => {
  const result = resolveConfig(RETAIL_PRESET);
  if (!result.ok) throw new Error('preset invalid');
  return result.source.resources;
};

describe('groupTables', () => {
  it('puts every preset table in one of the five named groups, in the brief’s order', () => {
    const groups = groupTables(preset());
    expect(groups.map((g) => g.group)).toEqual(['Sales & customers', 'Catalogue', 'Inventory & stock', 'Store setup', 'Activity']);
    expect(groups.flatMap((g) => g.tables).length).toBe(preset().length);
  });

  it('shows the cost of child tables only', () => {
    const tables = groupTables(preset()).flatMap((g) => g.tables);
    expect(tables.find((t) => t.name === 'fulfillments')?.cost).toBe('one request per sale marked for pickup or delivery');
    expect(tables.find((t) => t.name === 'sales')?.cost).toBeUndefined();
  });

  it('files resources of a custom config under Other, with a cost for children', () => {
    const orders = { name: 'orders', path: '/orders' } as ResolvedResource;
    const lines = { name: 'order_lines', path: '/orders/{resources.orders.id}/lines', parent: { resource: 'orders', refs: [] } } as unknown as ResolvedResource;
    expect(groupTables([orders, lines])).toEqual([
      {
        group: 'Other',
        tables: [
          { name: 'orders', description: 'From /orders', cost: undefined },
          { name: 'order_lines', description: 'Read for each row of orders', cost: 'one request per orders row' },
        ],
      },
    ]);
  });
});

describe('groupResources (the popup’s order)', () => {
  it('lists sales and customers first, then the options page’s groups in its order, config order inside each', () => {
    const groups = groupResources(preset());
    expect(groups[0].group).toBe('Sales & customers');
    expect(groups[0].resources.slice(0, 2).map((r) => r.name).sort()).toEqual(['customers', 'sales']);
    // The same grouping as the options page: the popup and the Tables section cannot drift apart.
    expect(groups.map((g) => [g.group, g.resources.map((r) => r.name)])).toEqual(groupTables(preset()).map((g) => [g.group, g.tables.map((t) => t.name)]));
  });
});

describe('childCostText', () => {
  it('requests, and the time at the store’s measured limit', () => {
    expect(childCostText(480, { limit: 350, windowMs: 300_000, learnedAt: 0 })).toBe('about 480 requests, ~7 min at your store’s limit');
    expect(childCostText(20, { limit: 350, windowMs: 300_000, learnedAt: 0 })).toBe('about 20 requests, within your store’s limit of 350 requests per window');
    expect(childCostText(480)).toBe('about 480 requests');
    expect(childCostText(480, { limit: 350, learnedAt: 0 })).toBe('about 480 requests');
  });
});
