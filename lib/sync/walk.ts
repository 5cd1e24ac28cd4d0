/**
 * Walks the pages of one request sequence. The next page's fetch starts as soon as the paginator
 * knows it, so it overlaps with committing the page before; commits stay strictly in order.
 */
import type { ResolvedResource } from '@/lib/config/types';
import type { JsonValue } from '@/lib/config/types';
import type { ApiRequest, ApiResponse } from '@/lib/http';
import type { PageRequest, Paginator } from '@/lib/paginators/types';
import { selectRecords } from './records';

export interface PageFetcher {
  request(req: ApiRequest, signal?: AbortSignal): Promise<ApiResponse>;
}

export interface FetchedPage {
  records: unknown[];
  /** Paginator state after this page: where a resumed walk continues. */
  state: JsonValue;
  /** Whether another page follows. */
  more: boolean;
}

export async function walkPages(
  resource: ResolvedResource,
  base: PageRequest,
  paginator: Paginator,
  http: PageFetcher,
  signal: AbortSignal,
  commit: (page: FetchedPage) => Promise<void>,
): Promise<void> {
  const fetchPage = async (request: PageRequest) => {
    const res = await http.request(
      { resource: resource.name, path: request.path, params: request.params, method: resource.method, json: request.json },
      signal,
    );
    return { body: res.body, headers: res.headers, records: selectRecords(res.body, resource) };
  };
  let pending: Promise<Awaited<ReturnType<typeof fetchPage>>> | null = fetchPage(paginator.apply(base));
  while (pending) {
    const page = await pending;
    const more = paginator.advance(page);
    const state = paginator.state();
    pending = more ? fetchPage(paginator.apply(base)) : null;
    // If the commit fails, the prefetch's own failure (if any) is irrelevant.
    pending?.catch(() => undefined);
    await commit({ records: page.records, state, more });
  }
}
