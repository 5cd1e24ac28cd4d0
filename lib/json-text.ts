/**
 * JSON text for values that may hold `bigint`s, both ways. API integers beyond ±(2^53 − 1) are
 * kept as `bigint`: a JS number would round them (`1582323235375263745` would become
 * `1582323235375263700`, and two ids would become one row). `parseJson` reads them so, once, at the
 * HTTP boundary; `stringifyJson` writes each one back as the bare integer literal the API sent.
 * Both use the platform where the runtime has TC39 "JSON.parse source text access" (Chromium ≥ 114,
 * Firefox ≥ 135: the reviver's `context.source`, `JSON.rawJSON`), else lossless-json for parsing and
 * a marker string swapped for the digits afterwards for writing.
 */
import { parse as losslessParse } from 'lossless-json';


type RawJson = (text: string) => unknown;
const rawJSON: RawJson | undefined = (JSON as unknown as { rawJSON?: RawJson }).rawJSON;

/**
 * `JSON.stringify(value, null, space)` with every `bigint` written as its digits. `undefined`
 * for what `JSON.stringify` gives `undefined` (a function, `undefined` itself).
 */
export function stringifyJson(value: unknown, space?: number): string | undefined {
  try {
    // The common case, at native speed: a replacer would be called for every value.
    return JSON.stringify(value, null, space);
  } catch (err) {
    if (!(err instanceof TypeError)) throw err;
  }
  return stringifyWithBigInts(value, space);
}

function stringifyWithBigInts(value: unknown, space?: number): string | undefined {
  if (rawJSON) return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? rawJSON(v.toString()) : v), space);
  let found = false;
  // A NUL and a random tag: JSON.stringify escapes a NUL inside real text as \u0000, so the
  // quoted marker below can only come from this replacer.
  const tag = `\u0000${Math.random().toString(36).slice(2)}:`;
  const text = JSON.stringify(
    value,
    (_key, v: unknown) => {
      if (typeof v !== 'bigint') return v;
      found = true;
      return tag + v.toString();
    },
    space,
  );
  if (!found || text === undefined) return text;
  const quotedTag = JSON.stringify(tag).slice(0, -1);
  return text.split(quotedTag).map((part, i) => (i === 0 ? part : part.replace(/^(-?\d+)"/, '$1'))).join('');
}

/** The text of a JSON integer literal. */
const INTEGER = /^-?\d+$/;

/**
 * An integer literal of 16 or more digits where JSON puts a value (after `:`, `,`, `[` or at the
 * start) and ending where a value ends: only such a literal can lie beyond 2^53 − 1
 * (9007199254740991 has 16 digits). A quoted id (`"1582323235375263744"`) does not match, so pages
 * of string ids stay on the fast path; text inside a string that happens to match only costs the
 * slow path, never a wrong value.
 */
const LONG_INTEGER = /(?:^|[:,[])[ \t\r\n]*-?\d{16,}[ \t\r\n]*(?:[,\]}]|$)/;

type SourceReviver = (this: unknown, key: string, value: unknown, context?: { source?: string }) => unknown;

/** Whether this runtime hands a reviver the source text of each primitive. */
export const HAS_SOURCE_TEXT: boolean = (() => {
  let seen = false;
  JSON.parse('0', ((_key, value, context) => {
    seen = context?.source === '0';
    return value;
  }) as SourceReviver as Parameters<typeof JSON.parse>[1]);
  return seen;
})();

/** How a body with an unsafe integer literal is read: the platform's reviver source text, or lossless-json. */
export type BigIntParser = 'source-text' | 'lossless-json';

const reviveUnsafeIntegers: SourceReviver = (_key, value, context) =>
  typeof value === 'number' && !Number.isSafeInteger(value) && context?.source !== undefined && INTEGER.test(context.source) ? BigInt(context.source) : value;

function parseNumber(text: string): number | bigint {
  const n = Number(text);
  return Number.isSafeInteger(n) || !INTEGER.test(text) ? n : BigInt(text);
}

/**
 * `JSON.parse(text)`, except that an integer literal outside ±(2^53 − 1) becomes a `bigint` with
 * exactly the digits sent. Everything else parses exactly as `JSON.parse` does: fractions and
 * exponents stay numbers (`1.5`, `1e21`), a duplicated key keeps its last value, `__proto__` is an
 * ordinary key. Throws `SyntaxError` on text that is not JSON.
 *
 * The common body has no integer literal that long and takes `JSON.parse` alone, at native speed.
 * `parser` forces one slow path (tests exercise both); by default the platform's is used when the
 * runtime has it.
 */
export function parseJson(text: string, parser?: BigIntParser): unknown {
  if (parser === undefined && !LONG_INTEGER.test(text)) return JSON.parse(text);
  const use = parser ?? (HAS_SOURCE_TEXT ? 'source-text' : 'lossless-json');
  if (use === 'source-text') {
    if (!HAS_SOURCE_TEXT) throw new Error('this runtime gives JSON.parse revivers no source text');
    return JSON.parse(text, reviveUnsafeIntegers as Parameters<typeof JSON.parse>[1]);
  }
  return losslessParse(text, undefined, { parseNumber, onDuplicateKey: ({ newValue }) => newValue });
}
