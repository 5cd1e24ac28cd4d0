import { describe, expect, it } from 'vitest';
import { fillTemplate, fillTemplateValue, parseTemplate, pythonStr, templateFields, TemplateError } from './template';

const fill = (text: string, values: Record<string, unknown>) => fillTemplate(parseTemplate(text), (f) => values[f]);
const fillValue = (text: string, values: Record<string, unknown>) => fillTemplateValue(parseTemplate(text), (f) => values[f]);

// dlt: tests/sources/rest_api/test_interpolation.py test_expand_placeholders (the str.format cases)
describe('templates: dlt expand_placeholders', () => {
  it.each([
    ['posts/{id}', { id: 1 }, 'posts/1'],
    ['posts/{resources.posts.id}', { 'resources.posts.id': 1 }, 'posts/1'],
    ['posts/{id}/{{not_this}}', { id: 1 }, 'posts/1/{not_this}'],
    ['posts/{{not_this}}/{id}/{{also_not}}', { id: 1 }, 'posts/{not_this}/1/{also_not}'],
    ['posts/{{{id}}}', { id: 1 }, 'posts/{1}'],
    ['posts/{{{{not_this}}}}/{id}', { id: 1 }, 'posts/{{not_this}}/1'],
    ['posts/{{not_this {id}}}', { id: 1 }, 'posts/{not_this 1}'],
    ['posts/{id}', { id: '' }, 'posts/'],
    ['user/{user@domain}/settings/{setting-name}', { 'user@domain': 'john@example.com', 'setting-name': 'theme' }, 'user/john@example.com/settings/theme'],
    ['{name} ❤️ {id}', { name: '测试', id: 'テスト' }, '测试 ❤️ テスト'],
    ['{id}{id}', { id: 42 }, '4242'],
    ['{id} {id2}', { id: 42, id2: 100 }, '42 100'],
    ['prefix{id}', { id: 42 }, 'prefix42'],
    ['{id}suffix', { id: 42 }, '42suffix'],
  ])('%s → %s', (text, values, expected) => {
    expect(fill(text, values)).toBe(expected);
  });

  // dlt: *_no_preserve cases: values are written with Python's str()
  it.each([
    [42, '42'],
    [null, 'None'],
    [true, 'True'],
    [false, 'False'],
    [3.14, '3.14'],
    [-1, '-1'],
    [0, '0'],
    ['', ''],
    [[1, 2, 3], '[1, 2, 3]'],
    [{ key: 'value' }, "{'key': 'value'}"],
  ])('writes %j as %s in text', (value, expected) => {
    expect(fill('{id}', { id: value })).toBe(expected);
    expect(pythonStr(value)).toBe(expected);
  });

  it('writes a bigint (an API integer beyond 2^53) as its digits', () => {
    expect(fill('{id}', { id: 12345678901234567890n })).toBe('12345678901234567890');
  });

  // dlt: single_placeholder_*_value cases with preserve_value_type (json bodies keep the value's type)
  it.each([[42], [null], [true], [3.14], [[1, 2, 3]], [{ key: 'value' }], [''], [0], [-1]])('a lone placeholder keeps %j as it is', (value) => {
    expect(fillValue('{id}', { id: value })).toEqual(value);
    expect(fillValue('{resources.posts.id}', { 'resources.posts.id': value })).toEqual(value);
  });

  it('a placeholder with any text around it becomes text', () => {
    expect(fillValue('{id}{id2}', { id: 42, id2: 100 })).toBe('42100');
    expect(fillValue('prefix{id}', { id: 42 })).toBe('prefix42');
  });
});

// dlt: tests/sources/rest_api/test_interpolation.py test_find_expressions
describe('templates: dlt _find_expressions', () => {
  it.each([
    ['posts/{id}', ['id']],
    ['posts/{resources.posts.id}', ['resources.posts.id']],
    ['just a string', []],
    ['', []],
    ['blog/{r.blog.id}/{{not_this}}', ['r.blog.id']],
    ['blog/{{not_this}}', []],
    ['{{not_this}} {{ and {{not_that}} }}', []],
    ['blog/{{r.not.this}}/{not_this}', ['not_this']],
    ['query Entity {{\n entity(id: "123") {{ id name }} }}', []],
  ])('%j names %j', (text, fields) => {
    expect(templateFields(parseTemplate(text))).toEqual(fields);
  });

  it('refuses a lone brace, an unclosed one, and format specs, as str.format does', () => {
    expect(() => parseTemplate('posts/x}')).toThrow(TemplateError);
    expect(() => parseTemplate('posts/{id')).toThrow(/not closed/);
    expect(() => parseTemplate('posts/{}')).toThrow(/no name/);
    expect(() => parseTemplate('{id:>5}')).toThrow(/format specs/);
    expect(() => parseTemplate('{id!r}')).toThrow(/format specs/);
  });
});
