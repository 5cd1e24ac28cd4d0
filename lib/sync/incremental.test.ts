import { describe, expect, it } from 'vitest';
import type { ResolvedIncremental, ResolvedResource } from '@/lib/config/types';
import { applyLag, boundaryDeduplication, IncrementalFilter, incrementalStartValue } from './incremental';

const resource = (primaryKey: string[] = ['id']) => ({ name: 'posts', primaryKey }) as ResolvedResource;
const inc = (extra: Partial<ResolvedIncremental> = {}): ResolvedIncremental => ({ cursorPath: 'u', initialValue: 10, ...extra });
const ids = (rows: unknown[]) => rows.map((r) => (r as { id: number }).id);
const r = (id: number, u: number | string) => ({ id, u });

// dlt: dlt/extract/incremental/transform.py JsonIncremental.__call__
describe('IncrementalFilter (dlt JsonIncremental, last_value_func max)', () => {
  it('keeps rows from the start value up, and remembers the highest with its rows', () => {
    const f = new IncrementalFilter(inc(), resource(), 10);
    expect(ids(f.page([r(1, 9), r(2, 10), r(3, 12), r(4, 11), r(5, 12)]).records)).toEqual([2, 3, 4, 5]);
    expect(f.lastValue).toBe(12);
    expect(f.boundaryHashes()).toHaveLength(2);
  });

  it('drops rows at the start value that the last run already loaded, keeps new ones there', () => {
    const first = new IncrementalFilter(inc(), resource(), 10);
    first.page([r(1, 11), r(2, 12), r(3, 12)]);
    const next = new IncrementalFilter(inc(), resource(), first.lastValue, first.boundaryHashes());
    expect(ids(next.page([r(2, 12), r(3, 12), r(4, 12), r(5, 13)]).records)).toEqual([4, 5]);
  });

  it('range_start "open" drops every row equal to the start; end_value is exclusive unless range_end "closed"', () => {
    expect(ids(new IncrementalFilter(inc({ rangeStart: 'open' }), resource(), 10).page([r(1, 10), r(2, 11)]).records)).toEqual([2]);
    expect(ids(new IncrementalFilter(inc({ endValue: 12 }), resource(), 10).page([r(1, 11), r(2, 12), r(3, 13)]).records)).toEqual([1]);
    expect(ids(new IncrementalFilter(inc({ endValue: 12, rangeEnd: 'closed' }), resource(), 10).page([r(1, 11), r(2, 12), r(3, 13)]).records)).toEqual([1, 2]);
  });

  it('boundary deduplication is off with end_value, lag, range_start open or primary_key [] (dlt compute_deduplication_disabled)', () => {
    expect(boundaryDeduplication(inc())).toBe(true);
    for (const extra of [{ endValue: 20 }, { lag: 1 }, { rangeStart: 'open' as const }, { primaryKey: [] }]) expect(boundaryDeduplication(inc(extra))).toBe(false);
  });

  it('hashes the whole row when the resource has no primary key', () => {
    const first = new IncrementalFilter(inc(), resource([]), 10);
    first.page([{ u: 12, a: 1 }]);
    const next = new IncrementalFilter(inc(), resource([]), 12, first.boundaryHashes());
    expect(next.page([{ u: 12, a: 1 }, { u: 12, a: 2 }]).records).toEqual([{ u: 12, a: 2 }]);
  });

  it('with row_order, a page past the far end says stop (dlt Incremental.can_close)', () => {
    expect(new IncrementalFilter(inc({ endValue: 12, rowOrder: 'asc' }), resource(), 10).page([r(1, 11), r(2, 12)]).stop).toBe(true);
    expect(new IncrementalFilter(inc({ rowOrder: 'desc' }), resource(), 10).page([r(1, 11), r(2, 9)]).stop).toBe(true);
    expect(new IncrementalFilter(inc({ rowOrder: 'asc' }), resource(), 10).page([r(1, 11), r(2, 9)]).stop).toBe(false);
  });

  it('compares ISO timestamps in text as dlt compares strings', () => {
    const f = new IncrementalFilter(inc({ initialValue: '2024-01-25T11:21:28Z' }), resource(), '2024-01-25T11:21:28Z');
    expect(ids(f.page([r(1, '2024-01-25T11:21:27Z'), r(2, '2024-02-01T00:00:00Z')]).records)).toEqual([2]);
  });
});

// dlt: dlt/extract/incremental/lag.py apply_lag
describe('applyLag', () => {
  it('numbers: minus lag, ints stay ints, never below initial_value', () => {
    expect(applyLag(3, 0, 10)).toBe(7);
    expect(applyLag(1.5, 0, 10)).toBe(8);
    expect(applyLag(0.5, 0, 10.25)).toBe(9.75);
    expect(applyLag(30, 5, 10)).toBe(5);
  });

  it('date-times minus lag seconds and dates minus lag days, in their own format and zone', () => {
    expect(applyLag(3600, null, '2024-01-25T11:21:28Z')).toBe('2024-01-25T10:21:28Z');
    expect(applyLag(90, null, '2024-01-25T00:00:30+02:00')).toBe('2024-01-24T23:59:00+02:00');
    expect(applyLag(1, null, '2024-01-25T11:21:28.500Z')).toBe('2024-01-25T11:21:27.500Z');
    expect(applyLag(2, null, '2024-03-01')).toBe('2024-02-28');
    expect(applyLag(1, null, '20240301')).toBe('20240229');
    expect(applyLag(86400 * 30, '2024-01-20T00:00:00Z', '2024-01-25T00:00:00Z')).toBe('2024-01-20T00:00:00Z');
  });

  it('leaves other text as it is', () => {
    expect(applyLag(5, null, 'abc')).toBe('abc');
  });

  it('a walk starts from the stored value with lag, or the initial value, and always the initial with end_value', () => {
    expect(incrementalStartValue(inc({ lag: 2 }), 20)).toBe(18);
    expect(incrementalStartValue(inc(), undefined)).toBe(10);
    expect(incrementalStartValue(inc({ endValue: 30 }), 20)).toBe(10);
  });
});
