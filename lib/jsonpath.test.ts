import { describe, expect, it } from 'vitest';
import { compilePath, formatPath, getPath, JsonPathError, jsonPathIssue, lookup, parsePath } from './jsonpath';

describe('parsePath: singular paths as keys and indexes', () => {
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

  it('reads bracket-quoted keys, dots and quotes inside them included', () => {
    expect(parsePath("['a.b']")).toEqual(['a.b']);
    expect(parsePath('["a"]')).toEqual(['a']);
    expect(parsePath("$['@odata.nextLink']")).toEqual(['@odata.nextLink']);
    expect(parsePath("data['total count'].n")).toEqual(['data', 'total count', 'n']);
    expect(parsePath("['it\\'s']")).toEqual(["it's"]);
    expect(parsePath('["say \\"hi\\""]')).toEqual(['say "hi"']);
    expect(parsePath("a.'b.c'")).toEqual(['a', 'b.c']);
  });

  it('reads an OData annotation name with its dots as one key, with or without brackets', () => {
    expect(parsePath('@odata.nextLink')).toEqual(['@odata.nextLink']);
    expect(parsePath('$.@odata.nextLink')).toEqual(['@odata.nextLink']);
    expect(parsePath('value@odata.count')).toEqual(['value@odata.count']);
    expect(parsePath('d.Orders@odata.nextLink')).toEqual(['d', 'Orders@odata.nextLink']);
    expect(parsePath('@odata.context[0]')).toEqual(['@odata.context', 0]);
  });

  it('refuses a path that can select several values', () => {
    expect(() => parsePath('items[*].id')).toThrow(JsonPathError);
    expect(() => parsePath('items[*].id')).toThrow('"items[*].id" can select several values');
  });
});

describe('compilePath: syntax errors', () => {
  it('rejects empty paths and syntax outside JSONPath with a readable message', () => {
    expect(jsonPathIssue('')).toMatch(/^"" is not a JSONPath: it is empty; write a path such as data\.items/);
    expect(jsonPathIssue('a[x]')).toBe(
      `"a[x]" is not a JSONPath: it has an unquoted name "x" in brackets; quote it: ['x']; write a path such as data.items, $.data[*], ['@odata.nextLink'] or Quotes[-1].id`,
    );
    expect(jsonPathIssue('.a')).toMatch(/starts with "\."/);
    expect(jsonPathIssue('a.')).toMatch(/ends with "\."/);
    expect(jsonPathIssue("['a'")).toMatch(/never closed/);
    expect(jsonPathIssue("['a]")).toMatch(/quote at character 2 that is never closed/);
    expect(jsonPathIssue('items[?(@.id > 1)]')).toMatch(/filter expression/);
    expect(jsonPathIssue('a b')).toMatch(/unexpected " " at character 2/);
    expect(jsonPathIssue('a[01]')).toMatch(/leading zero/);
  });

  it('accepts every form dlt configs use', () => {
    for (const ok of ['$', '$.a.b', 'a.b', "['a.b']", '["a"]', 'a[*]', 'a[0]', 'a[-1]', '$..id', 'a.*', 'a[1:3]', "['a','b']", '@odata.nextLink']) {
      expect(jsonPathIssue(ok), ok).toBeNull();
    }
  });

  it('compiles a text once and hands back the same compiled path', () => {
    expect(compilePath('data.items')).toBe(compilePath('data.items'));
  });
});

describe('find / first / getPath / lookup', () => {
  const body = {
    data: { categories: [{ id: 'a' }, { id: 'b' }] },
    Quotes: [{ id: '1582323235375263744' }, { id: '1582323235375263745' }],
    version: { min: null, max: null },
    page_info: { has_next: false },
    '@odata.nextLink': 'https://h/users?$skiptoken=2',
    'a.b': 1,
    a: { b: 2 },
  };

  it('follows keys and indexes, counting negative indexes from the end', () => {
    expect(lookup(body, 'data.categories[0].id')).toBe('a');
    expect(lookup(body, 'Quotes[-1].id')).toBe('1582323235375263745');
    expect(lookup(body, 'page_info.has_next')).toBe(false);
    expect(lookup(body, '$')).toBe(body);
  });

  it('tells a key with a dot from a nested key', () => {
    expect(lookup(body, "['a.b']")).toBe(1);
    expect(lookup(body, 'a.b')).toBe(2);
    expect(lookup(body, '@odata.nextLink')).toBe('https://h/users?$skiptoken=2');
    expect(lookup(body, "['@odata.nextLink']")).toBe('https://h/users?$skiptoken=2');
  });

  it('returns undefined for missing steps, wrong container kinds and null along the way', () => {
    expect(lookup(body, 'cursors.next')).toBeUndefined();
    expect(lookup(body, 'version.max')).toBeNull();
    expect(lookup(body, 'version.max.deeper')).toBeUndefined();
    expect(lookup(body, 'data[0]')).toBeUndefined();
    expect(lookup(body, 'Quotes.id')).toBeUndefined();
    expect(lookup({ Quotes: [] }, 'Quotes[-1].id')).toBeUndefined();
    expect(lookup({ toString: 1 }, 'constructor')).toBeUndefined();
    expect(getPath(undefined, ['a'])).toBeUndefined();
    expect(getPath(body, parsePath('data.categories[1].id'))).toBe('b');
  });

  it('selects every match for wildcards, slices, unions and descendants, in document order', () => {
    const doc = { items: [{ id: 1, tags: ['x'] }, { id: 2 }, { id: 3, tags: ['y', 'z'] }], meta: { id: 9 } };
    expect(compilePath('items[*].id').find(doc)).toEqual([1, 2, 3]);
    expect(compilePath('$.items[*]').find(doc)).toEqual(doc.items);
    expect(compilePath('items[1:]').find(doc)).toEqual([doc.items[1], doc.items[2]]);
    expect(compilePath('items[::-1].id').find(doc)).toEqual([3, 2, 1]);
    expect(compilePath('items[0,2].id').find(doc)).toEqual([1, 3]);
    expect(compilePath("meta['id','nope']").find(doc)).toEqual([9]);
    expect(compilePath('$..id').find(doc)).toEqual([1, 2, 3, 9]);
    expect(compilePath('items[*].tags[*]').find(doc)).toEqual(['x', 'y', 'z']);
    expect(compilePath('meta.*').find(doc)).toEqual([9]);
    expect(compilePath('items[*].id').first(doc)).toBe(1);
    expect(compilePath('nothing[*]').find(doc)).toEqual([]);
    expect(compilePath('$').find(doc)).toEqual([doc]);
  });
});

describe('formatPath', () => {
  it('writes keys and indexes as a path that reads back to them, quoting keys that are not plain names', () => {
    const cases: (string | number)[][] = [[], ['data', 'next'], ['@odata.nextLink'], ['a.b', 0, 'c'], ["it's", 'x y'], ['links', -1, 'href']];
    for (const segments of cases) expect(parsePath(formatPath(segments)), formatPath(segments)).toEqual(segments);
    expect(formatPath(['paging', 'next'])).toBe('paging.next');
    expect(formatPath(['@odata.nextLink'])).toBe("['@odata.nextLink']");
  });
});
