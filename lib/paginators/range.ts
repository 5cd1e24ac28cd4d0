/**
 * dlt's RangePaginator, shared by `page_number` and `offset`: a counter written into a query
 * parameter or the JSON body, advanced by a fixed step, stopped by an empty page, a total, a
 * maximum or has_more.
 *
 * A total is a stop signal sent once: many APIs put it on the first page only, so the last total
 * read holds for the rest of the walk, and `state()` carries it so a resumed walk stops at the
 * same page. A total present but `null` (the API does not know it) leaves the walk to the other
 * stop conditions when there are any, as dlt#4429 asks; a total missing before any was read is
 * an error, since a mistyped total_path would otherwise go unnoticed.
 */
import type { ConfigIssue, JsonValue } from '@/lib/config/types';
import { SyncError } from '@/lib/errors';
import { lookup } from '@/lib/jsonpath';
import { describeValue, readHasMore } from './options';
import { writeSlot, type RequestSlot } from './request-slot';
import type { PageRequest, PageResponse, Paginator } from './types';

export interface RangeSettings {
  typeName: string;
  /** Where the counter goes: `page_param`/`offset_param` or `page_body_path`/`offset_body_path`. */
  counter: RequestSlot;
  /** Where the page size goes when the paginator owns it (offset's limit); the step is then the page size. */
  pageSizeSlot?: RequestSlot;
  start: number;
  step: number;
  /** Added to the total before comparing: page_number counts pages from base_page. */
  baseIndex: number;
  totalPath: string | null;
  /** What the counter and the total count. */
  unit: 'pages' | 'records';
  maximum: number | null;
  maximumOption: string;
  stopAfterEmptyPage: boolean;
  hasMorePath: string | null;
  /** The key of the counter in `state()`, e.g. `page` or `offset`. */
  stateKey: string;
}

/**
 * dlt refuses a range paginator that could never stop; so do we, before the first request. A null
 * stop_after_empty_page is false, as Python's None is (dlt: test_paginators.py test_guarantee_termination).
 */
export function neverStopsIssue(typeName: string, options: Record<string, JsonValue>, maximumOption: string): ConfigIssue[] {
  const total = options.total_path === undefined ? 'total' : options.total_path;
  const stops =
    total !== null ||
    (options[maximumOption] ?? null) !== null ||
    (options.has_more_path ?? null) !== null ||
    (options.stop_after_empty_page !== false && options.stop_after_empty_page !== null);
  if (stops) return [];
  return [
    {
      path: 'stop_after_empty_page',
      message: `the ${typeName} paginator would never stop: set total_path, ${maximumOption}, has_more_path or stop_after_empty_page`,
    },
  ];
}

/** Python's `int(total)` as dlt applies it: whole-number text, numbers (truncated) and booleans. */
function wholeNumber(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return Math.trunc(value);
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value)) return Number(value);
  return null;
}

function missingTotal(s: RangeSettings, totalPath: string): SyncError {
  return new SyncError(
    'bad_response',
    `${s.typeName} paginator: the response has no "${totalPath}" (total_path) giving the number of ${s.unit}; set total_path to the field that holds it, or to null to stop at the first empty page`,
  );
}

/** The total on this page: a whole number, `null` when the API says it does not know, `undefined` when absent. */
function readTotal(s: RangeSettings, body: unknown, totalPath: string): number | null | undefined {
  const value = lookup(body, totalPath);
  if (value === undefined || value === null) return value;
  const n = wholeNumber(value);
  if (n === null) {
    throw new SyncError(
      'bad_response',
      `${s.typeName} paginator: "${totalPath}" (total_path) should be a whole number of ${s.unit}, got ${describeValue(value)}`,
    );
  }
  return n;
}

/** The total a saved position carries (absent in positions saved before totals were kept). */
function resumeTotal(state: JsonValue | undefined): number | null {
  const saved = state !== null && typeof state === 'object' && !Array.isArray(state) ? state.total : undefined;
  return typeof saved === 'number' && Number.isInteger(saved) ? saved : null;
}

function resumeValue(s: RangeSettings, state: JsonValue | undefined): number {
  if (state === undefined || state === null) return s.start;
  const saved = typeof state === 'object' && !Array.isArray(state) ? state[s.stateKey] : undefined;
  if (typeof saved === 'number' && Number.isInteger(saved)) return saved;
  throw new SyncError(
    'config',
    `${s.typeName} paginator: the saved position ${describeValue(state)} has no whole-number "${s.stateKey}"; run a full sync to start over`,
  );
}

export function createRangePaginator(s: RangeSettings, state?: JsonValue): Paginator {
  let current = resumeValue(s, state);
  /** The last total the API sent in this walk: it holds until another replaces it. */
  let total = resumeTotal(state);
  let step = s.step;
  const sizeSlot = s.pageSizeSlot;
  const otherStops = s.stopAfterEmptyPage || s.maximum !== null || s.hasMorePath !== null;
  return {
    // The counter first, then the size, in the order dlt's update_request writes them.
    apply(request: PageRequest): PageRequest {
      const withCounter = writeSlot(request, s.counter, current);
      return sizeSlot ? writeSlot(withCounter, sizeSlot, step) : withCounter;
    },
    // Only a size in the query can be halved on a 400 (lib/sync/page-size.ts); a body size stays as configured.
    ...(sizeSlot?.kind === 'param' ? { pageSize: () => ({ param: sizeSlot.name, size: step }) } : {}),
    resize(to: number, from?: number): boolean {
      if (sizeSlot?.kind === 'param') step = to;
      // A record offset stays valid at any page size; a page number is rescaled.
      if (s.unit === 'records' || from === undefined || from === to) return true;
      const records = (current - s.baseIndex) * from;
      if (records % to !== 0) return false;
      current = s.baseIndex + records / to;
      // A count of pages of the old size; the next page's total (in new pages) replaces it.
      total = null;
      return true;
    },
    // has_more false stops early; has_more true never overrides a total or maximum that is reached (dlt#4227).
    advance({ body, records }: PageResponse): boolean {
      if (s.stopAfterEmptyPage && records.length === 0) return false;
      if (s.totalPath !== null) {
        const read = readTotal(s, body, s.totalPath);
        if (read !== undefined && read !== null) total = read;
        else if (total === null && !(read === null && otherStops)) throw missingTotal(s, s.totalPath);
      }
      let more = s.hasMorePath === null ? true : readHasMore(s.typeName, body, s.hasMorePath);
      current += step;
      if (total !== null && current >= total + s.baseIndex) more = false;
      if (s.maximum !== null && current >= s.maximum) more = false;
      return more;
    },
    state: () => (total === null ? { [s.stateKey]: current } : { [s.stateKey]: current, total }),
  };
}
