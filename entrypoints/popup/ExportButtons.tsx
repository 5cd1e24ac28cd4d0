import { EXPORT_FORMATS, type ExportFormat } from '@/lib/export';
import type { ExportSettings } from '@/lib/settings';

export interface ExportingState {
  table: string;
  label: string;
}

interface Props {
  table: string;
  exportSettings: ExportSettings;
  /** The export running in this row (any table of it), or null. */
  exporting: ExportingState | null;
  onExport(table: string, format: ExportFormat): void;
}

/** One button per registered format, accessible name "Export <table> as <label>" (the automation contract). */
export function ExportButtons({ table, exportSettings, exporting, onExport }: Props) {
  return (
    <>
      {EXPORT_FORMATS.map((format) => (
        <button
          key={format.label}
          type="button"
          class="btn btn-small"
          aria-label={`Export ${table} as ${format.label}`}
          title={format.title(table, exportSettings)}
          disabled={exporting !== null}
          onClick={() => onExport(table, format)}
        >
          {exporting?.table === table && exporting.label === format.label ? <span class="spinner" aria-hidden="true" /> : format.label}
        </button>
      ))}
    </>
  );
}
