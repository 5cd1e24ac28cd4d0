/**
 * JSON values as Python literals (dict/list/str/int/float/True/False/None), so a config reads as
 * ordinary Python in the generated pipeline and `ast.literal_eval` gives back the same value.
 */
import type { JsonValue } from '@/lib/config/types';

/**
 * A Python string literal. JSON's string escapes (`\"`, `\\`, `\n`, `\uXXXX`, …) mean the same
 * in a Python str literal, and other characters are written as they are (UTF-8 source).
 */
export function pythonString(text: string): string {
  return JSON.stringify(text);
}

/** One JSON value as a Python expression, indented by `indent` spaces per level. */
export function pythonLiteral(value: JsonValue, indent = 4, depth = 0): string {
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot write ${value} in a config: JSON has no such number`);
    return JSON.stringify(value);
  }
  if (typeof value === 'string') return pythonString(value);
  // An integer beyond 2^53 − 1 read from a pasted config (parseJson): Python's int holds every digit.
  if (typeof value === 'bigint') return (value as bigint).toString();
  const pad = ' '.repeat(indent * (depth + 1));
  const close = ' '.repeat(indent * depth);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((item) => `${pad}${pythonLiteral(item, indent, depth + 1)},`).join('\n')}\n${close}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([key, item]) => `${pad}${pythonString(key)}: ${pythonLiteral(item, indent, depth + 1)},`).join('\n')}\n${close}}`;
}
