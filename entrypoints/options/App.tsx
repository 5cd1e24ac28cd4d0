import { useEffect, useMemo, useState } from 'preact/hooks';
import { resolveActive } from '@/lib/active-source';
import { apiTokenItem, settingsItem, type Settings } from '@/lib/settings';
import { checkStoreUrl } from '@/lib/ui/store-url';
import { AdvancedSection } from './AdvancedSection';
import { AutoSyncSection } from './AutoSyncSection';
import { ConnectionSection } from './ConnectionSection';
import { ExportSection } from './ExportSection';
import { requestStoreAccess } from './permissions';
import { TablesSection } from './TablesSection';

type SaveState = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'failed'; message: string };

/** Drops selected tables the config no longer has; none left means "the config's own defaults". */
function reconcileSelection(settings: Settings): Settings {
  if (!settings.selected) return settings;
  const result = resolveActive(settings);
  if (!result.ok) return settings;
  const known = new Set(result.source.resources.map((r) => r.name));
  const kept = settings.selected.filter((n) => known.has(n));
  return { ...settings, selected: kept.length || settings.selected.length === 0 ? kept : null };
}

export function App() {
  const [saved, setSaved] = useState<Settings | null>(null);
  const [draft, setDraft] = useState<Settings | null>(null);
  const [hasToken, setHasToken] = useState(false);
  const [token, setToken] = useState('');
  const [urlError, setUrlError] = useState<string | null>(null);
  const [urlWarning, setUrlWarning] = useState<string | null>(null);
  const [saveState, setSaveState] = useState<SaveState>({ kind: 'idle' });

  useEffect(() => {
    void Promise.all([settingsItem.getValue(), apiTokenItem.getValue()]).then(([settings, storedToken]) => {
      setSaved(settings);
      setDraft(settings);
      setHasToken(storedToken !== '');
    });
  }, []);

  const active = useMemo(() => (draft ? resolveActive(draft) : null), [draft?.customConfig, draft?.baseUrl]);

  if (!draft || !saved || !active) return <main class="page" aria-busy="true" />;

  const resources = active.ok ? active.source.resources : [];
  const selected = new Set(draft.selected ?? resources.filter((r) => r.selected).map((r) => r.name));
  const dirty = JSON.stringify(draft) !== JSON.stringify(saved) || token.trim() !== '';

  const edit = (patch: Partial<Settings>) => {
    setDraft({ ...draft, ...patch });
    if (saveState.kind === 'saved' || saveState.kind === 'failed') setSaveState({ kind: 'idle' });
  };

  const onSave = (e: Event) => {
    e.preventDefault();
    const url = draft.baseUrl.trim();
    const check = url ? checkStoreUrl(url) : null;
    if (check && !check.ok) {
      setUrlError(check.message);
      document.getElementById('store-url')?.focus();
      return;
    }
    setUrlError(null);
    // Before any await: the permission prompt needs the click's user gesture.
    const access = check ? requestStoreAccess(check) : Promise.resolve({ ok: true } as const);
    void (async () => {
      setSaveState({ kind: 'saving' });
      try {
        const granted = await access;
        setUrlWarning(granted.ok ? null : granted.message);
        const next: Settings = { ...draft, baseUrl: check ? check.url : '' };
        await settingsItem.setValue(next);
        if (token.trim()) {
          await apiTokenItem.setValue(token.trim());
          setToken('');
          setHasToken(true);
        }
        setSaved(next);
        setDraft(next);
        setSaveState({ kind: 'saved' });
      } catch (err) {
        setSaveState({ kind: 'failed', message: `Could not save: ${err instanceof Error ? err.message : String(err)}` });
      }
    })();
  };

  const applyConfig = async (customConfig: string | null) => {
    const stored = reconcileSelection({ ...(await settingsItem.getValue()), customConfig });
    await settingsItem.setValue(stored);
    setSaved(stored);
    setDraft((d) => (d ? reconcileSelection({ ...d, customConfig }) : d));
  };

  const adoptToken = async (secret: string) => {
    if (hasToken || token.trim()) return false;
    await apiTokenItem.setValue(secret);
    setHasToken(true);
    return true;
  };

  return (
    <main class="page">
      <header class="page-header">
        <h1>Retail Exporter</h1>
        <p class="hint">Connect your store, choose the tables to copy, and set how exports look.</p>
      </header>

      <form onSubmit={onSave} noValidate>
        <ConnectionSection
          baseUrl={draft.baseUrl}
          onBaseUrl={(baseUrl) => {
            edit({ baseUrl });
            setUrlError(null);
          }}
          urlError={urlError}
          urlWarning={urlWarning}
          token={token}
          onToken={(value) => {
            setToken(value);
            if (saveState.kind === 'saved') setSaveState({ kind: 'idle' });
          }}
          hasToken={hasToken}
        />
        {active.ok ? (
          <TablesSection resources={resources} selected={selected} onChange={(names) => edit({ selected: names })} />
        ) : (
          <section class="card">
            <h2>Tables</h2>
            <p class="field-error">The source config has problems, so there are no tables to choose. Fix it under Advanced.</p>
          </section>
        )}
        <ExportSection value={draft.export} onChange={(value) => edit({ export: value })} />
        <AutoSyncSection hours={draft.autoSyncHours} onChange={(autoSyncHours) => edit({ autoSyncHours })} />

        <div class="save-bar">
          <button type="submit" class="btn btn-primary" disabled={saveState.kind === 'saving'}>
            Save
          </button>
          <span role="status" class={saveState.kind === 'failed' ? 'save-status save-failed' : 'save-status'}>
            {saveState.kind === 'saved' && '✓ Saved'}
            {saveState.kind === 'failed' && saveState.message}
          </span>
          {dirty && saveState.kind !== 'saving' && <span class="hint">Changes not stored yet</span>}
        </div>
      </form>

      <AdvancedSection savedConfig={saved.customConfig} onApply={applyConfig} adoptToken={adoptToken} />
    </main>
  );
}
