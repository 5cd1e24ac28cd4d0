/**
 * JSON text for values that may hold `bigint`s. API integers beyond ±(2^53 − 1) are kept as
 * `bigint` (a JS number would round them), and `JSON.stringify` throws on a `bigint`. Here each
 * one is written as the bare integer literal the API sent: through `JSON.rawJSON` where the
 * runtime has it (Chromium ≥ 114, Firefox ≥ 135; TC39 "JSON.parse source text access"), else by
 * a marker string swapped for the digits afterwards.
 */

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
