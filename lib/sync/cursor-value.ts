/**
 * Ordering of incremental cursor values (dlt's `last_value_func: max`): which value is the
 * highest a walk has seen, and which parent rows changed after a stored value.
 *
 * - Numbers compare as numbers, exactly: JS numbers, `bigint`s (integers beyond 2^53 − 1, see
 *   `parseJson`) and numeric text (`"1582323235375263745"`, `"12.50"`) alike, by their decimal
 *   digits rather than through a rounded double.
 * - ISO-8601 / RFC 3339 timestamps compare as instants: the offset counts
 *   (`2024-10-20T12:00:00-05:00` is after `2024-10-20T15:30:00+00:00`), and fractional seconds
 *   of any precision do too (`…10:50:32.11075Z` is after `…10:50:32Z`). A timestamp without an
 *   offset is read as UTC; a date alone is its midnight UTC.
 * - Anything else, and two values of different kinds, compare as text.
 */
import type { CursorValue } from '@/lib/config/types';
import { compilePath } from '@/lib/jsonpath';

/** A number as sign, integer digits without leading zeros, and fraction digits without trailing zeros. */
interface Decimal {
  negative: boolean;
  int: string;
  frac: string;
}

/** An instant as whole seconds since the epoch and the fraction's digits (no trailing zeros). */
interface Instant {
  seconds: number;
  frac: string;
}

type Ordered = { kind: 'number'; value: Decimal } | { kind: 'instant'; value: Instant } | { kind: 'text'; value: string };

const NUMERIC = /^(-)?(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;
/** Exponents beyond this are compared as doubles: their digits would not fit a cursor anyway. */
const MAX_EXPONENT = 400;

function decimal(text: string): Decimal | null {
  const m = NUMERIC.exec(text);
  if (!m) return null;
  let digits = m[2] + (m[3] ?? '');
  let point = m[2].length + Number(m[4] ?? 0);
  if (Math.abs(point) > MAX_EXPONENT + digits.length) return null;
  if (point < 0) {
    digits = '0'.repeat(-point) + digits;
    point = 0;
  } else if (point > digits.length) digits += '0'.repeat(point - digits.length);
  const int = digits.slice(0, point).replace(/^0+/, '');
  const frac = digits.slice(point).replace(/0+$/, '');
  return { negative: m[1] === '-' && (int !== '' || frac !== ''), int, frac };
}

function compareDigits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareDecimal(a: Decimal, b: Decimal): number {
  if (a.negative !== b.negative) return a.negative ? -1 : 1;
  const sign = a.negative ? -1 : 1;
  if (a.int.length !== b.int.length) return sign * (a.int.length - b.int.length > 0 ? 1 : -1);
  const byInt = compareDigits(a.int, b.int);
  if (byInt !== 0) return sign * byInt;
  const width = Math.max(a.frac.length, b.frac.length);
  return sign * compareDigits(a.frac.padEnd(width, '0'), b.frac.padEnd(width, '0'));
}

/** RFC 3339 date-times (ISO 8601's extended form, `T`, `t` or a space between date and time) and dates. */
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?)?$/;

function instant(text: string): Instant | null {
  const m = TIMESTAMP.exec(text);
  if (!m) return null;
  const [year, month, day, hour = 0, minute = 0, second = 0] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((x) => (x === undefined ? undefined : Number(x))) as number[];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 60) return null;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  // 2024-02-30 is no date (Date.UTC would roll it over to March).
  if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) return null;
  let offsetMinutes = 0;
  const zone = m[8];
  if (zone && zone !== 'Z' && zone !== 'z') {
    const digits = zone.slice(1).replace(':', '');
    offsetMinutes = (zone[0] === '-' ? -1 : 1) * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0));
  }
  return { seconds: ms / 1000 - offsetMinutes * 60, frac: (m[7] ?? '').replace(/0+$/, '') };
}

function compareInstant(a: Instant, b: Instant): number {
  if (a.seconds !== b.seconds) return a.seconds < b.seconds ? -1 : 1;
  const width = Math.max(a.frac.length, b.frac.length);
  return compareDigits(a.frac.padEnd(width, '0'), b.frac.padEnd(width, '0'));
}

function ordered(v: CursorValue): Ordered {
  if (typeof v === 'bigint') return { kind: 'number', value: decimal(v.toString())! };
  if (typeof v === 'number') {
    const d = Number.isFinite(v) ? decimal(String(v)) : null;
    return d ? { kind: 'number', value: d } : { kind: 'text', value: String(v) };
  }
  if (typeof v === 'string') {
    const text = v.trim();
    const d = decimal(text);
    if (d) return { kind: 'number', value: d };
    const t = instant(text);
    if (t) return { kind: 'instant', value: t };
  }
  return { kind: 'text', value: String(v) };
}

/**
 * What a cursor value is ordered as: `number` (JS numbers, bigints, numeric text), `timestamp`
 * (ISO-8601 / RFC 3339 text) or `text`. Two values of different kinds compare only as text.
 */
export function cursorKind(v: CursorValue): 'number' | 'timestamp' | 'text' {
  const kind = ordered(v).kind;
  return kind === 'instant' ? 'timestamp' : kind;
}

/** Negative when `a` comes before `b`, positive when after, 0 when they are the same point. */
export function compareCursor(a: CursorValue, b: CursorValue): number {
  const x = ordered(a);
  const y = ordered(b);
  if (x.kind === 'number' && y.kind === 'number') return compareDecimal(x.value, y.value);
  if (x.kind === 'instant' && y.kind === 'instant') return compareInstant(x.value, y.value);
  return compareDigits(String(a), String(b));
}

/** Values a cursor can hold: a JSON object, array, boolean or null at the cursor path is no position. */
function isCursor(v: unknown): v is string | number | bigint {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint';
}

/** The highest `cursorPath` value among `records` and `current`, kept as sent (text stays text). */
export function maxCursor(records: readonly unknown[], cursorPath: string, current: CursorValue | undefined): CursorValue | undefined {
  const path = compilePath(cursorPath);
  let best = current;
  for (const record of records) {
    const v = path.first(record);
    if (!isCursor(v)) continue;
    if (best === undefined || best === null || compareCursor(v, best) > 0) best = v;
  }
  return best;
}

/**
 * A test for "changed after `since`" by a row's cursor value (rows without one count as changed).
 * The path is compiled once: the test runs for every parent row of a child walk.
 */
export function changedSince(cursorPath: string, since: CursorValue): (row: unknown) => boolean {
  const path = compilePath(cursorPath);
  return (row) => {
    const v = path.first(row);
    if (!isCursor(v)) return true;
    return compareCursor(v, since) > 0;
  };
}
