/**
 * When a table's export button would hand over an empty or misleading file, the popup downloads
 * nothing and says why inside the table's row: a never-synced table, a table whose last sync
 * failed, a table with no rows (issue 13: "a 7-byte CSV, or `[]`, without a word").
 */
import type { ResourceProgress } from '@/lib/messages';
import { exportedCount } from './sync-view';

export interface ExportRefusal {
  /** `alert` for a failed table (something went wrong), `status` for nothing to export yet. */
  role: 'status' | 'alert';
  message: string;
  /**
   * The table still has rows from an earlier sync: the row offers to export them anyway (a failed
   * incremental sync leaves the earlier rows intact, but without the latest changes).
   */
  stored: number;
}

/**
 * Why exporting `table` should not go ahead, judged from its resource's sync progress (for a
 * child table such as `sales__line_items`, the resource is `sales`); null when it may.
 * Empty child tables are caught when the export reads them (`NothingToExport`).
 */
export function exportRefusal(table: string, progress: ResourceProgress, includeDeleted: boolean): ExportRefusal | null {
  const { count, hidden } = exportedCount(progress, includeDeleted);
  const stored = table === progress.resource ? count : progress.rowsStored;
  if (progress.status === 'error') {
    const why = progress.error?.scope === 'sync' ? 'the last sync failed (see above)' : `the last sync of ${progress.resource} failed`;
    return { role: 'alert', message: `Nothing exported: ${why}, so ${table} may be incomplete. Sync again once the error is fixed.`, stored };
  }
  const syncing = progress.status === 'running' || progress.status === 'waiting' || progress.status === 'queued';
  if (progress.rowsStored === 0 && syncing) return { role: 'status', message: `Nothing to export yet: ${progress.resource} is still syncing.`, stored: 0 };
  if (progress.rowsStored === 0 && !progress.lastSyncedAt) {
    return { role: 'status', message: `Nothing to export: ${progress.resource} has not been synced yet. Click Sync now first.`, stored: 0 };
  }
  if (table !== progress.resource || count > 0) return null;
  if (hidden > 0) {
    return {
      role: 'status',
      message: `Nothing to export: every ${table} row is marked deleted in the store. Turn on “Include deleted rows” in Settings to export them.`,
      stored: 0,
    };
  }
  return { role: 'status', message: `Nothing to export: the store has no ${table} rows.`, stored: 0 };
}
