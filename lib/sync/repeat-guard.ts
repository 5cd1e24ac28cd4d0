/**
 * What stops a walk from looping when the API's next-page reference does not advance: a cursor
 * sent again (`{"items":[],"next":"c1"}` for `?cursor=c1`), a next link already followed, a page
 * the API serves again. One guard for every paginator, in the walk: the walk ends when the next
 * request would repeat one already made in it. If the page that sent the repeated reference held
 * rows the walk had not seen, rows are probably being missed, and the table says so.
 */
import type { ResolvedResource } from '@/lib/config/types';
import { SyncError } from '@/lib/errors';
import { stringifyJson } from '@/lib/json-text';
import { textHash } from '@/lib/text-hash';
import type { PageRequest, Paginator } from '@/lib/paginators/types';
import { isAbsoluteUrl, setParams } from '@/lib/http/request-url';

/** A URL with its query parameters in a fixed order, so two spellings of one request compare equal. */
function canonical(url: URL): string {
  url.searchParams.sort();
  url.hash = '';
  return url.href;
}

/** How the walk goes on after a page, as the guard judges it. */
export type GuardVerdict =
  /** Fetch the next page. */
  | { end: false }
  /**
   * End the walk after this page. `stale`: the page's rows were all seen before in this walk, so
   * they need not be stored again. `error`: the table's error, after the page's rows are committed.
   */
  | { end: true; stale: boolean; error?: SyncError };

export class RepeatGuard {
  private readonly requested = new Set<string>();
  private readonly rowsSeen = new Set<unknown>();
  /** The last page noted: how many rows it held, and how many of them this walk had not seen. */
  private last = { rows: 0, fresh: 0 };
  /** The URL of the walk's first request: relative requests (every non-link paginator's) share its path. */
  private first: URL | null = null;

  constructor(
    private readonly resource: ResolvedResource,
    /** The path of the walk's base request, as the config wrote it. */
    private readonly basePath: string,
    /** How a URL is shown in the loop message (the HTTP client's `showUrl`). */
    private readonly showUrl: (url: string) => string,
  ) {}

  /**
   * Notes a page: the request that fetched it (its URL as requested, query included) and its
   * rows (as the API sent them, before any incremental filter).
   */
  page(requestUrl: string, request: PageRequest, records: readonly unknown[]): void {
    const url = new URL(requestUrl);
    this.first ??= url;
    this.requested.add(this.identity(canonical(new URL(url)), request));
    let fresh = 0;
    for (const record of records) {
      const id = this.rowIdentity(record);
      if (!this.rowsSeen.has(id)) {
        this.rowsSeen.add(id);
        fresh++;
      }
    }
    this.last = { rows: records.length, fresh };
  }

  /**
   * Whether the walk may make `next`, the request the paginator wants after the page last noted.
   * Call only when the paginator says more pages follow.
   */
  verdict(next: PageRequest, paginator: Paginator): GuardVerdict {
    const stale = this.last.rows > 0 && this.last.fresh === 0;
    if (this.requested.has(this.identity(this.urlOf(next), next))) {
      return this.last.fresh > 0 ? { end: true, stale, error: this.error(paginator) } : { end: true, stale };
    }
    return stale ? { end: true, stale } : { end: false };
  }

  /** The error for a repeated reference that came with new rows. */
  private error(paginator: Paginator): SyncError {
    const what = paginator.nextReference?.(this.showUrl) ?? 'next-page reference';
    return new SyncError(
      'bad_response',
      `${this.resource.name}: the API sent the same ${what} twice, the second time with rows not seen before; the walk stopped there rather than loop, so later rows may be missing`,
      { resource: this.resource.name },
    );
  }

  private urlOf(request: PageRequest): string {
    let url: URL | null = null;
    if (isAbsoluteUrl(request.path)) url = new URL(request.path, this.first ?? undefined);
    else if (request.path === this.basePath && this.first) {
      url = new URL(this.first);
      url.search = '';
    }
    if (!url) {
      const search = new URLSearchParams();
      setParams(search, request.params);
      search.sort();
      return `${request.path}?${search.toString()}`;
    }
    setParams(url.searchParams, request.params);
    return canonical(url);
  }

  private identity(url: string, request: PageRequest): string {
    return `${this.resource.method} ${url} ${request.json === undefined ? '' : stringifyJson(request.json)}`;
  }

  /**
   * A row by its primary key when the resource has one (the record's own key columns), else by a
   * hash of its content: a walk without a key would otherwise keep every row's text until it ends.
   */
  private rowIdentity(record: unknown): unknown {
    const key = this.resource.primaryKey;
    if (key.length > 0 && typeof record === 'object' && record !== null) {
      const values = key.map((column) => (record as Record<string, unknown>)[column]);
      const [only] = values;
      if (values.length === 1 && (typeof only === 'string' || typeof only === 'number' || typeof only === 'bigint')) return only;
      return textHash(stringifyJson(values) ?? 'null');
    }
    return textHash(stringifyJson(record) ?? 'null');
  }
}
