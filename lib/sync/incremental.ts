/**
 * dlt's incremental row filter (`dlt/extract/incremental/transform.py` JsonIncremental, with
 * `lag.py` and `can_close` of `dlt/extract/incremental/__init__.py`), for the default
 * `last_value_func` max:
 * - a row without a cursor value raises, is dropped or is kept (`on_cursor_value_missing`);
 * - a row beyond `end_value`, or equal to it with `range_end: "open"` (the default), is dropped;
 * - a row below the start value is dropped; one equal to it is dropped with `range_start: "open"`,
 *   and otherwise only if it was already loaded (its hash is among the stored boundary hashes);
 * - the highest value seen becomes the next start (`last_value`) together with the hashes of the
 *   rows carrying it. `end_value`, `lag`, `range_start: "open"` and `primary_key: []` turn that
 *   boundary deduplication off, as in dlt.
 * With `row_order`, a walk stops after the first page holding a row past the range's far end.
 */
import type { CursorValue, JsonPrimitive, ResolvedIncremental, ResolvedResource } from '@/lib/config/types';
import { SyncError } from '@/lib/errors';
import { stringifyJson } from '@/lib/json-text';
import { textHash } from '@/lib/text-hash';
import { compilePath, getPath, parsePath, type JsonPath } from '@/lib/jsonpath';
import { compareCursor } from './cursor-value';

export interface FilteredPage<T = unknown> {
  records: T[];
  /** `row_order` says no later page can hold rows in range: request no more pages. */
  stop: boolean;
}

/** Where a walk starts: the stored state, or the initial value, with dlt's lag applied. */
export function incrementalStartValue(inc: ResolvedIncremental, stored: CursorValue | undefined): CursorValue {
  // With end_value dlt keeps no state: every run loads the same range.
  if (inc.endValue !== undefined || stored === undefined || stored === null) return inc.initialValue;
  return inc.lag ? applyLag(inc.lag, inc.initialValue, stored) : stored;
}

/** Whether rows equal to the start value are told apart by hashes (dlt's `boundary_deduplication`). */
export function boundaryDeduplication(inc: ResolvedIncremental): boolean {
  return inc.rangeStart !== 'open' && inc.endValue === undefined && !inc.lag && !(inc.primaryKey && inc.primaryKey.length === 0);
}

export class IncrementalFilter {
  readonly start: CursorValue;
  /** The highest cursor value seen so far (the start value until a higher row arrives), as sent: an integer beyond 2^53 − 1 stays a bigint. */
  lastValue: CursorValue;
  /** Hashes of boundary rows carried over (from the last run, or computed for earlier pages). */
  private hashes: Set<string>;
  /** Rows at `lastValue` not hashed yet: hashing waits for the page end, as dlt's `last_rows` do. */
  private lastRows: unknown[] = [];
  private readonly startHashes: Set<string>;
  private readonly path: JsonPath;
  private readonly dedup: boolean;
  private readonly keyPaths: ReturnType<typeof parsePath>[] | null;

  /**
   * @param start the walk's start value (see incrementalStartValue)
   * @param startHashes boundary hashes stored when the walk started
   * @param resumed the running last value and hashes of a walk resumed part-way
   */
  constructor(
    private readonly inc: ResolvedIncremental,
    private readonly resource: ResolvedResource,
    start: CursorValue,
    startHashes: readonly string[] = [],
    resumed?: { lastValue: CursorValue | undefined; hashes: readonly string[] | undefined },
  ) {
    this.start = start;
    this.lastValue = resumed?.lastValue ?? start;
    this.startHashes = new Set(startHashes);
    this.hashes = new Set(resumed?.hashes ?? startHashes);
    this.path = compilePath(inc.cursorPath);
    this.dedup = boundaryDeduplication(inc);
    const key = inc.primaryKey ?? resource.primaryKey;
    // dlt hashes the whole row when the resource has no primary key.
    this.keyPaths = key.length ? key.map((k) => parsePath(k)) : null;
  }

  /** The boundary hashes to store with the page just filtered. */
  boundaryHashes(): string[] {
    if (!this.dedup) return [];
    for (const row of this.lastRows) this.hashes.add(this.hash(row));
    this.lastRows = [];
    return [...this.hashes];
  }

  page<T>(records: readonly T[]): FilteredPage<T> {
    const kept: T[] = [];
    let startOut = false;
    let endOut = false;
    for (const row of records) {
      const verdict = this.row(row);
      if (verdict === 'keep') kept.push(row);
      else if (verdict === 'start') startOut = true;
      else if (verdict === 'end') endOut = true;
    }
    const stop = (this.inc.rowOrder === 'asc' && endOut) || (this.inc.rowOrder === 'desc' && startOut);
    return { records: kept, stop };
  }

  private row(row: unknown): 'keep' | 'drop' | 'start' | 'end' {
    const value = this.path.first(row);
    if (value === undefined || value === null) {
      const mode = this.inc.onCursorValueMissing ?? 'raise';
      if (mode === 'include') return 'keep';
      if (mode === 'exclude') return 'drop';
      throw new SyncError(
        'bad_response',
        `${this.resource.name}: a row has ${value === null ? 'null' : 'no value'} at the incremental cursor_path "${this.inc.cursorPath}"; set on_cursor_value_missing to "include" or "exclude" to load such rows or skip them`,
        { resource: this.resource.name, detail: `row keys: ${row && typeof row === 'object' ? Object.keys(row).slice(0, 20).join(', ') : typeof row}` },
      );
    }
    const v = cursorPrimitive(value);
    const end = this.inc.endValue;
    if (end !== undefined && end !== null) {
      const c = compareCursor(v, end);
      if (c > 0 || (c === 0 && (this.inc.rangeEnd ?? 'open') === 'open')) return 'end';
    }
    const last = this.lastValue;
    if (last === null || last === undefined || compareCursor(v, last) > 0) {
      this.lastValue = v;
      if (this.dedup) {
        this.hashes.clear();
        this.lastRows = [row];
      }
      return 'keep';
    }
    const start = this.start;
    if (start !== null && start !== undefined) {
      const c = compareCursor(v, start);
      if (c < 0) return 'start';
      if (c === 0) {
        if (this.inc.rangeStart === 'open') return 'start';
        if (this.dedup && this.startHashes.has(this.hash(row))) return 'start';
      }
    }
    if (this.dedup && compareCursor(v, last) === 0) this.lastRows.push(row);
    return 'keep';
  }

  private hash(row: unknown): string {
    const basis = this.keyPaths ? this.keyPaths.map((p) => getPath(row, p) ?? null) : row;
    return textHash(stringifyJson(basis) ?? 'null');
  }
}

function cursorPrimitive(value: unknown): CursorValue {
  if (typeof value === 'object') return stringifyJson(value) ?? '';
  return value as CursorValue;
}

const DATE_ONLY = /^(\d{4})-?(\d{2})-?(\d{2})$/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * dlt's `apply_lag` for max: a number minus `lag` (an int stays an int); an ISO date minus `lag`
 * days and an ISO date-time minus `lag` seconds, written back in the value's own format; never
 * earlier than `initial`. Other values are returned unchanged (dlt logs an error and does the same).
 */
export function applyLag(lag: number, initial: JsonPrimitive, value: CursorValue): CursorValue {
  let lagged: CursorValue = value;
  if (typeof value === 'number') lagged = Number.isInteger(value) ? Math.trunc(value - lag) : value - lag;
  else if (typeof value === 'string') lagged = lagDateText(lag, value) ?? value;
  if (initial !== null && initial !== undefined && compareCursor(initial, lagged) >= 0) return initial;
  return lagged;
}

function lagDateText(lag: number, text: string): string | null {
  const d = DATE_ONLY.exec(text);
  if (d) {
    const t = new Date(Date.UTC(+d[1], +d[2] - 1, +d[3]) - lag * 86_400_000);
    const iso = t.toISOString().slice(0, 10);
    return text.includes('-') ? iso : iso.replace(/-/g, '');
  }
  const m = DATE_TIME.exec(text);
  if (!m) return null;
  const zone = m[4] ?? '';
  const offset = zone === '' || zone === 'Z' ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
  const ms = Date.parse(`${m[1]}T${m[2]}${m[3] ? m[3].slice(0, 4) : ''}${offset}`);
  if (Number.isNaN(ms)) return null;
  const fraction = m[3] ?? '';
  // Shift the wall-clock fields in the value's own offset, so the text keeps its zone.
  const offsetMin = offset === 'Z' ? 0 : (offset[0] === '-' ? -1 : 1) * (+offset.slice(1, 3) * 60 + +offset.slice(4, 6));
  const local = new Date(ms - lag * 1000 + offsetMin * 60_000);
  const wholeLag = Number.isInteger(lag);
  const frac = fraction && wholeLag ? fraction : fraction ? `.${String(local.getUTCMilliseconds()).padStart(3, '0')}${fraction.slice(4)}` : '';
  const sep = text[10];
  return `${local.toISOString().slice(0, 10)}${sep}${local.toISOString().slice(11, 19)}${frac}${zone}`;
}
