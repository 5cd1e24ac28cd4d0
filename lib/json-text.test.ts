import { describe, expect, it } from 'vitest';
import { stringifyJson } from './json-text';

describe('stringifyJson', () => {
  it('writes a bigint as the bare integer literal, digit for digit', () => {
    expect(stringifyJson({ id: 1582323235375263744n, n: 'A' })).toBe('{"id":1582323235375263744,"n":"A"}');
    expect(stringifyJson([-9007199254740993n, 1])).toBe('[-9007199254740993,1]');
  });

  it('leaves text that looks like its marker alone', () => {
    const tricky = { s: '\u0000abc:123"', big: 12345678901234567890n };
    const text = stringifyJson(tricky)!;
    expect(text.endsWith('"big":12345678901234567890}')).toBe(true);
    expect(JSON.parse(text.replace('12345678901234567890', '0')).s).toBe(tricky.s);
  });

  it('is JSON.stringify for values without bigints, indentation included', () => {
    const value = { a: [1, { b: null }], c: 'x' };
    expect(stringifyJson(value)).toBe(JSON.stringify(value));
    expect(stringifyJson(value, 2)).toBe(JSON.stringify(value, null, 2));
    expect(stringifyJson(undefined)).toBeUndefined();
  });
});
