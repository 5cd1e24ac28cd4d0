import { describe, expect, it } from 'vitest';
import { getPath, lookup, parsePath } from './jsonpath';

describe('parsePath', () => {
  it('parses dotted keys, indexes and negative indexes', () => {
    expect(parsePath('data')).toEqual(['data']);
    expect(parsePath('data.categories')).toEqual(['data', 'categories']);
    expect(parsePath('Quotes[-1].id')).toEqual(['Quotes', -1, 'id']);
    expect(parsePath('items[0][2].rows')).toEqual(['items', 0, 2, 'rows']);
  });

  it('treats $ as the root and accepts a $. or $[ prefix', () => {
    expect(parsePath('$')).toEqual([]);
    expect(parsePath('$.items[0]')).toEqual(['items', 0]);
    expect(parsePath('$[1].id')).toEqual([1, 'id']);
    expect(parsePath('  page_info.has_next ')).toEqual(['page_info', 'has_next']);
  });

  it('rejects empty paths and syntax outside the subset with a readable message', () => {
    expect(() => parsePath('')).toThrow('is empty');
    expect(() => parsePath('a..b')).toThrow('"a..b" is not a dotted path (expected e.g. data.items or Quotes[-1].id)');
    expect(() => parsePath('items[*].id')).toThrow('is not a dotted path');
    expect(() => parsePath('a[x]')).toThrow('is not a dotted path');
    expect(() => parsePath('.a')).toThrow('is not a dotted path');
  });
});

describe('getPath / lookup', () => {
  const body = {
    data: { categories: [{ id: 'a' }, { id: 'b' }] },
    Quotes: [{ id: '1582323235375263744' }, { id: '1582323235375263745' }],
    version: { min: null, max: null },
    page_info: { has_next: false },
  };

  it('follows keys and indexes, counting negative indexes from the end', () => {
    expect(lookup(body, 'data.categories[0].id')).toBe('a');
    expect(lookup(body, 'Quotes[-1].id')).toBe('1582323235375263745');
    expect(lookup(body, 'page_info.has_next')).toBe(false);
    expect(lookup(body, '$')).toBe(body);
  });

  it('returns undefined for missing steps, wrong container kinds and null along the way', () => {
    expect(lookup(body, 'cursors.next')).toBeUndefined();
    expect(lookup(body, 'version.max')).toBeNull();
    expect(lookup(body, 'version.max.deeper')).toBeUndefined();
    expect(lookup(body, 'data[0]')).toBeUndefined();
    expect(lookup(body, 'Quotes.id')).toBeUndefined();
    expect(lookup({ Quotes: [] }, 'Quotes[-1].id')).toBeUndefined();
    expect(getPath(undefined, ['a'])).toBeUndefined();
  });
});
