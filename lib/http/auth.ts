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
    const name = apiKeyName(auth);
    if (auth.location === 'query') url.searchParams.set(name, secret);
    else headers.set(name, secret);
  },
  http_basic: (auth, secret, { headers }) => headers.set('Authorization', `Basic ${base64Utf8(`${auth.username ?? ''}:${secret}`)}`),
  // The secret here is the access token obtained with the client secret (oauth2.ts), never the client secret itself.
  oauth2_client_credentials: (_auth, accessToken, { headers }) => headers.set('Authorization', `Bearer ${accessToken}`),
};

/** The header or query param an api_key goes in: dlt's APIKeyAuth defaults it to `Authorization` in both locations. */
function apiKeyName(auth: ResolvedAuth): string {
  return auth.name ?? 'Authorization';
}

/** The query param that carries the secret under this auth (api_key in the query), else null. */
export function queryAuthParam(auth: ResolvedAuth | null): string | null {
  return auth?.type === 'api_key' && auth.location === 'query' ? apiKeyName(auth) : null;
}

export function applyAuth(auth: ResolvedAuth | null, secret: string, target: AuthTarget): void {
  if (auth) AUTH_APPLIERS[auth.type](auth, secret, target);
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
