import { useState } from 'preact/hooks';

interface Props {
  /** The button's text and accessible name, e.g. "Export all (ZIP)". */
  label: string;
  /** What failed to build, for the error line: "the ZIP". */
  what: string;
  /** Hover text. */
  title?: string;
  disabled: boolean;
  run(): Promise<void>;
}

/** A footer button that exports every table at once, with its own spinner and error line. */
export function ExportAllButton({ label, what, title, disabled, run }: Props) {
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const onClick = async () => {
    setState({ busy: true, error: null });
    try {
      await run();
      setState({ busy: false, error: null });
    } catch (err) {
      setState({ busy: false, error: `Could not build ${what}: ${err instanceof Error ? err.message : String(err)}` });
    }
  };
  return (
    <>
      <button type="button" class="btn" title={title} onClick={() => void onClick()} disabled={state.busy || disabled}>
        {state.busy && <span class="spinner" aria-hidden="true" />}
        {label}
      </button>
      {state.error && (
        <span class="footer-error" role="alert">
          {state.error}
        </span>
      )}
    </>
  );
}
