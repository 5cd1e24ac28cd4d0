import type { ExportFormat } from '@/lib/export';
import type { ExportSettings } from '@/lib/settings';
import { ExportButtons, type ExportingState } from './ExportButtons';

/** "line items, payments, taxes" for sales__line_items, sales__payments, sales__taxes. */
export function childSummary(parent: string, children: readonly string[]): string {
  return children.map((c) => c.slice(parent.length + 2).replace(/__/g, ' › ').replace(/_/g, ' ')).join(', ');
}

interface Props {
  parent: string;
  tables: readonly string[];
  exportSettings: ExportSettings;
  /** The table being exported, and by which format's label; null when none. */
  exporting: ExportingState | null;
  onExport(table: string, format: ExportFormat): void;
}

/**
 * A table's child tables (its nested lists, split off as dlt does), collapsed under the parent's
 * row: each has the same export buttons as a top-level table.
 */
export function ChildTables({ parent, tables, exportSettings, exporting, onExport }: Props) {
  return (
    <details class="child-tables">
      <summary>
        <span class="mono">+ {childSummary(parent, tables)}</span>
      </summary>
      <ul aria-label={`Child tables of ${parent}`}>
        {tables.map((name) => (
          <li key={name} class="child-row" data-child-table={name}>
            <span class="mono child-name" title={name}>
              {name}
            </span>
            <span class="table-actions">
              <ExportButtons table={name} exportSettings={exportSettings} exporting={exporting} onExport={onExport} />
            </span>
          </li>
        ))}
      </ul>
    </details>
  );
}
