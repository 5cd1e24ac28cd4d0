import { useState } from 'preact/hooks';
import { RESOURCE_INFO } from '@/lib/config';
import type { ResolvedResource } from '@/lib/config/types';
import type { ResourceProgress } from '@/lib/messages';
import type { ExportSettings } from '@/lib/settings';
import { exactTime, relativeTime } from '@/lib/ui/format';
import { plainSyncError } from '@/lib/ui/sync-error';
import { progressLine, statePill, tableFraction } from '@/lib/ui/sync-view';
import type { ExportFormat } from '@/lib/export';
import { ChildTables } from './ChildTables';
import { ExportButtons, type ExportingState } from './ExportButtons';
import { exportTable } from './exports';
import { RowCount } from './RowCount';

interface Props {
  resource: ResolvedResource;
  progress: ResourceProgress;
  exportSettings: ExportSettings;
  now: number;
  /** A sync is running: a full refresh would only join it. */
  busy: boolean;
  onFullRefresh: () => void;
  /** Child tables its nested lists split into (sales__line_items, …), as the sync recorded them. */
  childTables?: readonly string[];
}

export function TableRow({ resource, progress, exportSettings, now, busy, onFullRefresh, childTables = [] }: Props) {
  const { name } = resource;
  const title = RESOURCE_INFO[name]?.title;
  const pill = statePill(progress, now);
  const syncing = progress.status === 'running' || progress.status === 'waiting';
  const fraction = tableFraction(progress);
  const [exporting, setExporting] = useState<ExportingState | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);

  const onExport = async (table: string, format: ExportFormat) => {
    setExporting({ table, label: format.label });
    setExportError(null);
    try {
      await exportTable(resource, table, format, exportSettings);
    } catch (err) {
      setExportError(`Could not export ${table}: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      setExporting(null);
    }
  };

  // A sync-wide failure is said once above the table list; the row only says it was not synced.
  const syncWide = progress.status === 'error' && progress.error?.scope === 'sync';
  const error = progress.status === 'error' && progress.error && !syncWide ? plainSyncError(progress.error) : null;

  return (
    <li class="table-row" data-resource={name} data-state={progress.status}>
      <div class="table-main">
        <div class="table-name">
          <span class="mono" title={title}>{name}</span>
        </div>
        <div class="table-meta">
          {title && title.toLowerCase() !== name.replace(/_/g, ' ') && <span class="table-title">{title} · </span>}
          {syncing ? (
            <span>{progressLine(progress, resource.parent?.resource)}</span>
          ) : progress.lastSyncedAt ? (
            <span title={exactTime(progress.lastSyncedAt)}>Synced {relativeTime(progress.lastSyncedAt, now)}</span>
          ) : (
            <span>Never synced</span>
          )}
        </div>
      </div>
      <div class="table-status">
        <RowCount progress={progress} includeDeleted={exportSettings.includeDeleted} />
        <span class={`pill pill-${pill.tone}`}>{pill.label}</span>
      </div>
      <div class="table-actions">
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
      </div>
      {childTables.length > 0 && (
        <ChildTables parent={name} tables={childTables} exportSettings={exportSettings} exporting={exporting} onExport={(table, format) => void onExport(table, format)} />
      )}
      {syncing && (
        <div class={`row-progress${fraction === null ? ' indeterminate' : ''}`} aria-hidden="true">
          <span style={fraction === null ? undefined : { width: `${Math.round(fraction * 100)}%` }} />
        </div>
      )}
      {syncWide && <p class="row-note">Not synced (see above)</p>}
      {error && (
        <div class="row-error">
          <p role="alert">{error.message}</p>
          {error.detail && (
            <details class="detail">
              <summary>Details</summary>
              <pre>{error.detail}</pre>
            </details>
          )}
        </div>
      )}
      {!error && exportError && (
        <div class="row-error">
          <p role="alert">{exportError}</p>
        </div>
      )}
    </li>
  );
}
