/**
 * Which part of a response holds a page's records: the resource's `data_selector`, or — when the
 * config names none — the one dlt detects on a walk's first response
 * (dlt/sources/helpers/rest_client/detector.py `find_response_page_data`), kept for the rest of
 * the walk and in its checkpoint.
 */
import type { ResolvedResource } from '@/lib/config/types';
import { SyncError } from '@/lib/errors';
import { compilePath, type JsonPath } from '@/lib/jsonpath';
import type { Row } from '@/lib/store';

/** dlt's RECORD_KEY_PATTERNS: a list under one of these keys is preferred (exact, case-sensitive). */
const RECORD_KEYS = new Set(['data', 'items', 'results', 'entries', 'records', 'rows', 'entities', 'payload', 'content', 'objects', 'values']);

/** dlt's find_all_lists looks at most three keys deep. */
const MAX_DEPTH = 3;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function findLists(obj: Record<string, unknown>, path: string[], out: string[][]): string[][] {
  for (const [key, value] of Object.entries(obj)) {
    if (Array.isArray(value)) out.push([...path, key]);
    else if (isObject(value) && path.length + 1 < MAX_DEPTH) findLists(value, [...path, key], out);
  }
  return out;
}

/**
 * The keys from the root to the page's records: the first list (depth first, in key order) under a
 * record-like key such as `data` or `items`, else the first list at all, else `[]` — the whole
 * body, which a list body is and an object body becomes as one record (dlt: test_detector.py
 * test_find_response_page_data).
 */
export function detectDataSelector(body: unknown): string[] {
  if (!isObject(body)) return [];
  const lists = findLists(body, [], []);
  return lists.find((path) => RECORD_KEYS.has(path[path.length - 1])) ?? lists[0] ?? [];
}

/** A configured data_selector, compiled once per resource. */
export interface CompiledSelector {
  text: string;
  path: JsonPath;
}

export function compileDataSelector(resource: ResolvedResource): CompiledSelector | null {
  return resource.dataSelector === undefined ? null : { text: resource.dataSelector, path: compilePath(resource.dataSelector) };
}

function keysValue(body: unknown, keys: readonly string[]): unknown {
  let cur = body;
  for (const key of keys) cur = isObject(cur) ? cur[key] : undefined;
  return cur;
}

/**
 * dlt's `extract_response`: a list is the page's records, a single value is one record, and
 * nothing (missing or null) is an empty page (dlt#2932: a later page of `"users": null` after the
 * last cursor). A record that is not an object (a number, text, a list) becomes `{"value": item}`,
 * as dlt's relational normaliser wraps it (`normalize_data_item` → `wrap_in_dict(c_value, item)`).
 */
function asRecords(found: unknown): Row[] {
  if (found === undefined || found === null) return [];
  return (Array.isArray(found) ? found : [found]).map(asRecord);
}

/** One record as a row: an object as it is, anything else under `value` (dlt's `wrap_in_dict`). */
export function asRecord(item: unknown): Row {
  return isObject(item) ? item : { value: item };
}

export interface RecordReaderOptions {
  /** The selector detected earlier in this walk, from its checkpoint. */
  detected?: string[];
  /**
   * A configured selector that finds nothing on this walk's first page is an error rather than an
   * empty page: set for a fresh top-level walk, whose list endpoint answers with its list key even
   * when it is empty, so a miss there means the selector is wrong. A child's endpoint may leave the
   * key out for a parent with nothing, and a later page may be an empty tail, as dlt treats both.
   */
  strictFirstPage?: boolean;
}

/** Reads the records of each page of one walk, in order. */
export class RecordReader {
  /** Detected on the walk's first response when the config names no data_selector. */
  detected: string[] | undefined;
  private pages = 0;

  constructor(
    private readonly resource: string,
    private readonly selector: CompiledSelector | null,
    private readonly options: RecordReaderOptions = {},
  ) {
    this.detected = options.detected;
  }

  read(body: unknown): Row[] {
    const first = this.pages++ === 0;
    if (!this.selector) {
      this.detected ??= detectDataSelector(body);
      return asRecords(keysValue(body, this.detected));
    }
    // A selector that can match several values (`data[*]`, `groups[*].items[*]`) yields every
    // match, as dlt's extract_response does with find_values (one match is read as one value).
    const { path } = this.selector;
    let found: unknown;
    if (path.segments) found = path.first(body);
    else {
      const matches = path.find(body);
      found = matches.length === 0 ? undefined : matches.length === 1 ? matches[0] : matches;
    }
    if (found === undefined && first && this.options.strictFirstPage) {
      throw new SyncError('bad_response', `${this.resource}: data_selector "${this.selector.text}" found nothing in the response`, {
        resource: this.resource,
        detail: `top-level keys: ${isObject(body) ? Object.keys(body).join(', ') : Array.isArray(body) ? '(a list)' : typeof body}`,
      });
    }
    return asRecords(found);
  }
}
