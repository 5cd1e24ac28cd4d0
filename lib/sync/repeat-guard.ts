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
import { setParams } from '@/lib/http/request-url';

const ABSOLUTE = /^[a-z][a-z0-9+.-]*:/i;

/** A URL with its query parameters in a fixed order, so two spellings of one request compare equal. */
function canonical(url: URL): string {
  url.searchParams.sort();
  url.hash = '';
  return url.href;
}

export class RepeatGuard {
  private readonly requested = new Set<string>();
  private readonly rowsSeen = new Set<unknown>();
  /** The URL of the walk's first request: relative requests (every non-link paginator's) share its path. */
  private first: URL | null = null;

  constructor(
    private readonly resource: ResolvedResource,
    /** The path of the walk's base request, as the config wrote it. */
    private readonly basePath: string,
  ) {}

  /**
   * Notes a page: the request that fetched it (its URL as requested, query included) and its
   * rows. Says whether any row is one this walk had not seen before.
   */
  page(requestUrl: string, request: PageRequest, records: readonly unknown[]): boolean {
    const url = new URL(requestUrl);
    this.first ??= url;
    this.requested.add(this.identity(canonical(new URL(url)), request));
    let fresh = false;
    for (const record of records) {
      const id = this.rowIdentity(record);
      if (!this.rowsSeen.has(id)) {
        this.rowsSeen.add(id);
        fresh = true;
      }
    }
    return fresh;
  }

  /** Whether `next` is a request this walk has already made. */
  repeats(next: PageRequest): boolean {
    return this.requested.has(this.identity(this.urlOf(next), next));
  }

  /** The error for a repeated reference that came with new rows. */
  error(paginator: Paginator): SyncError {
    const what = paginator.nextReference?.() ?? 'next-page reference';
    return new SyncError(
      'bad_response',
      `${this.resource.name}: the API sent the same ${what} twice, the second time with rows not seen before; the walk stopped there rather than loop, so later rows may be missing`,
      { resource: this.resource.name },
    );
  }

  private urlOf(request: PageRequest): string {
    let url: URL | null = null;
    if (ABSOLUTE.test(request.path) || request.path.startsWith('//')) url = new URL(request.path, this.first ?? undefined);
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
