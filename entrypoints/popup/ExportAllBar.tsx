import { useState } from 'preact/hooks';
import { NothingToExport } from './exports';

export interface ExportAllAction {
  /** The button's text and accessible name, e.g. "Export all (ZIP)" (the automation contract). */
  label: string;
  /** What failed to build, for the error line: "the ZIP". */
  what: string;
  /** Hover text. */
  title?: string;
  run(): Promise<void>;
}

interface Props {
  actions: readonly ExportAllAction[];
  disabled: boolean;
  /** The tables' state when a message was shown; when it changes (a sync ended), the message goes. */
  standing: string;
}

interface Outcome {
  role: 'status' | 'alert';
  message: string;
  standing: string;
}

/**
 * The "Export all" buttons, one export at a time, and one message line for them: a status when
 * there is nothing to export (no file is made), an alert when building the file failed.
 */
export function ExportAllBar({ actions, disabled, standing }: Props) {
  const [busy, setBusy] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const onClick = async (action: ExportAllAction) => {
    setBusy(action.label);
    setOutcome(null);
    try {
      await action.run();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      setOutcome(err instanceof NothingToExport ? { role: 'status', message, standing } : { role: 'alert', message: `Could not build ${action.what}: ${message}`, standing });
    } finally {
      setBusy(null);
    }
  };
  const shown = outcome?.standing === standing ? outcome : null;
  return (
    <>
      {actions.map((action) => (
        <button key={action.label} type="button" class="btn" title={action.title} onClick={() => void onClick(action)} disabled={busy !== null || disabled}>
          {busy === action.label && <span class="spinner" aria-hidden="true" />}
          {action.label}
        </button>
      ))}
      {shown && (
        <p class={shown.role === 'alert' ? 'footer-message footer-error' : 'footer-message'} role={shown.role}>
          {shown.message}
        </p>
      )}
    </>
  );
}
