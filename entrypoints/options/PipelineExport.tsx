import { useState } from 'preact/hooks';
import { pipelineExport } from '@/lib/dlt-pipeline';
import type { Settings } from '@/lib/settings';
import { downloadBlob } from '@/lib/ui/download';

/**
 * "Export as dlt pipeline" (Advanced): the applied config, the Store URL and the chosen tables as a
 * runnable dlt project. The API token is never part of it.
 */
export function PipelineExport({ settings }: { settings: Settings }) {
  const [error, setError] = useState<string | null>(null);
  const onExport = async () => {
    setError(null);
    try {
      const { blob, fileName } = pipelineExport(settings);
      await downloadBlob(blob, fileName);
    } catch (err) {
      setError(`Could not build the pipeline: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  return (
    <div class="field pipeline-export">
      <h3 id="pipeline-heading">Moving to a data pipeline</h3>
      <p id="pipeline-hint" class="hint">
        For millions of rows, a nightly load into a warehouse or a team sharing one copy: the same sync as a Python project for{' '}
        <a href="https://dlthub.com" target="_blank" rel="noreferrer">dlt</a>, loading into DuckDB, Postgres, BigQuery, Snowflake and more. It
        uses the applied config, the Store URL and the tables chosen above; your API token is not included.
      </p>
      <div class="button-row">
        <button type="button" class="btn" aria-describedby="pipeline-hint" onClick={() => void onExport()}>
          Export as dlt pipeline
        </button>
      </div>
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
