/**
 * Keeps literal secrets out of the stored config: a pasted config's token/api_key/password is
 * replaced with the `{secrets.api_token}` placeholder before it is saved, and handed back so the
 * caller can move it to the API token item (storage.local only).
 */
import { configSecrets, TOKEN_PLACEHOLDER } from '@/lib/config';
import { parseJson, stringifyJson } from '@/lib/json-text';

export interface ScrubbedConfig {
  /** The config text with every secret replaced by the placeholder (unchanged if there were none). */
  text: string;
  /** The literal secrets that were removed, in config order. */
  secrets: string[];
}

export function scrubConfigSecrets(text: string): ScrubbedConfig {
  let raw: unknown;
  try {
    raw = parseJson(text);
  } catch {
    return { text, secrets: [] }; // not JSON: parseConfigText will say where
  }
  const secrets = configSecrets(raw);
  if (secrets.length === 0) return { text, secrets };

  // Replace the JSON string literals in place so the user's layout and key order survive.
  let scrubbed = text;
  for (const secret of secrets) scrubbed = scrubbed.split(JSON.stringify(secret)).join(JSON.stringify(TOKEN_PLACEHOLDER));
  if (stillHasSecrets(scrubbed)) {
    // The secret was written with escapes (e.g. \u0041); fall back to re-serializing the object.
    // stringifyJson: a number beyond 2^53 − 1 in the config keeps its digits.
    scrubbed = stringifyJson(replaceStrings(raw, new Set(secrets)), 2)!;
  }
  return { text: scrubbed, secrets };
}

function stillHasSecrets(text: string): boolean {
  try {
    return configSecrets(parseJson(text)).length > 0;
  } catch {
    return true;
  }
}

function replaceStrings(value: unknown, secrets: Set<string>): unknown {
  if (typeof value === 'string') return secrets.has(value) ? TOKEN_PLACEHOLDER : value;
  if (Array.isArray(value)) return value.map((v) => replaceStrings(v, secrets));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceStrings(v, secrets)]));
  }
  return value;
}
