/**
 * Where a request goes. A relative path joins base_url's path prefix; an absolute URL is accepted
 * only on base_url's origin, because the API token goes with every request.
 */
import { maskSecrets, SyncError } from '@/lib/errors';

/** Whether `path` names its own scheme or host (`https://…`, `//host/…`) rather than a path under the base (RFC 3986 §4.2). */
export function isAbsoluteUrl(path: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith('//');
}

export function buildRequestUrl(base: URL, resource: string, path: string, params: Record<string, string | string[]> = {}): URL {
  let url: URL;
  if (isAbsoluteUrl(path)) {
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

/** What of a URL must never be shown. */
export interface UrlSecrets {
  /** Query parameters that carry the secret by name (query auth: the api_key `name`). */
  params: readonly string[];
  /** Every spelling of the secret (`secretForms`): a param with one as its value, or the text anywhere. */
  secrets: readonly string[];
}

/** One `name=value` pair of a query, read as a server reads it. */
interface QueryPair {
  /** The pair as sent. */
  raw: string;
  /** The name as sent (not decoded). */
  rawName: string;
  name: string;
  value: string;
}

function queryPairs(url: URL): QueryPair[] {
  return url.search
    .slice(1)
    .split('&')
    .filter((pair) => pair !== '')
    .map((raw) => {
      const eq = raw.indexOf('=');
      const rawName = eq < 0 ? raw : raw.slice(0, eq);
      return { raw, rawName, name: formDecode(rawName), value: eq < 0 ? '' : formDecode(raw.slice(eq + 1)) };
    });
}

/** The pair carries the secret: by its name (query auth) or as its whole value. */
function isSecretPair(pair: QueryPair, hide: UrlSecrets): boolean {
  return hide.params.includes(pair.name) || (pair.value !== '' && hide.secrets.includes(pair.value));
}

/**
 * The URL as it may be shown in a message: origin, path and query as sent (no fragment), so
 * `…/items?p=2` stays told apart from `…/items`. The value of a query param named in
 * `hide.params`, or equal to one of `hide.secrets`, becomes `***`, and any spelling of the secret
 * left anywhere else (a path segment, part of a value) is masked as every message is (`maskSecrets`).
 */
export function shownUrl(url: URL, hide: UrlSecrets): string {
  const query = queryPairs(url).map((pair) => (isSecretPair(pair, hide) ? `${pair.rawName}=***` : pair.raw));
  return maskSecrets(url.origin + url.pathname + (query.length ? `?${query.join('&')}` : ''), hide.secrets);
}

/**
 * `url` without the secret, for a URL the server sent (a next-page link echoing `?key=<token>`)
 * before it is kept in a checkpoint in IndexedDB (the README promises the token is never written
 * there): a query param named in `hide.params` or holding one of `hide.secrets` (whole or in part)
 * is removed, and so is a `user:password@` part. The client adds query auth to every request
 * itself, so the link still works. The other pairs are kept byte for byte (URLSearchParams would
 * re-encode the whole query), and a URL without the secret comes back unchanged.
 */
export function urlWithoutSecrets(url: URL, hide: UrlSecrets): URL {
  const out = new URL(url);
  out.username = '';
  out.password = '';
  const holds = (text: string) => hide.secrets.some((s) => s.length >= 4 && text.includes(s));
  const pairs = queryPairs(out);
  const kept = pairs.filter((pair) => !isSecretPair(pair, hide) && !holds(pair.raw) && !holds(`${pair.name}=${pair.value}`));
  if (kept.length !== pairs.length) out.search = kept.length ? `?${kept.map((pair) => pair.raw).join('&')}` : '';
  return out;
}

/** A query name or value as a server reads it (`+` is a space); text that is not valid percent-encoding stays as it is. */
function formDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}
