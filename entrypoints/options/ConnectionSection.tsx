import { useRef, useState } from 'preact/hooks';
import { sendMessage, type ConnectionTestResult } from '@/lib/messages';
import { apiTokenItem } from '@/lib/settings';
import { checkStoreUrlHere, requestStoreAccess } from './permissions';

export type SaveState = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'failed'; message: string };

interface Props {
  onSave(e: Event): void;
  saveState: SaveState;
  /** The URL or token differ from what is stored. */
  dirty: boolean;
  baseUrl: string;
  onBaseUrl(value: string): void;
  urlError: string | null;
  urlWarning: string | null;
  token: string;
  onToken(value: string): void;
  hasToken: boolean;
}

export function ConnectionSection({ baseUrl, onBaseUrl, urlError, urlWarning, token, onToken, hasToken, onSave, saveState, dirty }: Props) {
  const [testing, setTesting] = useState(false);
  const [result, setResult] = useState<ConnectionTestResult | null>(null);
  // Bumped on every edit of the URL or token: a test result describes the values it tested, so an
  // edit clears it, and a test still running when the user edits never shows its answer.
  const inputsVersion = useRef(0);
  const edited = () => {
    inputsVersion.current++;
    setResult(null);
  };

  const onTest = () => {
    const version = inputsVersion.current;
    const show = (r: ConnectionTestResult | null) => {
      if (version === inputsVersion.current) setResult(r);
    };
    const check = checkStoreUrlHere(baseUrl);
    if (!check.ok) {
      show({ ok: false, message: check.message });
      return;
    }
    // Asked inside the click: Chrome only shows the permission prompt during a user gesture.
    const access = requestStoreAccess(check);
    void (async () => {
      setTesting(true);
      show(null);
      try {
        const granted = await access;
        const secret = token.trim() || (await apiTokenItem.getValue());
        if (!granted.ok) show({ ok: false, message: granted.message });
        else if (!secret) show({ ok: false, message: 'Enter the API token first.' });
        else show(await sendMessage('connection/test', { baseUrl: check.url, token: secret }));
      } catch (err) {
        show({ ok: false, message: 'The extension’s background did not answer. Try again in a moment.', detail: err instanceof Error ? err.message : String(err) });
      } finally {
        setTesting(false);
      }
    })();
  };

  return (
    <form class="card" aria-labelledby="connection-heading" onSubmit={onSave} noValidate>
      <h2 id="connection-heading">Connection</h2>

      <div class="field">
        <label for="store-url">Store URL</label>
        <input
          id="store-url"
          type="url"
          inputMode="url"
          autocomplete="url"
          spellcheck={false}
          placeholder="https://yourstore.retail.lightspeed.app"
          value={baseUrl}
          aria-invalid={urlError ? true : undefined}
          aria-describedby={urlError ? 'store-url-error' : urlWarning ? 'store-url-warning' : 'store-url-hint'}
          onInput={(e) => {
            edited();
            onBaseUrl(e.currentTarget.value);
          }}
        />
        {urlError ? (
          <p id="store-url-error" class="field-error" role="alert">
            {urlError}
          </p>
        ) : urlWarning ? (
          <p id="store-url-warning" class="field-warning" role="alert">
            {urlWarning}
          </p>
        ) : (
          <p id="store-url-hint" class="hint">
            The address you use to sign in to your store, starting with https://
          </p>
        )}
      </div>

      <div class="field">
        <label for="api-token">API token</label>
        <input
          id="api-token"
          type="password"
          autocomplete="off"
          spellcheck={false}
          placeholder={hasToken ? '•••• saved' : 'Paste your personal token'}
          value={token}
          aria-describedby="api-token-hint"
          onInput={(e) => {
            edited();
            onToken(e.currentTarget.value);
          }}
        />
        <p id="api-token-hint" class="hint">
          {hasToken
            ? 'A token is saved. Leave this empty to keep it, or paste a new one to replace it.'
            : 'Create one in your store under Setup → Personal tokens.'}{' '}
          It is kept only in this browser and sent only to your store.
        </p>
      </div>

      <div class="connection-actions">
        <button type="submit" class="btn btn-primary" disabled={saveState.kind === 'saving'}>
          Save
        </button>
        <button type="button" class="btn" onClick={onTest} disabled={testing}>
          {testing && <span class="spinner" aria-hidden="true" />}
          Test connection
        </button>
        <span role="status" class={saveState.kind === 'failed' ? 'save-status save-failed' : 'save-status'}>
          {saveState.kind === 'saved' && '✓ Saved'}
          {saveState.kind === 'failed' && saveState.message}
        </span>
        {dirty && saveState.kind === 'idle' && <span class="hint">Not stored until you click Save</span>}
      </div>
      <div class="test-result" role="status">
          {result && (
            <>
              <span class={result.ok ? 'result-ok' : 'result-problem'}>
                <span aria-hidden="true">{result.ok ? '✓ ' : '✕ '}</span>
                {result.message}
              </span>
              {result.detail && (
                <details class="detail">
                  <summary>Details</summary>
                  <pre>{result.detail}</pre>
                </details>
              )}
            </>
          )}
      </div>
    </form>
  );
}
