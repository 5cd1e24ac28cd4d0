/**
 * Paginators that follow a URL the server hands back: `header_link` (RFC 8288/5988 `Link`
 * header) and `json_link` (a URL in the body). A relative link is resolved against the URL of the
 * response that carried it (RFC 3986 §5, as a browser and dlt's `urljoin(request.url, …)` do), not
 * against base_url: `<gadgets?page=2>` on `/api/v2/shop/gadgets` is `/api/v2/shop/gadgets?page=2`.
 * The next request uses that absolute URL as its path with the params cleared, because the URL
 * already carries them. The HTTP layer still checks the URL's origin: it comes from the server,
 * not from the validated config. The link is kept without the token (`PageResponse.link`): a
 * server that echoes `?key=<token>` must not get it into the stored position.
 */
import type { JsonValue } from '@/lib/config/types';
import { SyncError } from '@/lib/errors';
import { lookup } from '@/lib/jsonpath';
import { checkOptions, describeValue, opt, type OptionSchema } from './options';
import type { PageRequest, PageResponse, Paginator, PaginatorType } from './types';

/** The URL of the first link whose `rel` list contains `rel`, per RFC 8288 §3. */
export function parseLinkHeader(header: string, rel: string): string | null {
  const want = rel.toLowerCase();
  for (const m of header.matchAll(/<([^>]*)>([^<]*)/g)) {
    const relParam = /(?:^|;)\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,"]+))/i.exec(m[2]);
    const rels = (relParam?.[1] ?? relParam?.[2] ?? '').toLowerCase().split(/\s+/);
    if (rels.includes(want)) return m[1].trim();
  }
  return null;
}

/** `link` resolved against the URL of the response that carried it, without the API token. */
function resolveLink(typeName: string, link: string, response: PageResponse): string {
  try {
    return response.link(link);
  } catch {
    // The link itself is not shown: its query can hold customer data.
    throw new SyncError('bad_response', `${typeName} paginator: the next-page link the API sent is not a URL`);
  }
}

function linkPaginator(typeName: string, state: JsonValue | undefined, nextUrl: (r: PageResponse) => string | null): Paginator {
  let next: string | null = null;
  if (state !== undefined && state !== null) {
    if (typeof state !== 'object' || Array.isArray(state) || !(state.next === null || typeof state.next === 'string')) {
      throw new SyncError('config', `${typeName} paginator: the saved position ${describeValue(state)} has no "next"; run a full sync to start over`);
    }
    next = state.next;
  }
  return {
    apply: (request: PageRequest) => (next === null ? request : { ...request, path: next, params: {} }),
    advance(response) {
      const url = nextUrl(response);
      if (url === null) return false;
      next = resolveLink(typeName, url, response);
      return true;
    },
    state: () => ({ next }),
    // `next` is absolute (resolveLink), so showUrl can parse it.
    nextReference: (showUrl) => `next link ${next === null ? 'null' : showUrl(next)}`,
  };
}

const HEADER_SCHEMA: OptionSchema = { links_next_key: { kind: 'string' } };

export const headerLinkPaginator: PaginatorType = {
  validate: (options) => checkOptions('header_link', HEADER_SCHEMA, options),
  create(options, state) {
    const rel = opt(options, 'links_next_key', 'next');
    return linkPaginator('header_link', state, ({ headers }) => {
      const header = headers.get('link');
      return header ? parseLinkHeader(header, rel) : null;
    });
  },
};

const JSON_SCHEMA: OptionSchema = { next_url_path: { kind: 'path' } };

export const jsonLinkPaginator: PaginatorType = {
  validate: (options) => checkOptions('json_link', JSON_SCHEMA, options),
  create(options, state) {
    const path = opt(options, 'next_url_path', 'next');
    return linkPaginator('json_link', state, ({ body }) => {
      const url = lookup(body, path);
      if (url === undefined || url === null || url === '') return null;
      if (typeof url !== 'string') {
        throw new SyncError('bad_response', `json_link paginator: "${path}" (next_url_path) should be a URL, got ${describeValue(url)}`);
      }
      return url;
    });
  },
};
