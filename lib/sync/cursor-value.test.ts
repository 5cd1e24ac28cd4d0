import { describe, expect, it } from 'vitest';
import { changedSince, compareCursor, maxCursor } from './cursor-value';

const later = (a: Parameters<typeof compareCursor>[0], b: Parameters<typeof compareCursor>[1]) => {
  expect(compareCursor(a, b), `${String(a)} after ${String(b)}`).toBeGreaterThan(0);
  expect(compareCursor(b, a), `${String(b)} before ${String(a)}`).toBeLessThan(0);
};

describe('compareCursor', () => {
  it('orders ISO-8601 timestamps as instants, offsets included', () => {
    later('2024-10-20T12:00:00-05:00', '2024-10-20T15:30:00+00:00');
    later('2024-10-21T00:30:00+02:00', '2024-10-20T21:00:00Z');
    later('2024-10-20T12:00:00+0530', '2024-10-20T06:00:00Z');
    expect(compareCursor('2024-10-20T17:00:00Z', '2024-10-20T12:00:00-05:00')).toBe(0);
    expect(compareCursor('2024-10-20 17:00:00+00', '2024-10-20T17:00:00.000Z')).toBe(0);
  });

  it('orders fractional seconds of any precision', () => {
    later('2024-10-20T10:50:32.11075Z', '2024-10-20T10:50:32Z');
    later('2024-10-20T10:50:32.110751Z', '2024-10-20T10:50:32.11075Z');
    later('2024-10-20T10:50:32.2Z', '2024-10-20T10:50:32.1999999Z');
    expect(compareCursor('2024-10-20T10:50:32.5000Z', '2024-10-20T10:50:32.5Z')).toBe(0);
  });

  it('orders numbers as numbers, exactly beyond 2^53: numbers, bigints and numeric text alike', () => {
    later(10, 9);
    later('10', '9');
    later(1582323235375263745n, 1582323235375263744n);
    later('1582323235375263745', '1582323235375263744');
    later(1582323235375263745n, '1582323235375263744');
    later(9007199254740993n, 9007199254740992);
    later(2.5, '2.25');
    later(-1, -2n);
    later('1e3', 999);
    expect(compareCursor(1582323235375263744n, '1582323235375263744')).toBe(0);
    expect(compareCursor('12.50', 12.5)).toBe(0);
    expect(compareCursor(-0, 0)).toBe(0);
  });

  it('orders other text, and values of different kinds, as text', () => {
    later('b', 'a');
    later('abc9', 'abc10');
    later('2024-10-20T12:00:00Z', '100');
    expect(compareCursor('same', 'same')).toBe(0);
  });
});

describe('maxCursor / changedSince', () => {
  const rows = [
    { id: 1, updated_at: '2024-10-20T15:30:00+00:00' },
    { id: 2, updated_at: '2024-10-20T12:00:00-05:00' },
    { id: 3, updated_at: '2024-10-20T10:50:32Z' },
    { id: 4 },
  ];

  it('keeps the latest instant as the API sent it', () => {
    expect(maxCursor(rows, 'updated_at', undefined)).toBe('2024-10-20T12:00:00-05:00');
    expect(maxCursor(rows, 'updated_at', '2024-10-21T00:00:00Z')).toBe('2024-10-21T00:00:00Z');
  });

  it('keeps the highest bigint id exactly', () => {
    const ids = [{ v: 1582323235375263744n }, { v: 1582323235375263745n }, { v: 9 }];
    expect(maxCursor(ids, 'v', undefined)).toBe(1582323235375263745n);
    expect(maxCursor(ids, 'v', '1582323235375263746')).toBe('1582323235375263746');
  });

  it('counts a parent changed when its cursor is later than the stored one, as an instant', () => {
    const changed = changedSince('updated_at', '2024-10-20T15:30:00+00:00');
    expect(rows.filter(changed).map((r) => r.id)).toEqual([2, 4]);
    const sub = changedSince('updated_at', '2024-10-20T10:50:32Z');
    expect(sub({ updated_at: '2024-10-20T10:50:32.11075Z' })).toBe(true);
    expect(sub({ updated_at: '2024-10-20T10:50:32Z' })).toBe(false);
  });
});
