/**
 * Where a request goes. A relative path joins base_url's path prefix; an absolute URL is accepted
 * only on base_url's origin, because the API token goes with every request.
 */
import { SyncError } from '@/lib/errors';

export function buildRequestUrl(base: URL, resource: string, path: string, params: Record<string, string | string[]> = {}): URL {
  let url: URL;
  if (/^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith('//')) {
    try {
      url = new URL(path, base);
    } catch {
      throw new SyncError('config', `${resource}: "${path.split('?')[0]}" is not a valid URL`, { resource });
    }
    if (url.origin !== base.origin) {
      throw new SyncError('config', `${resource}: refusing to send the API token to another site (${url.origin})`, { resource });
    }
  } else {
    const prefix = base.pathname.replace(/\/+$/, '');
    const rel = path.startsWith('/') ? path : `/${path}`;
    // Configs written against `https://shop/api/2.0` use both `sales` and `/api/2.0/sales`: a path
    // that already carries the prefix is not prefixed twice.
    url = new URL(prefix && rel !== prefix && !rel.startsWith(`${prefix}/`) ? prefix + rel : rel, base.origin);
  }
  setParams(url.searchParams, params);
  return url;
}

/** Sets each param over any of that name in `search`; a list is the key repeated, in order, as requests sends it. */
export function setParams(search: URLSearchParams, params: Record<string, string | string[]>): void {
  for (const [k, v] of Object.entries(params)) {
    if (typeof v === 'string') search.set(k, v);
    else {
      search.delete(k);
      for (const one of v) search.append(k, one);
    }
  }
}

/** The URL as it may be shown: no query string (it can hold the token or customer data). */
export function shownUrl(url: URL): string {
  return url.origin + url.pathname;
}
