/** Builders for paginator tests: a response as the engine hands it to `advance`. */
import type { PageRequest, PageResponse } from './types';

/** The URL test pages were requested from, unless a test names another. */
export const PAGE_URL = 'https://api.example.com/api/2.0/things?page_size=500';

/** `PageResponse.link` for a page fetched from `url` (no secret to remove in these tests). */
export const linkFrom = (url: string) => (href: string) => new URL(href, url).href;

export function page(body: unknown, records: unknown[] = [], headers: Record<string, string> = {}, url = PAGE_URL): PageResponse {
  const lower = new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { url, link: linkFrom(url), body, records, headers: { get: (name) => lower.get(name.toLowerCase()) ?? null } };
}

export const BASE_REQUEST: PageRequest = { path: '/api/2.0/things', params: { page_size: '500' } };
