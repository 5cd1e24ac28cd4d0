import { useRef, useState } from 'preact/hooks';
import { parseConfigText, RETAIL_PRESET, TOKEN_PLACEHOLDER } from '@/lib/config';
import type { ConfigIssue } from '@/lib/config/types';
import { scrubConfigSecrets } from '@/lib/ui/config-secrets';
import { downloadBlob } from '@/lib/ui/download';
import { plural } from '@/lib/ui/format';
import type { Settings } from '@/lib/settings';
import { PipelineExport } from './PipelineExport';

export const PRESET_TEXT = JSON.stringify(RETAIL_PRESET, null, 2);

interface Props {
  /** The stored custom config, or null for the built-in preset. */
  savedConfig: string | null;
  /** Saves the config (null = the preset) and updates the Tables section. */
  onApply(config: string | null): Promise<void>;
  /** Stores a token found in a pasted config if none is saved yet; says whether it did. */
  adoptToken(token: string): Promise<boolean>;
  /** The stored settings, for "Export as dlt pipeline". */
  settings: Settings;
}

interface Feedback {
  errors: ConfigIssue[];
  warnings: ConfigIssue[];
  message: string | null;
  secretNote: string | null;
  /** The config text these messages are about. */
  about: string | null;
}

const NONE: Feedback = { errors: [], warnings: [], message: null, secretNote: null, about: null };

export function AdvancedSection({ savedConfig, onApply, adoptToken, settings }: Props) {
  const [text, setText] = useState(savedConfig ?? PRESET_TEXT);
  const [feedback, setFeedback] = useState<Feedback>(NONE);
  const [busy, setBusy] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const applied = savedConfig ?? PRESET_TEXT;

  const apply = async (input: string) => {
    setBusy(true);
    try {
      const { text: scrubbed, secrets } = scrubConfigSecrets(input);
      let secretNote: string | null = null;
      if (secrets.length) {
        setText(scrubbed);
        const moved = await adoptToken(secrets[0]);
        secretNote = moved
          ? `The config contained an API token. It was moved to the API token field (kept only in this browser) and the config now says ${TOKEN_PLACEHOLDER}.`
          : `The config contained an API token. It was replaced with ${TOKEN_PLACEHOLDER}; your saved API token is used instead. To use the pasted one, enter it under Connection.`;
      }
      const result = parseConfigText(scrubbed);
      if (!result.ok) {
        setFeedback({ errors: result.errors, warnings: result.warnings, message: null, secretNote, about: scrubbed });
        return;
      }
      const isPreset = scrubbed.trim() === PRESET_TEXT.trim();
      await onApply(isPreset ? null : scrubbed);
      const tables = plural(result.source.resources.length, 'table');
      setFeedback({
        errors: [],
        warnings: result.warnings,
        message: isPreset ? `Using the built-in preset (${tables}).` : `Config applied: ${tables}. The Tables section above now lists them.`,
        secretNote,
        about: scrubbed,
      });
    } finally {
      setBusy(false);
    }
  };

  const onImport = async (file: File | undefined) => {
    if (!file) return;
    const content = await file.text();
    setText(content);
    await apply(content);
  };

  const onReset = async () => {
    setText(PRESET_TEXT);
    await onApply(null);
    setFeedback({ ...NONE, message: 'Back to the built-in preset.', about: PRESET_TEXT });
  };

  return (
    <section class="card" aria-labelledby="advanced-heading">
      <h2 id="advanced-heading">Advanced</h2>
      <div class="field">
        <label for="source-config">Source config (JSON)</label>
        <p id="source-config-hint" class="hint">
          A dlt <code>rest_api</code> source config. The Store URL above replaces <code>client.base_url</code>, and the API token is filled in
          where the config says <code>{TOKEN_PLACEHOLDER}</code>.
        </p>
        <textarea
          id="source-config"
          class="config-editor"
          rows={18}
          spellcheck={false}
          autocomplete="off"
          aria-describedby="source-config-hint"
          aria-invalid={feedback.errors.length ? true : undefined}
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
        />
      </div>
      <div class="button-row">
        <button type="button" class="btn btn-primary" disabled={busy} onClick={() => void apply(text)}>
          Apply config
        </button>
        <button type="button" class="btn" onClick={() => fileInput.current?.click()}>
          Import file…
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json"
          hidden
          onChange={(e) => {
            void onImport(e.currentTarget.files?.[0]);
            e.currentTarget.value = '';
          }}
        />
        <button type="button" class="btn" onClick={() => void downloadBlob(new Blob([applied], { type: 'application/json' }), 'retail-exporter-config.json')}>
          Export config
        </button>
        <button type="button" class="btn" disabled={savedConfig === null && text === PRESET_TEXT} onClick={() => void onReset()}>
          Reset to built-in preset
        </button>
        {text !== applied && !feedback.errors.length && <span class="hint">Edited, not applied yet</span>}
      </div>

      {feedback.errors.length > 0 && (
        <div class="config-errors" role="alert">
          <p>
            The config can’t be used yet: {feedback.errors.length === 1 ? 'one problem' : `${feedback.errors.length} problems`}.
          </p>
          {text !== feedback.about && <p class="config-stale">You have edited the config since this check: click Apply config to check it again.</p>}
          <IssueList issues={feedback.errors} />
        </div>
      )}
      {feedback.message && (
        <p class="config-ok" role="status">
          {feedback.message}
        </p>
      )}
      {feedback.secretNote && <p class="config-note">{feedback.secretNote}</p>}
      {feedback.warnings.length > 0 && (
        <div class="config-warnings">
          <p>Adjusted to run here:</p>
          <IssueList issues={feedback.warnings} />
        </div>
      )}
      <PipelineExport settings={settings} />
    </section>
  );
}

function IssueList({ issues }: { issues: ConfigIssue[] }) {
  return (
    <ul class="issues">
      {issues.map((issue, i) => (
        <li key={i}>
          <code>{issue.path}</code>: {issue.message}
        </li>
      ))}
    </ul>
  );
}
