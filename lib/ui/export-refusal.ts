/**
 * When a table's export button would hand over an empty or misleading file, the popup downloads
 * nothing and says why inside the table's row: a never-synced table, a table whose last sync
 * failed, a table with no rows (issue 13: "a 7-byte CSV, or `[]`, without a word").
 */
import type { ResourceProgress } from '@/lib/messages';
import { exportedCount, isActive } from './sync-view';

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
 * Why exporting `table` should not go ahead, judged from its resource's sync progress as the
 * background reported it (for a child table such as `sales__line_items`, the resource is
 * `sales`); null when it may. A table being synced is not judged here: rows may be arriving, so
 * the export reads what is stored, and an empty result is explained by `emptyExportMessage`.
 */
export function exportRefusal(table: string, progress: ResourceProgress, includeDeleted: boolean): ExportRefusal | null {
  const { count } = exportedCount(progress, includeDeleted);
  if (progress.status === 'error') {
    const stored = table === progress.resource ? count : progress.rowsStored;
    const why = progress.error?.scope === 'sync' ? 'the last sync failed (see above)' : `the last sync of ${progress.resource} failed`;
    return { role: 'alert', message: `Nothing exported: ${why}, so ${table} may be incomplete. Sync again once the error is fixed.`, stored };
  }
  if (isActive(progress)) return null;
  const neverSynced = progress.rowsStored === 0 && !progress.lastSyncedAt;
  // A child table's rows are not counted by the sync: it is judged when the export reads it.
  if (neverSynced || (table === progress.resource && count === 0)) return { role: 'status', message: emptyExportMessage(table, progress, includeDeleted), stored: 0 };
  return null;
}

/** Why `table` gave no rows to export, in the words its row shows. */
export function emptyExportMessage(table: string, progress: ResourceProgress, includeDeleted: boolean): string {
  if (isActive(progress)) return `Nothing to export yet: ${progress.resource} is still syncing.`;
  if (progress.rowsStored === 0 && !progress.lastSyncedAt) return `Nothing to export: ${progress.resource} has not been synced yet. Click Sync now first.`;
  if (table !== progress.resource) return `Nothing to export: ${table} has no rows${includeDeleted ? '' : ' (rows marked deleted, and their lists, are left out)'}.`;
  if (exportedCount(progress, includeDeleted).hidden > 0) {
    return `Nothing to export: every ${table} row is marked deleted in the store. Turn on “Include deleted rows” in Settings to export them.`;
  }
  return `Nothing to export: the store has no ${table} rows.`;
}
