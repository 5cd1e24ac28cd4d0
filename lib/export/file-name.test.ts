import { describe, expect, it } from 'vitest';
import { exportFileName } from '@/lib/export';

describe('exportFileName', () => {
  it('names the file <resource>-<YYYY-MM-DD>.<ext> with zero-padded month and day', () => {
    const date = new Date(2024, 0, 5, 12, 0, 0);
    expect(exportFileName('sales', 'csv', date)).toBe('sales-2024-01-05.csv');
    expect(exportFileName('products', 'ndjson', date)).toBe('products-2024-01-05.ndjson');
    expect(exportFileName('all', 'zip', date)).toBe('all-2024-01-05.zip');
  });

  it('uses the local calendar day even just before midnight', () => {
    expect(exportFileName('sales', 'json', new Date(2023, 11, 31, 23, 59, 59))).toBe('sales-2023-12-31.json');
    expect(exportFileName('sales', 'json', new Date(2024, 0, 1, 0, 0, 1))).toBe('sales-2024-01-01.json');
  });

  it('replaces path separators and characters downloads reject, and drops leading dots', () => {
    const date = new Date(2024, 5, 30);
    expect(exportFileName('../sales/line:items', 'csv', date)).toBe('_sales_line_items-2024-06-30.csv');
    expect(exportFileName('a*b?"c"<d>|e\\f', 'csv', date)).toBe('a_b__c__d__e_f-2024-06-30.csv');
  });

  it('defaults to the current local day', () => {
    const before = new Date();
    const name = exportFileName('x', 'csv');
    const after = new Date();
    // Either side of the call, in case it straddles midnight.
    expect([exportFileName('x', 'csv', before), exportFileName('x', 'csv', after)]).toContain(name);
    expect(name).toMatch(/^x-\d{4}-\d{2}-\d{2}\.csv$/);
  });
});
