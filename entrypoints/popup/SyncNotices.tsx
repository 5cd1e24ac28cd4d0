import type { SyncStatus } from '@/lib/messages';
import { plainSyncError } from '@/lib/ui/sync-error';
import { syncTimeLine } from '@/lib/ui/sync-view';

/**
 * Under the summary line: while a sync runs, the time left (and, while the API's rate limit holds
 * requests, that in plain words with the quota); after a sync that failed as a whole, its one
 * cause — said once here, not in every table's row.
 */
export function SyncNotices({ status, now }: { status: SyncStatus | null; now: number }) {
  const line = syncTimeLine(status, now);
  const failure = status?.error ? plainSyncError(status.error) : null;
  return (
    <>
      {line && (
        // A status (it is the sync's status, and issue 11's automation finds the rate-limit words
        // by that role) that is not spoken: it counts down every second. The popup's one polite
        // live region says when the rate limit starts holding the sync.
        <p class="summary-status num" role="status" aria-live="off">
          {line}
        </p>
      )}
      {failure && (
        <div class="notice notice-danger sync-failure">
          <p role="alert">Sync failed: {failure.message}</p>
          {failure.detail && (
            <details class="detail">
              <summary>Details</summary>
              <pre>{failure.detail}</pre>
            </details>
          )}
        </div>
      )}
    </>
  );
}
