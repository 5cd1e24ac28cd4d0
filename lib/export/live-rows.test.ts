import { describe, expect, it } from 'vitest';
import { hasRecords } from './live-rows';
import { sourceOf } from './test-helpers';
import type { Row } from './types';

const lines = (row: Row) => ((row.line_items as Row[] | undefined) ?? []).map((l) => ({ ...l }));

describe('hasRecords', () => {
  it('a table with a live row has records; an empty one has none', async () => {
    expect(await hasRecords({ source: sourceOf([{ id: 1 }]) }, false)).toBe(true);
    expect(await hasRecords({ source: sourceOf() }, false)).toBe(false);
    expect(await hasRecords({ source: sourceOf([], []) }, false)).toBe(false);
  });

  it('rows marked deleted count only when deleted rows are included', async () => {
    const source = sourceOf([{ id: 1, deleted_at: '2025-01-01T00:00:00Z' }]);
    expect(await hasRecords({ source }, false)).toBe(false);
    expect(await hasRecords({ source }, true)).toBe(true);
  });

  it('a child table has records only when some kept parent row has list elements', async () => {
    const source = sourceOf([{ id: 1, line_items: [] }], [{ id: 2, line_items: [{ sku: 'a' }] }]);
    expect(await hasRecords({ source, records: lines as never }, false)).toBe(true);
    expect(await hasRecords({ source: sourceOf([{ id: 1, line_items: [] }]), records: lines as never }, false)).toBe(false);
    expect(await hasRecords({ source: sourceOf([{ id: 1, deleted_at: 'x', line_items: [{ sku: 'a' }] }]), records: lines as never }, false)).toBe(false);
  });

  it('stops reading at the first record', async () => {
    let batchesRead = 0;
    const source = () =>
      (async function* () {
        for (let i = 0; i < 100; i++) {
          batchesRead++;
          yield [{ id: i }];
        }
      })();
    expect(await hasRecords({ source }, false)).toBe(true);
    expect(batchesRead).toBe(1);
  });
});
