import { useState } from 'preact/hooks';
import type { ResolvedResource } from '@/lib/config/types';
import { sendMessage, type ResourceProgress, type SyncStatus } from '@/lib/messages';
import { exactTime } from '@/lib/ui/format';
import { hostOf } from '@/lib/ui/store-url';
import { syncSummary } from '@/lib/ui/sync-view';
import { ExportAllButton } from './ExportAllButton';
import { exportAll, exportAllExcel, exportAllParquet } from './exports';
import { SyncNotices } from './SyncNotices';
import { TableRow } from './TableRow';
import { useChildTables } from './use-child-tables';
import { useActiveSource, type ActiveSource } from './use-active-source';
import { useNow, useSyncStatus } from './use-sync-status';

const openSettings = (e?: Event) => {
  e?.preventDefault();
  void browser.runtime.openOptionsPage();
};

export function App() {
  const active = useActiveSource();
  if (!active) return <div class="popup" aria-busy="true" />;
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
      <div class="empty">
        <p>Connect your store to copy its sales, products and customers into this browser and export them as spreadsheets.</p>
        <button type="button" class="btn btn-primary" onClick={() => openSettings()}>
          Connect your store
        </button>
      </div>
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
  const rows: ResourceProgress[] = resources.map(
    (r) => progressByName.get(r.name) ?? { resource: r.name, status: 'idle', rowsStored: 0, pagesFetched: 0, rowsFetched: 0 },
  );
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

  const syncedAt = Object.fromEntries(rows.map((p) => [p.resource, p.lastSyncedAt]));

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
          {resources.map((r, i) => (
            <TableRow
              key={r.name}
              resource={r}
              progress={rows[i]}
              exportSettings={settings.export}
              now={now}
              busy={running}
              onFullRefresh={() => void fullRefresh(r.name)}
              childTables={childTables.get(r.name)}
            />
          ))}
        </ul>
      )}

      <footer class="footer">
        <ExportAllButton label="Export all (ZIP)" what="the ZIP" disabled={resources.length === 0} run={() => exportAll(resources, settings.export, { store: host, syncedAt })} />
        <ExportAllButton label="Export all (Excel)" what="the workbook" disabled={resources.length === 0} run={() => exportAllExcel(resources, settings.export)} />
        <ExportAllButton
          label="Export all (Parquet)"
          what="the Parquet ZIP"
          title="Every table as a Parquet file, in one ZIP"
          disabled={resources.length === 0}
          run={() => exportAllParquet(resources, settings.export)}
        />
        <a href="options.html" class="settings-link" onClick={openSettings}>
          Settings
        </a>
      </footer>
    </div>
  );
}
