import type { ExportSettings } from '@/lib/settings';

interface Props {
  value: ExportSettings;
  onChange(value: ExportSettings): void;
}

export function ExportSection({ value, onChange }: Props) {
  const set = (patch: Partial<ExportSettings>) => onChange({ ...value, ...patch });
  return (
    <section class="card" aria-labelledby="export-heading">
      <h2 id="export-heading">Export</h2>
      <div class="option">
        <input id="export-bom" type="checkbox" role="switch" class="switch" checked={value.bom} aria-describedby="export-bom-hint" onChange={(e) => set({ bom: e.currentTarget.checked })} />
        <label for="export-bom">Add a byte-order mark to CSV files</label>
        <p id="export-bom-hint" class="hint">
          Lets Excel show accents and emoji correctly. Turn it off for tools that don’t expect it.
        </p>
      </div>
      <div class="option">
        <input
          id="export-deleted"
          type="checkbox"
          role="switch"
          class="switch"
          checked={value.includeDeleted}
          aria-describedby="export-deleted-hint"
          onChange={(e) => set({ includeDeleted: e.currentTarget.checked })}
        />
        <label for="export-deleted">Include deleted rows</label>
        <p id="export-deleted-hint" class="hint">
          Customers, products and other records your store marked as deleted are left out unless this is on.
        </p>
      </div>
      <fieldset class="radio-group">
        <legend>The JSON button saves</legend>
        <label>
          <input type="radio" name="json-format" checked={value.jsonFormat === 'json'} onChange={() => set({ jsonFormat: 'json' })} />
          JSON <span class="hint">— one array, for most tools</span>
        </label>
        <label>
          <input type="radio" name="json-format" checked={value.jsonFormat === 'ndjson'} onChange={() => set({ jsonFormat: 'ndjson' })} />
          NDJSON <span class="hint">— one record per line, for large tables and data tools</span>
        </label>
      </fieldset>
    </section>
  );
}
