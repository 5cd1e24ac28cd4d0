/**
 * A sync error in a store owner's words for the popup row; the engine's own message and the
 * technical detail go under "Details".
 */
import type { SerializedError, SyncErrorKind } from '@/lib/errors';

const PLAIN: Partial<Record<SyncErrorKind, string>> = {
  auth: 'The store rejected the API token. Check it in Settings.',
  network: 'Could not reach the store. Check the Store URL in Settings and your internet connection.',
  timeout: 'The store took too long to answer. Try again in a few minutes.',
  rate_limited: 'The store asked us to slow down (rate limit). Try again in a few minutes.',
  server: 'The store had a problem answering (server error). Try again later.',
  not_found: 'The store does not have this table at the configured address (not found).',
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
  // config and client errors are already written for the user by the engine.
  if (!plain) return { message: error.message, detail: error.detail };
  const detail = [error.status ? `HTTP ${error.status}` : '', error.message, error.detail].filter(Boolean).join(' — ');
  return { message: plain, detail: detail || undefined };
}
