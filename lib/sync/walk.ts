/**
 * Walks the pages of one request sequence. The next page's fetch starts as soon as the paginator
 * knows it, so it overlaps with committing the page before; commits stay strictly in order.
 */
import type { ResolvedResource } from '@/lib/config/types';
import type { JsonValue } from '@/lib/config/types';
import { SyncError } from '@/lib/errors';
import type { ApiRequest, ApiResponse } from '@/lib/http';
import type { PageRequest, PageResponse, Paginator } from '@/lib/paginators/types';
import type { Row } from '@/lib/store';
import { findPageSize, type PageSizeLimit } from './page-size';
import type { RecordReader } from './data-selector';
import { RepeatGuard } from './repeat-guard';
import { apiRequest } from './requests';

export interface PageFetcher {
  request(req: ApiRequest, signal?: AbortSignal): Promise<ApiResponse>;
  /** A URL as a message may show it (HttpClient.showUrl: query kept, the secret masked). */
  showUrl(url: string): string;
}

export interface FetchedPage {
  /** The page's records as rows (non-objects wrapped as dlt wraps them, data-selector.ts). */
  records: Row[];
  /** Paginator state after this page: where a resumed walk continues. */
  state: JsonValue;
  /** Whether another page follows. */
  more: boolean;
  /**
   * The rows per request this page was fetched with, when the API refused the configured size
   * (now or in an earlier sync). A page_number state counts pages of this size, so the two are
   * stored together.
   */
  pageSizeLimit?: number;
}

/**
 * Drops rows before they are committed (dlt's incremental range). It sees each page right after
 * the fetch, before the next page is asked for, so `stop` prevents that request; the paginator
 * still advances on the unfiltered page, as dlt's paginator sees the page before the incremental.
 */
export type PageFilter = (records: Row[]) => { records: Row[]; stop: boolean };

/** A page as the walk handles it: the request that fetched it, and whether response_actions ignored it. */
type WalkedPage = PageResponse & { records: Row[]; request: PageRequest; ignored: boolean; pageSizeLimit?: number };

export async function walkPages(
  resource: ResolvedResource,
  base: PageRequest,
  paginator: Paginator,
  http: PageFetcher,
  signal: AbortSignal,
  pageSizes: PageSizeLimit,
  commit: (page: FetchedPage) => Promise<void>,
  reader: RecordReader,
  filter?: PageFilter,
): Promise<void> {
  const sizing = findPageSize(base, paginator);
  let request = base;
  /** The size the paginator's position is counted in; unset until the first request. */
  let size: number | undefined;
  const useSize = (to: number): boolean => {
    if (!sizing || to === size) return true;
    if (paginator.resize && !paginator.resize(to, size)) return false;
    if (!sizing.ownedByPaginator) request = { ...request, params: { ...request.params, [sizing.param]: String(to) } };
    size = to;
    return true;
  };
  const fetchOnce = async (): Promise<WalkedPage> => {
    const req = paginator.apply(request);
    const res = await http.request(apiRequest(resource, req), signal);
    // An ignored response (response_actions) is a page with no rows, as dlt's IgnoreResponseException.
    const ignored = res.ignored === true;
    return { request: req, ignored, url: res.requestUrl, link: res.link, body: res.body, headers: res.headers, records: ignored ? [] : reader.read(res.body) };
  };
  const fetchPage = async (): Promise<WalkedPage> => {
    // A link paginator's next URL carries the server's own query, not the page-size parameter.
    if (!sizing || !(sizing.param in paginator.apply(request).params)) return fetchOnce();
    return pageSizes.run(sizing.size, async (to) => {
      if (!useSize(to)) {
        throw new SyncError(
          'client',
          `${resource.name}: the store refused ${size} rows per request, and the ${resource.paginator.type} paginator cannot continue from its current page with ${to}; run a full sync to start over`,
          { resource: resource.name },
        );
      }
      const page = await fetchOnce();
      return to < sizing.size ? { ...page, pageSizeLimit: to } : page;
    });
  };
  const guard = new RepeatGuard(resource, base.path, (url) => http.showUrl(url));
  let pending: Promise<WalkedPage> | null = fetchPage();
  while (pending) {
    const page: WalkedPage = await pending;
    guard.page(page.url, page.request, page.records);
    const kept = filter ? filter(page.records) : { records: page.records, stop: false };
    // A paginator that cannot read its next reference (json_link's `next: 2`, a total that is no
    // number) fails the table only after this page's rows are committed, as dlt yields a page
    // before it asks the paginator for the next request.
    let failure: unknown;
    let more = false;
    try {
      // dlt ends the walk at an ignored response; the position stays where it was.
      more = page.ignored ? false : paginator.advance(page) && !kept.stop;
    } catch (err) {
      failure = namedFailure(resource, err);
    }
    // A repeated request, or a page with nothing new, would bring the same pages again, for ever.
    let loop: SyncError | undefined;
    let records = kept.records;
    if (more) {
      const verdict = guard.verdict(paginator.apply(request), paginator);
      if (verdict.end) {
        more = false;
        loop = verdict.error;
        if (verdict.stale) records = [];
      }
    }
    const state = paginator.state();
    pending = more ? fetchPage() : null;
    // If the commit fails, the prefetch's own failure (if any) is irrelevant.
    pending?.catch(() => undefined);
    await commit({ records, state, more, ...(page.pageSizeLimit === undefined ? {} : { pageSizeLimit: page.pageSizeLimit }) });
    if (failure !== undefined) throw failure;
    if (loop) throw loop;
  }
}

/** A paginator's error with the resource named: paginators know their options, not which table they serve. */
function namedFailure(resource: ResolvedResource, err: unknown): unknown {
  if (!(err instanceof SyncError) || err.resource !== undefined) return err;
  return new SyncError(err.kind, `${resource.name}: ${err.message}`, { resource: resource.name, status: err.status, detail: err.detail, cause: err });
}
