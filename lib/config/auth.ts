/**
 * Auth types by name (dlt's AUTH_MAP). The resolved form keeps the scheme only: the secret itself
 * lives in extension storage, so no message built from a ResolvedSource can ever contain it.
 */
import { describeValue } from '@/lib/paginators/options';
import { isPlainObject, IssueLog, join, warnUnknownKeys, type PlainObject } from './issues';
import type { ResolvedAuth } from './types';

export interface AuthType {
  /** Every key the type accepts, `type` included. */
  keys: readonly string[];
  /** Keys whose values are secrets: never echoed, collected by `configSecrets`. */
  secretKeys: readonly string[];
  resolve(raw: PlainObject, path: string, log: IssueLog): ResolvedAuth;
}

function checkSecret(raw: PlainObject, key: string, path: string, log: IssueLog): void {
  if (raw[key] !== undefined && typeof raw[key] !== 'string') log.error(join(path, key), `${key} must be a string`);
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
    resolve(raw, path, log) {
      checkSecret(raw, 'api_key', path, log);
      const name = raw.name ?? 'Authorization';
      if (typeof name !== 'string' || name.trim() === '') {
        log.error(join(path, 'name'), `name must be the header or query parameter name, got ${describeValue(name)}`);
      }
      const location = raw.location ?? 'header';
      if (location !== 'header' && location !== 'query') {
        log.error(join(path, 'location'), `location must be "header" or "query", got ${describeValue(location)}`);
      }
      return { type: 'api_key', name: String(name), location: location === 'query' ? 'query' : 'header' };
    },
  },
  http_basic: {
    keys: ['type', 'username', 'password'],
    secretKeys: ['password'],
    resolve(raw, path, log) {
      checkSecret(raw, 'password', path, log);
      if (typeof raw.username !== 'string' || raw.username === '') {
        log.error(join(path, 'username'), `http_basic auth needs a username (a non-empty string)`);
      }
      return { type: 'http_basic', username: typeof raw.username === 'string' ? raw.username : '' };
    },
  },
};

/** `client.auth` → ResolvedAuth; a dict without `type` is bearer, as in dlt. */
export function resolveAuth(raw: unknown, path: string, log: IssueLog): ResolvedAuth | null {
  if (raw === undefined || raw === null) return null;
  if (!isPlainObject(raw)) {
    log.error(path, `auth must be an object such as {"type": "bearer", "token": "{secrets.api_token}"}`);
    return null;
  }
  const typeName = raw.type ?? 'bearer';
  const type = typeof typeName === 'string' ? authTypes[typeName] : undefined;
  if (!type) {
    log.error(join(path, 'type'), `unknown auth type ${describeValue(typeName)}; valid types: ${Object.keys(authTypes).join(', ')}`);
    return null;
  }
  warnUnknownKeys(log, path, raw, type.keys);
  return type.resolve(raw, path, log);
}
