import { useRef, useState } from 'preact/hooks';
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

export function TableRow({ resource, progress, statusKnown, exportSettings, now, busy, onFullRefresh, childTables = [] }: Props) {
  const { name } = resource;
  const title = RESOURCE_INFO[name]?.title;
  const pill = statePill(progress, now);
  const syncing = progress.status === 'running' || progress.status === 'waiting';
  const fraction = tableFraction(progress);
  const [exporting, setExporting] = useState<ExportingState | null>(null);
  const [notice, setNotice] = useState<ExportNotice | null>(null);
  // What an export message was about: a sync or a changed export setting since makes it stale.
  const standing = [progress.status, progress.rowsStored, progress.lastSyncedAt, exportSettings.includeDeleted].join(':');
  const shown = notice?.standing === standing ? notice : null;
  // The row as it stands when an export finishes (it may have moved on while the file was read).
  const latest = useRef({ progress, standing });
  latest.current = { progress, standing };

  /** `anyway`: the user chose to export a failed table's stored rows after being told. */
  const onExport = async (table: string, format: ExportFormat, anyway = false) => {
    const refusal = statusKnown ? exportRefusal(table, progress, exportSettings.includeDeleted) : null;
    if (refusal && !(anyway && refusal.stored > 0)) {
      setNotice({ ...refusal, table, format, standing });
      return;
    }
    setExporting({ table, label: format.label });
    setNotice(null);
    try {
      await exportTable(resource, table, format, exportSettings);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const nothing = err instanceof NothingToExport;
      const now = latest.current;
      const said = nothing ? emptyExportMessage(table, now.progress, exportSettings.includeDeleted) : `Could not export ${table}: ${message}`;
      setNotice({ role: nothing ? 'status' : 'alert', message: said, stored: 0, table, format, standing: now.standing });
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
