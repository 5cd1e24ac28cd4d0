/**
 * How each auth type puts the secret on a request, looked up by name (dlt's `AUTH_MAP`): a new auth
 * type is one entry here. The secret only ever goes to base_url's origin; `buildRequestUrl` checks
 * that before anything calls these.
 */
import type { ResolvedAuth } from '@/lib/config/types';

type AuthType = ResolvedAuth['type'];

interface AuthTarget {
  url: URL;
  headers: Headers;
}

type ApplyAuth = (auth: ResolvedAuth, secret: string, target: AuthTarget) => void;

const AUTH_APPLIERS: Record<AuthType, ApplyAuth> = {
  bearer: (_auth, secret, { headers }) => headers.set('Authorization', `Bearer ${secret}`),
  api_key: (auth, secret, { url, headers }) => {
    // dlt's APIKeyAuth defaults the name to `Authorization` in both locations.
    const name = auth.name ?? 'Authorization';
    if (auth.location === 'query') url.searchParams.set(name, secret);
    else headers.set(name, secret);
  },
  http_basic: (auth, secret, { headers }) => headers.set('Authorization', `Basic ${base64Utf8(`${auth.username ?? ''}:${secret}`)}`),
  // The secret here is the access token obtained with the client secret (oauth2.ts), never the client secret itself.
  oauth2_client_credentials: (_auth, accessToken, { headers }) => headers.set('Authorization', `Bearer ${accessToken}`),
};

export function applyAuth(auth: ResolvedAuth | null, secret: string, target: AuthTarget): void {
  if (auth) AUTH_APPLIERS[auth.type](auth, secret, target);
}

/**
 * `url` without the secret: the query auth parameter (api_key in the query, by its configured
 * name) and any parameter whose value holds one of `secrets` (as `secretForms` spells them) are
 * removed, and so is a `user:password@` part. For URLs the server sends (a next link echoing
 * `?key=<token>`), which are kept in checkpoints in IndexedDB: the client adds query auth to every
 * request itself, so nothing is lost. The README promises the token is never written there.
 */
export function withoutSecrets(url: URL, auth: ResolvedAuth | null, secrets: readonly string[]): URL {
  const out = new URL(url);
  out.username = '';
  out.password = '';
  const authParam = auth?.type === 'api_key' && auth.location === 'query' ? (auth.name ?? 'Authorization') : undefined;
  const holdsSecret = (text: string) => secrets.some((s) => s.length >= 4 && text.includes(s));
  // The other pairs are kept byte for byte (URLSearchParams would re-encode the whole query).
  const pairs = out.search.slice(1).split('&');
  const kept = pairs.filter((pair) => {
    const at = pair.indexOf('=');
    const name = formDecoded(at < 0 ? pair : pair.slice(0, at));
    return name !== authParam && !holdsSecret(pair) && !holdsSecret(formDecoded(pair));
  });
  if (kept.length !== pairs.length) out.search = kept.length ? `?${kept.join('&')}` : '';
  return out;
}

/** A query name or value as `application/x-www-form-urlencoded` reads it (`+` is a space); as is when malformed. */
function formDecoded(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/**
 * Every spelling of the secret that could end up in text we show: as typed, URL-encoded (query
 * auth), and inside a Basic header (some servers echo request headers in error bodies).
 */
export function secretForms(auth: ResolvedAuth | null, secret: string): string[] {
  if (!secret) return [];
  const forms = new Set([secret, encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2)]);
  if (auth?.type === 'http_basic') forms.add(base64Utf8(`${auth.username ?? ''}:${secret}`));
  return [...forms];
}

/** `btoa` only takes Latin-1; passwords may not be. */
function base64Utf8(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}
