import { useEffect, useMemo, useState } from 'preact/hooks';
import { resolveActive } from '@/lib/active-source';
import { tokenUrlPermissions } from '@/lib/config';
import { apiTokenItem, settingsItem, type Settings } from '@/lib/settings';
import { AdvancedSection } from './AdvancedSection';
import { AutoSyncSection } from './AutoSyncSection';
import { ConnectionSection, type SaveState } from './ConnectionSection';
import { ExportSection } from './ExportSection';
import { checkStoreUrlHere, requestStoreAccess } from './permissions';
import { updateSettings } from './settings-writer';
import { TablesSection } from './TablesSection';

/** Drops selected tables the config no longer has; none left means "the config's own defaults". */
function reconcileSelection(settings: Settings): Settings {
  if (!settings.selected) return settings;
  const result = resolveActive(settings);
  if (!result.ok) return settings;
  const known = new Set(result.source.resources.map((r) => r.name));
  const kept = settings.selected.filter((n) => known.has(n));
  return { ...settings, selected: kept.length || settings.selected.length === 0 ? kept : null };
}

/**
 * Connection (URL and token) is saved with its own Save button, because it needs checking and a
 * permission prompt; everything below it is saved the moment it changes.
 */
export function App() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [baseUrl, setBaseUrl] = useState('');
  const [token, setToken] = useState('');
  const [hasToken, setHasToken] = useState(false);
  const [urlError, setUrlError] = useState<string | null>(null);
  const [urlWarning, setUrlWarning] = useState<string | null>(null);
  const [saveState, setSaveState] = useState<SaveState>({ kind: 'idle' });
  const [writeError, setWriteError] = useState<string | null>(null);

  useEffect(() => {
    void Promise.all([settingsItem.getValue(), apiTokenItem.getValue()]).then(([stored, storedToken]) => {
      setSettings(stored);
      setBaseUrl(stored.baseUrl);
      setHasToken(storedToken !== '');
    });
  }, []);

  const active = useMemo(() => (settings ? resolveActive(settings) : null), [settings?.customConfig]);

  if (!settings || !active) return <main class="page" aria-busy="true" />;

  const resources = active.ok ? active.source.resources : [];
  const selected = new Set(settings.selected ?? resources.filter((r) => r.selected).map((r) => r.name));

  /** Shows the change at once and stores it in the background of the UI. */
  const update = (change: (current: Settings) => Settings) => {
    setSettings(change(settings));
    updateSettings(change).then(
      () => setWriteError(null),
      (err) => setWriteError(`Could not store the change: ${err instanceof Error ? err.message : String(err)}`),
    );
  };

  const onSave = (e: Event) => {
    e.preventDefault();
    const url = baseUrl.trim();
    const check = url ? checkStoreUrlHere(url) : null;
    if (check && !check.ok) {
      setUrlError(check.message);
      document.getElementById('store-url')?.focus();
      return;
    }
    setUrlError(null);
    // Before any await: the permission prompt needs the click's user gesture.
    const tokenUrls = check && active.ok ? tokenUrlPermissions([active.source.auth, ...active.source.resources.map((r) => r.auth)], check.url) : [];
    const access = check ? requestStoreAccess(check, tokenUrls) : Promise.resolve({ ok: true } as const);
    void (async () => {
      setSaveState({ kind: 'saving' });
      try {
        const granted = await access;
        setUrlWarning(granted.ok ? null : granted.message);
        const savedUrl = check ? check.url : '';
        const next = await updateSettings((current) => ({ ...current, baseUrl: savedUrl }));
        if (token.trim()) {
          await apiTokenItem.setValue(token.trim());
          setToken('');
          setHasToken(true);
        }
        setSettings(next);
        setBaseUrl(savedUrl);
        setSaveState({ kind: 'saved' });
      } catch (err) {
        setSaveState({ kind: 'failed', message: `Could not save: ${err instanceof Error ? err.message : String(err)}` });
      }
    })();
  };

  const applyConfig = async (customConfig: string | null) => {
    const next = await updateSettings((current) => reconcileSelection({ ...current, customConfig }));
    setSettings(next);
  };

  const adoptToken = async (secret: string) => {
    if (hasToken || token.trim()) return false;
    await apiTokenItem.setValue(secret);
    setHasToken(true);
    return true;
  };

  const connectionDirty = baseUrl.trim().replace(/\/+$/, '') !== settings.baseUrl || token.trim() !== '';

  return (
    <main class="page">
      <header class="page-header">
        <h1>Retail Exporter</h1>
        <p class="hint">Connect your store, choose the tables to copy, and set how exports look.</p>
      </header>

      <ConnectionSection
        baseUrl={baseUrl}
        onBaseUrl={(value) => {
          setBaseUrl(value);
          // Both were about the address as it was; a changed address has not been checked yet.
          setUrlError(null);
          setUrlWarning(null);
          if (saveState.kind !== 'saving') setSaveState({ kind: 'idle' });
        }}
        urlError={urlError}
        urlWarning={urlWarning}
        token={token}
        onToken={(value) => {
          setToken(value);
          if (saveState.kind !== 'saving') setSaveState({ kind: 'idle' });
        }}
        hasToken={hasToken}
        onSave={onSave}
        saveState={saveState}
        dirty={connectionDirty}
      />

      {writeError && (
        <p class="field-error" role="alert">
          {writeError}
        </p>
      )}

      {active.ok ? (
        <TablesSection resources={resources} selected={selected} onChange={(names) => update((s) => ({ ...s, selected: names }))} />
      ) : (
        <section class="card" aria-labelledby="tables-heading">
          <h2 id="tables-heading">Tables</h2>
          <p class="field-error">The source config has problems, so there are no tables to choose. Fix it under Advanced.</p>
        </section>
      )}
      <ExportSection value={settings.export} onChange={(value) => update((s) => ({ ...s, export: value }))} />
      <AutoSyncSection hours={settings.autoSyncHours} onChange={(hours) => update((s) => ({ ...s, autoSyncHours: hours }))} />
      <AdvancedSection savedConfig={settings.customConfig} onApply={applyConfig} adoptToken={adoptToken} settings={settings} />
    </main>
  );
}
