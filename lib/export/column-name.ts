/**
 * Column names of flattened rows, chosen so that two different places in a row never share a name
 * (issue 9, kind 9: `{"custom.size": "M", "custom": {"size": "L"}}` must keep both values).
 *
 * A column name is the path to its value, written like a JSONPath without the `$`: keys joined
 * with dots (`customer.first_name`), and a key that a dot-join would make ambiguous — one that
 * contains `.` or `[`, or is empty — written in brackets and single quotes, with `\` and `'`
 * escaped by a backslash: `['custom.size']`, `custom['a.b']`, `['']`. Reading a name back
 * (`parseColumn`) therefore gives exactly one path, so no two paths share a name.
 *
 * A child table's own key columns (`_sales_id`, `_idx`, …) are not data: a field of the API with
 * the same name is written in the bracket form (`['_idx']`) so it never takes their place.
 */
import { quoteKey } from '@/lib/jsonpath';

const NEEDS_QUOTES = /[.[]/;

/** A key as one path segment: as it is, or bracket-quoted when a plain dot-join would be ambiguous. */
function segment(key: string, forceQuotes: boolean): { text: string; quoted: boolean } {
  if (!forceQuotes && key !== '' && !NEEDS_QUOTES.test(key)) return { text: key, quoted: false };
  return { text: quoteKey(key), quoted: true };
}

/**
 * The column of `key` inside the object at column `prefix` (`null` at the top of a row).
 * `reserved` holds names the table itself uses (a child table's key columns); a top-level key
 * with one of those names is bracket-quoted.
 */
export function columnName(prefix: string | null, key: string, reserved?: ReadonlySet<string>): string {
  if (prefix === null) return segment(key, reserved?.has(key) ?? false).text;
  const seg = segment(key, false);
  return seg.quoted ? prefix + seg.text : `${prefix}.${seg.text}`;
}

/**
 * The path of keys a column name stands for: the inverse of `columnName`.
 * Throws on a name `columnName` cannot produce.
 */
export function parseColumn(name: string): string[] {
  const keys: string[] = [];
  let i = 0;
  const plain = () => {
    let j = i;
    while (j < name.length && name[j] !== '.' && name[j] !== '[') j++;
    if (j === i) throw new Error(`Not a column name: ${name} (empty key at ${i})`);
    keys.push(name.slice(i, j));
    i = j;
  };
  const quoted = () => {
    if (!name.startsWith("['", i)) throw new Error(`Not a column name: ${name} (expected ['…'] at ${i})`);
    let key = '';
    let j = i + 2;
    for (;;) {
      const c = name[j];
      if (c === undefined) throw new Error(`Not a column name: ${name} (unclosed quote)`);
      if (c === '\\') {
        key += name[j + 1] ?? '';
        j += 2;
      } else if (c === "'") {
        break;
      } else {
        key += c;
        j++;
      }
    }
    if (name[j + 1] !== ']') throw new Error(`Not a column name: ${name} (expected ] at ${j + 1})`);
    keys.push(key);
    i = j + 2;
  };
  if (name.startsWith('[')) quoted();
  else plain();
  while (i < name.length) {
    if (name[i] === '.') {
      i++;
      plain();
    } else {
      quoted();
    }
  }
  return keys;
}
