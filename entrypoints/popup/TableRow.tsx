import { useState } from 'preact/hooks';
import { RESOURCE_INFO } from '@/lib/config';
import type { ResolvedResource } from '@/lib/config/types';
import type { ResourceProgress } from '@/lib/messages';
import type { ExportSettings } from '@/lib/settings';
import { emptyExportMessage, exportRefusal, type ExportRefusal } from '@/lib/ui/export-refusal';
import { exactTime, formatCount, relativeTime } from '@/lib/ui/format';
import { plainSyncError } from '@/lib/ui/sync-error';
import { progressLine, statePill, tableFraction } from '@/lib/ui/sync-view';
import type { ExportFormat } from '@/lib/export';
import { ChildTables } from './ChildTables';
import { ExportButtons, type ExportingState } from './ExportButtons';
import { exportTable, NothingToExport } from './exports';
import { RowCount } from './RowCount';

interface Props {
  resource: ResolvedResource;
  progress: ResourceProgress;
  /** The background has reported progress (until then `progress` is a placeholder, not to be judged by). */
  statusKnown: boolean;
  /** Asks the background for this table's progress now; null when it does not answer. */
  currentProgress(): Promise<ResourceProgress | null>;
  exportSettings: ExportSettings;
  now: number;
  /** A sync is running: a full refresh would only join it. */
  busy: boolean;
  onFullRefresh: () => void;
  /** Child tables its nested lists split into (sales__line_items, …), as the sync recorded them. */
  childTables?: readonly string[];
}

/** A message about an export, for the table as it stood when the button was clicked. */
interface ExportNotice extends ExportRefusal {
  table: string;
  format: ExportFormat;
  standing: string;
}

/** What an export message is about: a sync or a changed export setting since makes it stale. */
function standingOf(p: ResourceProgress, includeDeleted: boolean): string {
  return [p.status, p.rowsStored, p.lastSyncedAt, includeDeleted].join(':');
}

export function TableRow({ resource, progress, statusKnown, currentProgress, exportSettings, now, busy, onFullRefresh, childTables = [] }: Props) {
  const { name } = resource;
  const title = RESOURCE_INFO[name]?.title;
  const pill = statePill(progress, now);
  const syncing = progress.status === 'running' || progress.status === 'waiting';
  const fraction = tableFraction(progress);
  const [exporting, setExporting] = useState<ExportingState | null>(null);
  const [notice, setNotice] = useState<ExportNotice | null>(null);
  const { includeDeleted } = exportSettings;
  const shown = notice?.standing === standingOf(progress, includeDeleted) ? notice : null;

  /** `anyway`: the user chose to export a failed table's stored rows after being told. */
  const onExport = async (table: string, format: ExportFormat, anyway = false) => {
    setExporting({ table, label: format.label });
    setNotice(null);
    // Judged by the background's word now, not the last poll's (a sync may have just ended).
    const judged = (await currentProgress()) ?? (statusKnown ? progress : null);
    const notify = (n: ExportRefusal, p: ResourceProgress) => setNotice({ ...n, table, format, standing: standingOf(p, includeDeleted) });
    const refusal = judged && exportRefusal(table, judged, includeDeleted);
    try {
      if (refusal && !(anyway && refusal.stored > 0)) {
        notify(refusal, judged);
        return;
      }
      await exportTable(resource, table, format, exportSettings);
    } catch (err) {
      const after = (await currentProgress()) ?? judged ?? progress;
      if (err instanceof NothingToExport) notify({ role: 'status', message: emptyExportMessage(table, after, includeDeleted), stored: 0 }, after);
      else notify({ role: 'alert', message: `Could not export ${table}: ${err instanceof Error ? err.message : String(err)}`, stored: 0 }, after);
    } finally {
      setExporting(null);
    }
  };

  // A sync-wide failure is said once above the table list; the row only says it was not synced.
  const syncWide = progress.status === 'error' && progress.error?.scope === 'sync';
  const error = progress.status === 'error' && progress.error && !syncWide ? plainSyncError(progress.error) : null;
  // One alert per row at most: an export refused for a failed table leads the table's own error.
  const alerts = [shown?.role === 'alert' ? shown.message : null, error?.message].filter((m): m is string => !!m);
  const differentTitle = title && title.toLowerCase() !== name.replace(/_/g, ' ') ? title : undefined;

  return (
    <li class="table-row" data-resource={name} data-state={progress.status}>
      <div class="table-head">
        <span class="table-name">
          <span class="mono">{name}</span>
          {differentTitle && <span class="table-title">{differentTitle}</span>}
        </span>
        <span class="table-status">
          <RowCount progress={progress} includeDeleted={exportSettings.includeDeleted} />
          <span class={`pill pill-${pill.tone}`}>{pill.label}</span>
        </span>
      </div>
      <div class="table-body">
        <span class="table-meta">
          {syncing ? (
            progressLine(progress, resource.parent?.resource)
          ) : progress.lastSyncedAt ? (
            <span title={exactTime(progress.lastSyncedAt)}>Synced {relativeTime(progress.lastSyncedAt, now)}</span>
          ) : (
            'Never synced'
          )}
        </span>
        <span class="table-actions">
          <ExportButtons table={name} exportSettings={exportSettings} exporting={exporting} onExport={(table, format) => void onExport(table, format)} />
          <button
            type="button"
            class="btn btn-small btn-icon"
            aria-label={`Full refresh ${name}`}
            title={
              resource.parent
                ? `Fetch ${name} again for every ${resource.parent.resource} row, not only new or changed ones`
                : `Fetch every ${name} row again from the start, not only changes since the last sync`
            }
            disabled={busy}
            onClick={onFullRefresh}
          >
            <span aria-hidden="true">↻</span>
          </button>
        </span>
      </div>
      {childTables.length > 0 && (
        <ChildTables parent={name} tables={childTables} exportSettings={exportSettings} exporting={exporting} onExport={(table, format) => void onExport(table, format)} />
      )}
      {syncing && (
        <div class={`row-progress${fraction === null ? ' indeterminate' : ''}`} aria-hidden="true">
          <span style={fraction === null ? undefined : { width: `${Math.round(fraction * 100)}%` }} />
        </div>
      )}
      {syncWide && !alerts.length && <p class="row-note">Not synced (see above)</p>}
      {alerts.length > 0 && (
        <div class="row-error">
          <div role="alert">
            {alerts.map((m) => (
              <p key={m}>{m}</p>
            ))}
          </div>
          {shown && shown.role === 'alert' && shown.stored > 0 && (
            <button type="button" class="btn btn-small" onClick={() => void onExport(shown.table, shown.format, true)}>
              Export the {formatCount(shown.stored)} stored rows as {shown.format.label} anyway
            </button>
          )}
          {error?.detail && (
            <details class="detail">
              <summary>Details</summary>
              <pre>{error.detail}</pre>
            </details>
          )}
        </div>
      )}
      {shown?.role === 'status' && (
        <p class="row-note" role="status">
          {shown.message}
        </p>
      )}
    </li>
  );
}
