import { describe, expect, it } from 'vitest';
import { collectColumns, flattenRow } from '@/lib/export';
import { columnName, parseColumn } from './column-name';

describe('column names of flattened rows (issue 9, kind 9)', () => {
  it('keeps a dotted key and a nested object apart: every value under its own column', () => {
    const flat = flattenRow({ id: 'p1', 'custom.size': 'M', custom: { size: 'L' } });
    expect(flat).toEqual({ id: 'p1', "['custom.size']": 'M', 'custom.size': 'L' });
  });

  it('keeps them apart at any depth and with brackets, quotes and empty keys', () => {
    const row = {
      a: { 'b.c': 1, b: { c: 2 }, '': 3, "it's": 4, '[0]': 5 },
      'a.b.c': 6,
      '': 7,
      "a['b.c']": 8,
      'a\\': 9,
    };
    const flat = flattenRow(row);
    expect(Object.values(flat).sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(flat["a['b.c']"]).toBe(1);
    expect(flat['a.b.c']).toBe(2);
    expect(flat["a['']"]).toBe(3);
    expect(flat["a.it's"]).toBe(4);
    expect(flat["a['[0]']"]).toBe(5);
    expect(flat["['a.b.c']"]).toBe(6);
    expect(flat["['']"]).toBe(7);
    expect(flat["['a[\\'b.c\\']']"]).toBe(8);
  });

  it('reads every name back to exactly the path it came from', () => {
    const paths = [['a'], ['a', 'b'], ['custom.size'], ['custom', 'size'], [''], ['a', ''], ["it's"], ['a\\', "b'"], ['[x]', 'y.z', 'w'], ['_idx']];
    for (const path of paths) {
      const name = path.reduce<string | null>((prefix, key) => columnName(prefix, key), null)!;
      expect(parseColumn(name), name).toEqual(path);
    }
    const names = paths.map((p) => p.reduce<string | null>((prefix, key) => columnName(prefix, key), null));
    expect(new Set(names).size).toBe(names.length);
  });

  it('writes a data field named like a reserved key column in brackets', () => {
    expect(columnName(null, '_idx', new Set(['_idx']))).toBe("['_idx']");
    expect(parseColumn("['_idx']")).toEqual(['_idx']);
    expect(columnName('x', '_idx', new Set(['_idx']))).toBe('x._idx');
  });

  it('keeps __proto__ and constructor keys as ordinary columns, and absent ones empty', () => {
    const row = JSON.parse('{"id":"1","__proto__":"p","constructor":"c","toString":"t"}');
    const flat = flattenRow(row);
    expect(Object.entries(flat)).toEqual([
      ['id', '1'],
      ['__proto__', 'p'],
      ['constructor', 'c'],
      ['toString', 't'],
    ]);
    expect(flattenRow({ id: '2' }).constructor).toBeUndefined();
    const columns = new Set<string>();
    collectColumns(row, columns);
    expect([...columns]).toEqual(['id', '__proto__', 'constructor', 'toString']);
  });

  it('refuses names columnName cannot produce', () => {
    expect(() => parseColumn("['open")).toThrow('unclosed quote');
    expect(() => parseColumn('a..b')).toThrow('empty key');
  });
});
