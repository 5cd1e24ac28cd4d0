import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { ResolvedResource } from '@/lib/config/types';
import { emptyTableState, Store } from '@/lib/store';
import { ColumnLog, recordShapeIfUnknown } from './columns';

const resource = (over: Partial<ResolvedResource> = {}) => ({ name: 'sales', primaryKey: ['id'], writeDisposition: 'merge', ...over }) as ResolvedResource;
const sale = { id: 's1', total: 5, line_items: [{ sku: 'a' }] };

describe('ColumnLog: the tables the sync records as it commits pages', () => {
  it('records the table and its child tables from an empty table on, and only when something is new', () => {
    const log = new ColumnLog(resource(), emptyTableState('sales'));
    const first = log.patch([sale]);
    expect(first.shape?.tables.map((t) => [t.name, t.columns])).toEqual([
      ['sales', ['id', 'total']],
      ['sales__line_items', ['_sales_id', '_idx', 'sku']],
    ]);
    expect(log.patch([{ id: 's2', total: 1, line_items: [] }])).toEqual({});
    expect(log.patch([{ id: 's3', payments: [{ amount: 1 }] }]).shape?.tables.map((t) => t.name)).toEqual(['sales', 'sales__line_items', 'sales__payments']);
  });

  it('records nothing for replace tables, or for a stored table whose tables are unknown or recorded under another key or nesting', () => {
    expect(new ColumnLog(resource({ writeDisposition: 'replace' }), emptyTableState('sales')).patch([sale])).toEqual({});
    expect(new ColumnLog(resource(), { ...emptyTableState('sales'), rowsStored: 3, columns: ['id', 'line_items'] }).patch([sale])).toEqual({});
    const recorded = new ColumnLog(resource(), emptyTableState('sales')).patch([sale]).shape!;
    const nested = resource({ maxTableNesting: 0 } as Partial<ResolvedResource>);
    expect(new ColumnLog(nested, { ...emptyTableState('sales'), rowsStored: 1, shape: recorded }).patch([sale])).toEqual({});
    expect(new ColumnLog(resource(), { ...emptyTableState('sales'), rowsStored: 1, shape: recorded }).patch([{ id: 's4', note: 'x' }]).shape?.tables[0].columns).toEqual(['id', 'total', 'note']);
  });
});

describe('recordShapeIfUnknown: after a walk', () => {
  it('scans a table stored before tables were recorded, once', async () => {
    const store = await Store.open('columns-scan');
    await store.commitPage('sales', { rows: [sale, { id: 's2', line_items: [{ sku: 'b', qty: 2 }] }], keys: [['s1'], ['s2']] }, { status: 'done' });
    const before = await store.tableState('sales');
    expect(before.shape).toBeUndefined();
    const after = await recordShapeIfUnknown(store, resource(), before);
    expect(after.shape?.tables.map((t) => [t.name, t.columns])).toEqual([
      ['sales', ['id', 'total']],
      ['sales__line_items', ['_sales_id', '_idx', 'sku', 'qty']],
    ]);
    expect((await store.tableState('sales')).shape).toEqual(after.shape);
    expect(await recordShapeIfUnknown(store, resource(), after)).toBe(after);
  });
});
