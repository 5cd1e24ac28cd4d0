/**
 * A sync error in a store owner's words for the popup row; the engine's own message and the
 * technical detail go under "Details". Plain words keep the HTTP status with its reason phrase
 * ("HTTP 503 Service Unavailable"), so an error can be acted on or reported as it stands.
 */
import type { SerializedError, SyncErrorKind } from '@/lib/errors';
import { httpStatusText } from '@/lib/http/client';

/** `{status}` becomes ` (HTTP 503 Service Unavailable)` when the error has a status. */
const PLAIN: Partial<Record<SyncErrorKind, string>> = {
  auth: 'The store rejected the API token{status}. Check it in Settings.',
  network: 'Could not reach the store. Check the Store URL in Settings and your internet connection.',
  timeout: 'The store took too long to answer. Try again in a few minutes.',
  rate_limited: 'The store asked us to slow down (rate limit){status}. Try again in a few minutes.',
  server: 'The store had a problem answering (server error{statusInline}). Try again later.',
  not_found: 'The store does not have this table at the configured address (not found{statusInline}).',
  bad_response: 'The store answered with data this table’s config does not expect.',
  storage: 'The browser could not save the data. Free up disk space and sync again.',
  cancelled: 'Cancelled before it finished.',
};

export interface PlainError {
  message: string;
  /** Technical specifics for "Details", or undefined when there is nothing beyond the message. */
  detail?: string;
}

export function plainSyncError(error: SerializedError): PlainError {
  const plain = PLAIN[error.kind];
  // config, client and parent_failed errors are already written for the user by the engine.
  if (!plain) return { message: withoutResource(error), detail: error.detail };
  const status = error.status ? httpStatusText(error.status) : '';
  const message = plain.replace('{status}', status ? ` (${status})` : '').replace('{statusInline}', status ? `, ${status}` : '');
  const detail = [error.message, error.detail].filter(Boolean).join(' — ');
  return { message, detail: detail || undefined };
}

/** The engine writes `sales: …`; beside the table's own name the prefix is noise. */
function withoutResource(error: SerializedError): string {
  const prefix = error.resource ? `${error.resource}: ` : '';
  const text = prefix && error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
  return text.charAt(0).toUpperCase() + text.slice(1);
}
