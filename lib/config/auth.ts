/**
 * Auth types by name (dlt's AUTH_MAP, `dlt/sources/rest_api/config_setup.py`). The resolved form
 * keeps the scheme only: the secret itself lives in extension storage, so no message built from a
 * ResolvedSource can ever contain it.
 */
import { describeValue } from '@/lib/paginators/options';
import { isPlainObject, IssueLog, join, rejectUnknownKeys, type PlainObject } from './issues';
import type { ResolvedAuth } from './types';

export interface AuthType {
  /** Every key the type accepts, `type` included. */
  keys: readonly string[];
  /** Keys dlt accepts that need Python objects (a requests Session); warned about and ignored. */
  ignoredKeys?: readonly string[];
  /** Keys whose values are secrets: never echoed, collected by `configSecrets`, moved to the token field. */
  secretKeys: readonly string[];
  /** Keys that stay in the config but are never echoed either (dlt masks them too: `SENSITIVE_KEYS`). */
  maskedKeys?: readonly string[];
  /** `who` names what the auth applies to in messages: `every resource` or `resource "posts"`. */
  resolve(raw: PlainObject, path: string, log: IssueLog, who: string): ResolvedAuth;
}

function checkSecret(raw: PlainObject, key: string, path: string, log: IssueLog): void {
  if (raw[key] !== undefined && raw[key] !== null && typeof raw[key] !== 'string') log.error(join(path, key), `${key} must be a string`);
}

function requiredString(raw: PlainObject, key: string, path: string, log: IssueLog, what: string): string {
  const value = raw[key];
  if (typeof value === 'string' && value.trim() !== '') return value;
  log.error(join(path, key), `${key} is required: ${what}, got ${describeValue(value)}`);
  return '';
}

function oauthTokenUrl(raw: PlainObject, path: string, log: IssueLog): string {
  const url = requiredString(raw, 'access_token_url', path, log, 'the URL that exchanges client_id/client_secret for an access token');
  if (!url) return '';
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'https:' || (parsed.protocol === 'http:' && /^(127\.0\.0\.1|localhost|\[::1\])$/.test(parsed.hostname))) return parsed.href;
    log.error(join(path, 'access_token_url'), `access_token_url must be an https URL (the client secret is sent to it), got ${describeValue(url)}`);
  } catch {
    log.error(join(path, 'access_token_url'), `access_token_url must be an absolute https URL, got ${describeValue(url)}`);
  }
  return '';
}

export const authTypes: Record<string, AuthType> = {
  bearer: {
    keys: ['type', 'token'],
    secretKeys: ['token'],
    resolve(raw, path, log) {
      checkSecret(raw, 'token', path, log);
      return { type: 'bearer' };
    },
  },
  api_key: {
    keys: ['type', 'name', 'api_key', 'location'],
    secretKeys: ['api_key'],
    resolve(raw, path, log, who) {
      checkSecret(raw, 'api_key', path, log);
      const name = raw.name ?? 'Authorization';
      if (typeof name !== 'string' || name.trim() === '') {
        log.error(join(path, 'name'), `name must be the header or query parameter name, got ${describeValue(name)}`);
      }
      const location = raw.location ?? 'header';
      if (location === 'cookie') {
        log.error(
          join(path, 'location'),
          `api_key in a cookie cannot be sent for ${who}: a browser extension's fetch cannot set a Cookie header. Use "location": "header" or "query" if the API accepts the key there`,
        );
      } else if (location !== 'header' && location !== 'query' && location !== 'param') {
        log.error(join(path, 'location'), `location must be "header" or "query" ("param" is dlt's alias of "query"), got ${describeValue(location)}`);
      }
      return { type: 'api_key', name: String(name), location: location === 'query' || location === 'param' ? 'query' : 'header' };
    },
  },
  http_basic: {
    keys: ['type', 'username', 'password'],
    secretKeys: ['password'],
    resolve(raw, path, log) {
      checkSecret(raw, 'password', path, log);
      if (raw.username === undefined || raw.username === null) {
        // dlt would read it from its secrets; here only the password has a field of its own.
        log.warn(join(path, 'username'), 'http_basic auth without a username: an empty username is sent with the password from the API token field');
      } else if (typeof raw.username !== 'string') {
        log.error(join(path, 'username'), `http_basic auth needs a username (a string), got ${describeValue(raw.username)}`);
      }
      return { type: 'http_basic', username: typeof raw.username === 'string' ? raw.username : '' };
    },
  },
  oauth2_client_credentials: {
    keys: ['type', 'access_token_url', 'client_id', 'client_secret', 'access_token_request_data', 'default_token_expiration', 'access_token'],
    ignoredKeys: ['session'],
    maskedKeys: ['client_id'],
    // access_token is a secret too: a pasted one is masked, never stored; a fresh one is always requested.
    secretKeys: ['client_secret', 'access_token'],
    resolve(raw, path, log) {
      checkSecret(raw, 'client_secret', path, log);
      const accessTokenUrl = oauthTokenUrl(raw, path, log);
      const clientId = typeof raw.client_id === 'string' ? raw.client_id : '';
      if (typeof raw.client_id !== 'string' || raw.client_id === '') log.error(join(path, 'client_id'), 'client_id is required: the identifier of your app at the authorization server');
      const tokenRequestData: Record<string, string> = {};
      const extra = raw.access_token_request_data;
      if (extra !== undefined && extra !== null) {
        if (!isPlainObject(extra)) log.error(join(path, 'access_token_request_data'), `access_token_request_data must be an object of form fields, got ${describeValue(extra)}`);
        else for (const [k, v] of Object.entries(extra)) tokenRequestData[k] = typeof v === 'string' ? v : JSON.stringify(v);
      }
      let expiration = 3600;
      const rawExpiration = raw.default_token_expiration;
      if (rawExpiration !== undefined && rawExpiration !== null) {
        if (typeof rawExpiration === 'number' && Number.isFinite(rawExpiration) && rawExpiration > 0) expiration = rawExpiration;
        else log.error(join(path, 'default_token_expiration'), `default_token_expiration must be a number of seconds > 0, got ${describeValue(rawExpiration)}`);
      }
      if (raw.access_token !== undefined) {
        log.warn(join(path, 'access_token'), 'a pasted access_token is not used: a fresh token is requested from access_token_url');
      }
      return { type: 'oauth2_client_credentials', accessTokenUrl, clientId, tokenRequestData, defaultTokenExpirationS: expiration };
    },
  },
};

/**
 * `client.auth` or an endpoint's `auth` → ResolvedAuth. A dict without `type` is bearer and a bare
 * string is a type name (`"auth": "bearer"`), as in dlt's `create_auth`; the secret comes from the
 * API token field either way.
 */
export function resolveAuth(raw: unknown, path: string, log: IssueLog, who = 'every resource'): ResolvedAuth | null {
  if (raw === undefined || raw === null) return null;
  const obj = typeof raw === 'string' ? { type: raw } : raw;
  if (!isPlainObject(obj)) {
    log.error(path, `auth must be a type name such as "bearer" or an object such as {"type": "bearer", "token": "{secrets.api_token}"}, got ${describeValue(raw)}`);
    return null;
  }
  const typeName = obj.type ?? 'bearer';
  const type = typeof typeName === 'string' ? authTypes[typeName] : undefined;
  if (!type) {
    log.error(typeof raw === 'string' ? path : join(path, 'type'), `unknown auth type ${describeValue(typeName)}; valid types: ${Object.keys(authTypes).join(', ')}`);
    return null;
  }
  rejectUnknownKeys(log, path, obj, type.keys, type.ignoredKeys, `${typeName} auth`);
  return type.resolve(obj, path, log, who);
}

/**
 * Host permission patterns for the OAuth token URLs of a source that lie outside base_url's
 * origin: the client secret is posted there, so the extension must be allowed to reach them.
 * Local demo hosts are granted by the manifest and left out.
 */
export function tokenUrlPermissions(auths: readonly (ResolvedAuth | null | undefined)[], baseUrl: string): string[] {
  const base = safeOrigin(baseUrl);
  const out = new Set<string>();
  for (const auth of auths) {
    if (auth?.type !== 'oauth2_client_credentials' || !auth.accessTokenUrl) continue;
    const url = new URL(auth.accessTokenUrl);
    if (url.origin === base || /^(127\.0\.0\.1|localhost|\[::1\])$/.test(url.hostname)) continue;
    out.add(`${url.origin}/*`);
  }
  return [...out];
}

function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
}
