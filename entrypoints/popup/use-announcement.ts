/**
 * The words for the popup's one polite live region (`syncAnnouncement`), with what a pure function
 * cannot know: whether this popup has seen a sync run (opening the popup announces nothing; only
 * changes it witnesses are spoken) and whether the store's rate limit has held this run yet (so
 * the words do not flip with every rate-limit window).
 */
import { useRef } from 'preact/hooks';
import type { ResourceProgress, SyncStatus } from '@/lib/messages';
import { syncAnnouncement } from '@/lib/ui/sync-view';

export function useAnnouncement(status: SyncStatus | null, rows: readonly ResourceProgress[], includeDeleted: boolean): string {
  const seenRun = useRef(false);
  const run = useRef<{ startedAt?: number; rateLimited: boolean }>({ rateLimited: false });
  if (status?.running) {
    seenRun.current = true;
    if (run.current.startedAt !== status.startedAt) run.current = { startedAt: status.startedAt, rateLimited: false };
    if (status.rateLimit?.waitingUntil) run.current.rateLimited = true;
  }
  return seenRun.current ? syncAnnouncement(status, rows, includeDeleted, run.current.rateLimited) : '';
}
