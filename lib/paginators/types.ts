import type { ConfigIssue, JsonValue } from '@/lib/config/types';

/** One page request as the paginator sees it; the sync engine fills placeholders before this. */
export interface PageRequest {
  /** Relative to the client's base_url, or an absolute URL (link paginators). */
  path: string;
  /** Query parameters, already stringified; a list is the key repeated (`ids=1&ids=2`). */
  params: Record<string, string | string[]>;
  json?: Record<string, JsonValue>;
  /** Endpoint headers, filled (sent over the client's headers). */
  headers?: Record<string, string>;
  /** A form body as name/value pairs (sent form-encoded; names may repeat) or a raw body, filled. */
  data?: [string, string][] | string;
}

export interface PageResponse {
  /**
   * The URL the page was requested from, query included: a link the server sends is relative to
   * it (RFC 3986 §5), not to base_url. Never for messages (the query may hold customer data).
   */
  url: string;
  /**
   * `href` (a link the server sent) resolved against `url`, without the API token: a link is
   * kept in the paginator's state, which is stored in IndexedDB (`ApiResponse.link`). Throws a
   * TypeError when `href` is not a URL.
   */
  link(href: string): string;
  /** Parsed JSON body. */
  body: unknown;
  headers: { get(name: string): string | null };
  /** Records found at the resource's data_selector. */
  records: unknown[];
}

/**
 * A tiny state machine (dlt's BasePaginator): `apply` writes the current position into a request,
 * `advance` reads a response and says whether another page follows, `state` is the JSON position
 * persisted with each page so a sync resumes exactly where it stopped.
 */
export interface Paginator {
  apply(request: PageRequest): PageRequest;
  advance(response: PageResponse): boolean;
  state(): JsonValue;
  /** The page size, for paginators that write it into requests themselves (offset's `limit_param`). */
  pageSize?(): { param: string; size: number };
  /**
   * Pages of `to` records from the next request on. With `from`, the position so far was counted
   * in pages of `from` and is converted; false when it cannot be (page 3 of 125 rows does not start
   * a page of 62). A paginator without `resize` has a position no page size changes (a cursor, a
   * link) and writes no page size.
   */
  resize?(to: number, from?: number): boolean;
  /**
   * The next-page reference the API sent, in words for a message: `cursor c1`, `next link
   * https://host/items?p=2`. A URL goes through `showUrl` (the HTTP client's: the query kept,
   * the secret masked). For the walk's loop guard; without it the message says "next-page reference".
   */
  nextReference?(showUrl: (url: string) => string): string;
}

export interface PaginatorType {
  /** Option problems; `path` is relative to the paginator (e.g. `cursor_path`). */
  validate(options: Record<string, JsonValue>): ConfigIssue[];
  /** A fresh paginator, or one resumed from `state()` of an earlier instance. */
  create(options: Record<string, JsonValue>, state?: JsonValue): Paginator;
}
