import { useState } from 'preact/hooks';
import type { ResolvedResource } from '@/lib/config/types';
import { sendMessage, type ResourceProgress, type SyncStatus } from '@/lib/messages';
import { exactTime } from '@/lib/ui/format';
import { hostOf } from '@/lib/ui/store-url';
import { syncSummary } from '@/lib/ui/sync-view';
import { groupResources } from '@/lib/ui/table-groups';
import { ExportAllBar, type ExportAllAction } from './ExportAllBar';
import { exportAll, exportAllExcel, exportAllParquet } from './exports';
import { SyncNotices } from './SyncNotices';
import { TableRow } from './TableRow';
import { useAnnouncement } from './use-announcement';
import { useChildTables } from './use-child-tables';
import { useActiveSource, type ActiveSource } from './use-active-source';
import { useNow, useSyncStatus } from './use-sync-status';

const openSettings = (e?: Event) => {
  e?.preventDefault();
  void browser.runtime.openOptionsPage();
};

export function App() {
  const active = useActiveSource();
  if (!active) return <main class="popup" aria-busy="true" />;
  if (!active.hasToken) return <NotConnected active={active} />;
  return <Connected active={active} />;
}

function Header({ host, children }: { host: string | null; children?: preact.ComponentChildren }) {
  return (
    <header class="header">
      <div class="brand">
        <h1>Retail Exporter</h1>
        <div class={host ? 'host' : 'host host-none'}>{host ?? 'Not connected'}</div>
      </div>
      {children}
    </header>
  );
}

function NotConnected({ active }: { active: ActiveSource }) {
  return (
    <div class="popup">
      <Header host={active.settings.baseUrl ? hostOf(active.settings.baseUrl) : null} />
      <main class="popup-main">
        <div class="empty">
          <p>Connect your store to copy its sales, products and customers into this browser and export them as spreadsheets.</p>
          <button type="button" class="btn btn-primary" onClick={() => openSettings()}>
            Connect your store
          </button>
        </div>
      </main>
    </div>
  );
}

function Connected({ active }: { active: ActiveSource }) {
  const { status, unreachable, accept } = useSyncStatus();
  const now = useNow();
  const [pending, setPending] = useState<'start' | 'cancel' | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);

  const { result, selected, settings } = active;
  const byName = new Map<string, ResolvedResource>(result.ok ? result.source.resources.map((r) => [r.name, r]) : []);
  const resources = selected.map((n) => byName.get(n)).filter((r): r is ResolvedResource => r !== undefined);
  const progressByName = new Map((status?.resources ?? []).map((p) => [p.resource, p]));
  const progressOf = (name: string): ResourceProgress =>
    progressByName.get(name) ?? { resource: name, status: 'idle', rowsStored: 0, pagesFetched: 0, rowsFetched: 0 };
  const rows = resources.map((r) => progressOf(r.name));
  const running = status?.running ?? false;
  const summary = syncSummary(status, rows, now, settings.export.includeDeleted);
  const host = settings.baseUrl ? hostOf(settings.baseUrl) : result.ok ? hostOf(result.source.baseUrl) : null;
  const childTables = useChildTables(resources, status ? `${running}:${status.finishedAt ?? ''}` : null);

  const run = async (type: 'sync/start' | 'sync/cancel') => {
    setPending(type === 'sync/start' ? 'start' : 'cancel');
    setActionError(null);
    try {
      accept((await sendMessage(type, {})) as SyncStatus);
    } catch (err) {
      setActionError(err instanceof Error ? err.message : String(err));
    } finally {
      setPending(null);
    }
  };

  /** Re-walks one table from the start; for a child table, re-fetches it for every parent row. */
  const fullRefresh = async (name: string) => {
    setActionError(null);
    try {
      accept(await sendMessage('sync/start', { resources: [name], fullRefresh: [name] }));
    } catch (err) {
      setActionError(err instanceof Error ? err.message : String(err));
    }
  };

  /** One table's progress as the background has it now (the poll can be half a second behind); also shown at once. */
  const currentProgress = async (name: string): Promise<ResourceProgress | null> => {
    try {
      const fresh = await sendMessage('sync/status', {});
      accept(fresh);
      return fresh.resources.find((p) => p.resource === name) ?? null;
    } catch {
      return null;
    }
  };

  const syncedAt = Object.fromEntries(rows.map((p) => [p.resource, p.lastSyncedAt]));
  const announcement = useAnnouncement(status, rows, settings.export.includeDeleted);
  // An export-all message is about the tables as they were: a sync starting or ending makes it stale.
  const standing = `${running}:${status?.finishedAt ?? ''}:${settings.export.includeDeleted}`;
  const exportAllActions: ExportAllAction[] = [
    { label: 'Export all (ZIP)', what: 'the ZIP', run: () => exportAll(resources, settings.export, { store: host, syncedAt }) },
    { label: 'Export all (Excel)', what: 'the workbook', run: () => exportAllExcel(resources, settings.export) },
    { label: 'Export all (Parquet)', what: 'the Parquet ZIP', title: 'Every table as a Parquet file, in one ZIP', run: () => exportAllParquet(resources, settings.export) },
  ];
  const groups = groupResources(resources);
  const row = (r: ResolvedResource) => (
    <TableRow
      key={r.name}
      resource={r}
      progress={progressOf(r.name)}
      statusKnown={status !== null}
      currentProgress={() => currentProgress(r.name)}
      exportSettings={settings.export}
      now={now}
      busy={running}
      onFullRefresh={() => void fullRefresh(r.name)}
      childTables={childTables.get(r.name)}
    />
  );

  return (
    <div class="popup">
      <Header host={host}>
        {running ? (
          <button type="button" class="btn" onClick={() => void run('sync/cancel')} disabled={pending === 'cancel'}>
            <span class="spinner" aria-hidden="true" />
            Cancel
          </button>
        ) : (
          <button type="button" class="btn btn-primary" onClick={() => void run('sync/start')} aria-busy={pending === 'start'}>
            Sync now
          </button>
        )}
      </Header>

      {/*
        The footer comes right after the sync controls in the document, so "Export all" is the next
        tab stop after "Sync now" (not behind every row's buttons); CSS shows it at the bottom.
      */}
      <footer class="footer">
        <ExportAllBar actions={exportAllActions} disabled={resources.length === 0} standing={standing} />
        <a href="options.html" class="settings-link" onClick={openSettings}>
          Settings
        </a>
      </footer>

      <main class="popup-main">
        <div class="summary">
          {summary.fraction !== null && (
            <div
              class="summary-progress"
              role="progressbar"
              aria-label="Sync progress"
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={Math.round(summary.fraction * 100)}
            >
              <span style={{ width: `${Math.max(2, Math.round(summary.fraction * 100))}%` }} />
            </div>
          )}
          <p class="summary-text num" title={summary.lastSyncedAt ? exactTime(summary.lastSyncedAt) : undefined}>
            {summary.text}
          </p>
          {/* The one element that announces progress: a few words when something worth hearing changes. */}
          <p class="visually-hidden" aria-live="polite">
            {announcement}
          </p>
          <SyncNotices status={status} now={now} />
          {actionError && (
            <p class="notice notice-danger" role="alert">
              {actionError}
            </p>
          )}
          {unreachable && (
            <p class="notice" title={unreachable}>
              Waiting for the extension’s background to answer…
            </p>
          )}
        </div>

        {!result.ok ? (
          <div class="empty">
            <p role="alert">
              The source config has a problem: <code>{result.errors[0]?.path}</code> {result.errors[0]?.message}
            </p>
            <button type="button" class="btn btn-primary" onClick={() => openSettings()}>
              Fix it in Settings
            </button>
          </div>
        ) : resources.length === 0 ? (
          <div class="empty">
            <p>No tables are selected.</p>
            <button type="button" class="btn btn-primary" onClick={() => openSettings()}>
              Choose tables
            </button>
          </div>
        ) : (
          <ul class="tables" aria-label="Tables">
            {groups.length > 1
              ? groups.map(({ group, resources: members }) => (
                  <li key={group} class="table-group">
                    <h2 class="group-heading" id={`group-${members[0].name}`}>
                      {group}
                    </h2>
                    <ul aria-labelledby={`group-${members[0].name}`}>{members.map(row)}</ul>
                  </li>
                ))
              : resources.map(row)}
          </ul>
        )}
      </main>
    </div>
  );
}
