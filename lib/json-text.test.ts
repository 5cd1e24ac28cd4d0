import { describe, expect, it } from 'vitest';
import { HAS_SOURCE_TEXT, parseJson, stringifyJson } from './json-text';

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

describe('parseJson', () => {
  const ISSUE_BODY = '{"rows":[{"id":1582323235375263744,"n":"A"},{"id":1582323235375263745,"n":"B"}]}';
  const parsers = [
    ['lossless-json', true],
    ['source-text', HAS_SOURCE_TEXT],
  ] as const;

  it('keeps integers beyond 2^53 − 1 digit for digit as bigints, by default', () => {
    const body = parseJson(ISSUE_BODY) as { rows: { id: unknown }[] };
    expect(body.rows.map((r) => r.id)).toEqual([1582323235375263744n, 1582323235375263745n]);
    expect(stringifyJson(body)).toBe(ISSUE_BODY);
  });

  it('takes JSON.parse alone when no integer literal is long enough to be unsafe (quoted ids included)', () => {
    const text = '{"id":"1582323235375263744","n":9007199254740991,"f":12345678901234567890.5,"e":1e21}';
    expect(parseJson(text)).toEqual(JSON.parse(text));
    expect(typeof (parseJson(text) as { n: unknown }).n).toBe('number');
  });

  for (const [parser, available] of parsers) {
    describe.runIf(available)(`with ${parser}`, () => {
      it('turns exactly the integer literals outside ±(2^53 − 1) into bigints', () => {
        const text =
          '[9007199254740991,9007199254740992,-9007199254740991,-9007199254740993,12345678901234567890123,1.5,12345678901234567890.0,1e400,-0,0,"12345678901234567890"]';
        expect(parseJson(text, parser)).toEqual([
          9007199254740991,
          9007199254740992n,
          -9007199254740991,
          -9007199254740993n,
          12345678901234567890123n,
          1.5,
          12345678901234567890,
          Infinity,
          -0,
          0,
          '12345678901234567890',
        ]);
      });

      it('parses everything else as JSON.parse does: nesting, escapes, a duplicated key keeps its last value, __proto__ is a key', () => {
        const text = '{"a":{"b":[true,false,null,"\\u00e9\\n",{"c":-1.25e-3}]},"d":1,"d":2,"__proto__":{"x":1},"big":[1582323235375263744]}';
        const parsed = parseJson(text, parser) as Record<string, unknown>;
        const expected = JSON.parse(text) as Record<string, unknown>;
        expected.big = [1582323235375263744n];
        expect(parsed).toEqual(expected);
        expect(Object.keys(parsed)).toEqual(Object.keys(expected));
        expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
        expect((parsed.__proto__ as { x: number }).x).toBe(1);
      });

      it('throws SyntaxError on text that is not JSON', () => {
        expect(() => parseJson('{"id":12345678901234567890', parser)).toThrow(SyntaxError);
        expect(() => parseJson('[1582323235375263744,]', parser)).toThrow(SyntaxError);
      });
    });
  }

  it.runIf(process.execArgv.includes('--harmony-json-parse-with-source'))('runs with reviver source text where the runtime flag gives it', () => {
    expect(HAS_SOURCE_TEXT).toBe(true);
  });
});
