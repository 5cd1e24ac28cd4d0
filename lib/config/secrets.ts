/** Literal secrets in a raw config, so callers can move them to storage and mask them in messages. */
import { authTypes } from './auth';
import { isPlainObject, type PlainObject } from './issues';
import { TOKEN_PLACEHOLDER } from './types';

/** Every auth block of a raw config: the client's, resource_defaults' endpoint's and each resource endpoint's. */
export function authBlocks(raw: unknown): PlainObject[] {
  if (!isPlainObject(raw)) return [];
  const blocks: unknown[] = [];
  if (isPlainObject(raw.client)) blocks.push(raw.client.auth);
  const endpoints: unknown[] = [];
  if (isPlainObject(raw.resource_defaults)) endpoints.push(raw.resource_defaults.endpoint);
  if (Array.isArray(raw.resources)) for (const r of raw.resources) if (isPlainObject(r)) endpoints.push(r.endpoint);
  for (const e of endpoints) if (isPlainObject(e)) blocks.push(e.auth);
  return blocks.filter(isPlainObject);
}

/**
 * The literal secrets (token, api_key, password, client_secret, access_token) of every auth block
 * that are not the `{secrets.api_token}` placeholder, in config order. Every auth type's secret
 * keys are read whatever `type` says, so a misconfigured auth block (e.g. bearer with api_key, as
 * in the seed) is still masked.
 */
export function configSecrets(raw: unknown): string[] {
  const keys = [...new Set(Object.values(authTypes).flatMap((t) => t.secretKeys))];
  const found: string[] = [];
  for (const auth of authBlocks(raw)) {
    for (const key of keys) {
      const value = auth[key];
      if (typeof value === 'string' && value !== '' && value.trim() !== TOKEN_PLACEHOLDER && !found.includes(value)) found.push(value);
    }
  }
  return found;
}

/** Values that stay in the config but never appear in a message (an OAuth client_id), with the secrets themselves. */
export function configMaskedValues(raw: unknown): string[] {
  const keys = [...new Set(Object.values(authTypes).flatMap((t) => t.maskedKeys ?? []))];
  const found = configSecrets(raw);
  for (const auth of authBlocks(raw)) {
    for (const key of keys) {
      const value = auth[key];
      if (typeof value === 'string' && value.length >= 4 && !found.includes(value)) found.push(value);
    }
  }
  return found;
}
