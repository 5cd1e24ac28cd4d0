/**
 * dlt's paginator detection (dlt/sources/helpers/rest_client/detector.py `PaginatorFactory`), for
 * a resource that names no paginator: the first response decides, in dlt's order —
 *   1. a `Link` header with rel="next" → header_link;
 *   2. a next-page value in the body (the first key, depth first, starting with "next", or its
 *      `href`/`url` child) that is a URL (starts with "http" or "/") → json_link at that path;
 *   3. a total page count (`total_pages`, `pages`, `totalPages`) → page_number with that total_path;
 *   4. any other next-page value → cursor at that path (sent as `cursor`);
 *   5. otherwise single_page.
 * The detected paginator then reads the first response too, as dlt's does, so a detected
 * page_number (base_page 0) asks for page 1 next.
 */
import type { JsonValue } from '@/lib/config/types';
import { formatPath } from '@/lib/jsonpath';
import { parseLinkHeader } from './links';
import type { PageResponse } from './types';

export interface DetectedPaginator {
  type: 'header_link' | 'json_link' | 'page_number' | 'cursor' | 'single_page';
  options: Record<string, JsonValue>;
}

/** A value dlt's detector accepts: Python's `str`, `int`, `float` (and `bool`, an `int` there). */
type Scalar = string | number | boolean | bigint;

export interface FoundValue {
  /** Keys from the root of the body. */
  path: string[];
  value: Scalar;
}

const isScalar = (v: unknown): v is Scalar => ['string', 'number', 'boolean', 'bigint'].includes(typeof v);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** dlt's NEXT_PAGE_KEY_PATTERNS / NEXT_PAGE_DICT_KEY_PATTERNS: `re.match` on the lower-cased key, so a prefix. */
const startsNext = (key: string) => key.toLowerCase().startsWith('next');
const startsHrefOrUrl = (key: string) => /^(href|url)/.test(key.toLowerCase());
/** dlt's TOTAL_PAGES_KEYS, anchored. */
const isTotalPagesKey = (key: string) => /^(total_pages|pages|totalpages)$/.test(key.toLowerCase());

/** dlt's `find_next_page_path`: depth first, in key order; lists are not searched. */
export function findNextPagePath(body: unknown, path: string[] = []): FoundValue | null {
  if (!isObject(body)) return null;
  for (const [key, value] of Object.entries(body)) {
    if (startsNext(key)) {
      if (isObject(value)) {
        for (const [child, childValue] of Object.entries(value)) {
          if (startsHrefOrUrl(child) && isScalar(childValue)) return { path: [...path, key, child], value: childValue };
        }
      } else if (isScalar(value)) return { path: [...path, key], value };
    }
    if (isObject(value)) {
      const found = findNextPagePath(value, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

/** dlt's `find_total_pages_path`. */
export function findTotalPagesPath(body: unknown, path: string[] = []): FoundValue | null {
  if (!isObject(body)) return null;
  for (const [key, value] of Object.entries(body)) {
    if (isTotalPagesKey(key) && isScalar(value)) return { path: [...path, key], value };
    if (isObject(value)) {
      const found = findTotalPagesPath(value, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

/** Python's `int(value)` succeeds (dlt checks the total this way before choosing page_number). */
const isIntLike = (v: Scalar) => typeof v !== 'string' || /^\s*[+-]?\d+\s*$/.test(v);

export function detectPaginator(response: Pick<PageResponse, 'body' | 'headers'>): DetectedPaginator {
  const link = response.headers.get('link');
  if (link && parseLinkHeader(link, 'next') !== null) return { type: 'header_link', options: {} };
  const next = findNextPagePath(response.body);
  if (next && typeof next.value === 'string' && (next.value.startsWith('http') || next.value.startsWith('/'))) {
    return { type: 'json_link', options: { next_url_path: formatPath(next.path) } };
  }
  const total = findTotalPagesPath(response.body);
  if (total && isIntLike(total.value)) return { type: 'page_number', options: { total_path: formatPath(total.path) } };
  if (next) return { type: 'cursor', options: { cursor_path: formatPath(next.path) } };
  return { type: 'single_page', options: {} };
}
