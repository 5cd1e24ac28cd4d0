/** Literal secrets in a raw config, so callers can move them to storage and mask them in messages. */
import { authTypes } from './auth';
import { isPlainObject } from './issues';
import { TOKEN_PLACEHOLDER } from './types';

/**
 * The token/api_key/password values of `client.auth` that are not the `{secrets.api_token}`
 * placeholder. Every auth type's secret keys are read whatever `type` says, so a misconfigured
 * auth block (e.g. bearer with api_key, as in the seed) is still masked.
 */
export function configSecrets(raw: unknown): string[] {
  if (!isPlainObject(raw) || !isPlainObject(raw.client) || !isPlainObject(raw.client.auth)) return [];
  const auth = raw.client.auth;
  const keys = new Set(Object.values(authTypes).flatMap((t) => t.secretKeys));
  const found: string[] = [];
  for (const key of keys) {
    const value = auth[key];
    if (typeof value === 'string' && value !== '' && value.trim() !== TOKEN_PLACEHOLDER && !found.includes(value)) found.push(value);
  }
  return found;
}
