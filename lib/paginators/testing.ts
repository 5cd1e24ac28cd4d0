/** Builders for paginator tests: a response as the engine hands it to `advance`. */
import type { PageRequest, PageResponse } from './types';

export function page(body: unknown, records: unknown[] = [], headers: Record<string, string> = {}): PageResponse {
  const lower = new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { body, records, headers: { get: (name) => lower.get(name.toLowerCase()) ?? null } };
}

export const BASE_REQUEST: PageRequest = { path: '/api/2.0/things', params: { page_size: '500' } };
