/**
 * The ZIP's description of itself: `datapackage.json`, a Frictionless Tabular Data Package
 * (specs.frictionlessdata.io, v1: "Tabular Data Package", "Table Schema" with `primaryKey` and
 * `foreignKeys`), and `README.txt` saying the same in plain words. Tools such as frictionless-py,
 * pandas (through frictionless) and DuckDB scripts read the package to load the CSVs with types and
 * keys.
 *
 * Foreign keys are declared only when every value in the export resolves: a child table always
 * resolves to its parent (their rows leave together); a known reference between top-level tables
 * (`sales.customer_id → customers.id`) may not, when the customer was soft-deleted and left out,
 * and is then only described in README.txt with how many values do not resolve.
 */
import { needsFormulaEscape } from './formula';
import type { FlatValue } from './types';

/** Table Schema field types this export can tell from the values it wrote. */
export type FieldType = 'string' | 'integer' | 'number' | 'boolean';

/** A column's type from the values written to it (empty cells ignored; no values: string). */
export class ColumnTypes {
  private readonly seen: Map<string, Set<string>> = new Map();

  observe(columns: readonly string[], rows: readonly FlatValue[][]): void {
    for (let i = 0; i < columns.length; i++) {
      let kinds = this.seen.get(columns[i]);
      if (!kinds) this.seen.set(columns[i], (kinds = new Set()));
      for (const row of rows) {
        const v = row[i];
        if (v === null) continue;
        kinds.add(typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v);
      }
    }
  }

  typeOf(column: string): FieldType {
    const kinds = this.seen.get(column) ?? new Set();
    if (kinds.size === 0) return 'string';
    if ([...kinds].every((k) => k === 'integer')) return 'integer';
    if ([...kinds].every((k) => k === 'integer' || k === 'number')) return 'number';
    if (kinds.size === 1 && kinds.has('boolean')) return 'boolean';
    return 'string';
  }
}

/** A reference from some columns of one table to the key of another. */
export interface TableReference {
  table: string;
  columns: string[];
  references: { table: string; columns: string[] };
  /** Declared because it is part of the tree (child → parent), or a reference the config or preset knows. */
  kind: 'child table' | 'known';
}

/** Collects the values a reference check needs while tables are written, then checks them. */
export class ReferenceCheck {
  private readonly wanted = new Map<string, Set<string>>();
  private readonly candidates: TableReference[];

  constructor(candidates: readonly TableReference[]) {
    this.candidates = [...candidates];
    for (const r of candidates) {
      this.want(r.table, r.columns);
      this.want(r.references.table, r.references.columns);
    }
  }

  private static key(table: string, columns: readonly string[]): string {
    return JSON.stringify([table, columns]);
  }

  private want(table: string, columns: readonly string[]): void {
    const k = ReferenceCheck.key(table, columns);
    if (!this.wanted.has(k)) this.wanted.set(k, new Set());
  }

  /** Feeds the rows of `table` as written (header order). */
  observe(table: string, header: readonly string[], rows: readonly FlatValue[][]): void {
    for (const [k, values] of this.wanted) {
      const [t, columns] = JSON.parse(k) as [string, string[]];
      if (t !== table) continue;
      const idx = columns.map((c) => header.indexOf(c));
      if (idx.some((i) => i < 0)) continue;
      for (const row of rows) {
        const tuple = idx.map((i) => row[i]);
        // A reference with an empty part points nowhere; Table Schema does not check it either.
        if (tuple.some((v) => v === null || v === '')) continue;
        values.add(JSON.stringify(tuple.map(String)));
      }
    }
  }

  /** Each candidate with the number of its distinct values that do not resolve (0: declare it). */
  results(tables: ReadonlySet<string>): { reference: TableReference; unresolved: number; example?: string }[] {
    return this.candidates
      .filter((r) => tables.has(r.table) && tables.has(r.references.table))
      .map((reference) => {
        const from = this.wanted.get(ReferenceCheck.key(reference.table, reference.columns)) ?? new Set();
        const to = this.wanted.get(ReferenceCheck.key(reference.references.table, reference.references.columns)) ?? new Set();
        const missing = [...from].filter((v) => !to.has(v));
        return { reference, unresolved: missing.length, example: missing[0] && (JSON.parse(missing[0]) as string[]).join(', ') };
      });
  }
}

export interface PackagedTable {
  table: string;
  file: string;
  header: string[];
  types: ColumnTypes;
  primaryKey: string[];
  rows: number;
  parent?: { table: string; columns: string[]; references: string[] };
}

export interface PackageInfo {
  /** The store's host, e.g. `your-store.retail.lightspeed.app` (never the token). */
  store: string | null;
  /** When the export was made. */
  exportedAt: Date;
  /** Per table: when it was last synced (ms since epoch). */
  syncedAt: Record<string, number | undefined>;
  includeDeleted: boolean;
  /** Tables left out of the package because they have no rows (the popup skips them). */
  empty?: readonly string[];
}

/** A Frictionless resource name: lowercase letters, digits and `-._/`, unique in the package. */
function resourceNames(tables: readonly PackagedTable[]): Map<string, string> {
  const used = new Set<string>();
  const names = new Map<string, string>();
  for (const t of tables) {
    const base = t.table.toLowerCase().replace(/[^-a-z0-9._/]/g, '_') || 'table';
    let name = base;
    for (let n = 2; used.has(name); n++) name = `${base}-${n}`;
    used.add(name);
    names.set(t.table, name);
  }
  return names;
}

/** The header name as the CSV writes it (a formula-looking name gets its apostrophe there too). */
function fieldName(column: string): string {
  return needsFormulaEscape(column) ? `'${column}` : column;
}

export function dataPackage(tables: readonly PackagedTable[], declared: readonly TableReference[], info: PackageInfo): object {
  const names = resourceNames(tables);
  return {
    profile: 'tabular-data-package',
    name: 'retail-export',
    title: `Retail Exporter tables${info.store ? ` from ${info.store}` : ''}`,
    created: info.exportedAt.toISOString(),
    resources: tables.map((t) => {
      const foreignKeys = declared
        .filter((r) => r.table === t.table)
        .map((r) => ({ fields: r.columns.map(fieldName), reference: { resource: names.get(r.references.table)!, fields: r.references.columns.map(fieldName) } }));
      return {
        name: names.get(t.table),
        title: t.table,
        path: t.file,
        profile: 'tabular-data-resource',
        format: 'csv',
        mediatype: 'text/csv',
        encoding: 'utf-8',
        schema: {
          fields: t.header.map((c) => ({ name: fieldName(c), type: t.types.typeOf(c) })),
          ...(t.primaryKey.length ? { primaryKey: t.primaryKey.map(fieldName) } : {}),
          ...(foreignKeys.length ? { foreignKeys } : {}),
        },
      };
    }),
  };
}

/** The top-level table a (child) table belongs to, whose sync time it shares. */
function rootOf(table: PackagedTable, tables: readonly PackagedTable[]): string {
  let t = table;
  while (t.parent) t = tables.find((x) => x.table === t.parent!.table) ?? { ...t, table: t.parent.table, parent: undefined };
  return t.table;
}

function when(ms: number | undefined): string {
  return ms === undefined ? 'never' : new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** README.txt: the same facts for a person. */
export function readmeText(tables: readonly PackagedTable[], checked: ReturnType<ReferenceCheck['results']>, info: PackageInfo): string {
  const lines: string[] = [];
  lines.push('Retail Exporter — tables exported from the browser extension', '');
  lines.push(`Store: ${info.store ?? 'not set'}`);
  lines.push(`Exported: ${info.exportedAt.toISOString().replace(/\.\d+Z$/, 'Z')}`);
  lines.push('');
  lines.push('FILES');
  lines.push('Each CSV file is one table: UTF-8, comma-separated, a header row, one row per line.');
  lines.push('datapackage.json describes the same tables for tools (Frictionless Data Package: column types, keys).');
  for (const t of tables) {
    const what = t.parent ? ` (child table of ${t.parent.table})` : '';
    lines.push(`- ${t.file}: ${t.table}${what}, ${t.rows.toLocaleString('en-US')} rows, last synced ${when(info.syncedAt[rootOf(t, tables)])}`);
  }
  if (info.empty?.length) lines.push(`Left out because they have no rows: ${info.empty.join(', ')}.`);
  lines.push('');
  lines.push('HOW THE TABLES LINK');
  lines.push('A list inside a record (the line items of a sale) is its own table, named <table>__<list>.');
  lines.push("Each of its rows holds the parent's key (_sales_id) and its position in the list (_idx, from 0);");
  lines.push('a list inside a list item adds the item position (_line_items_idx). Join on those columns.');
  for (const t of tables) {
    if (t.primaryKey.length) lines.push(`- ${t.table}: each row is identified by ${t.primaryKey.join(' + ')}`);
  }
  for (const { reference: r, unresolved, example } of checked) {
    const text = `${r.table}.${r.columns.join('+')} -> ${r.references.table}.${r.references.columns.join('+')}`;
    if (unresolved === 0) lines.push(`- ${text}: declared as a foreign key (every value is found)`);
    else lines.push(`- ${text}: NOT declared as a foreign key: ${unresolved} value(s) are not in ${r.references.table} (for example ${example}), usually records deleted in the store and left out here`);
  }
  lines.push('');
  lines.push('DELETED RECORDS');
  lines.push(
    info.includeDeleted
      ? 'Records deleted in the store (deleted_at set) are included; filter on deleted_at to leave them out.'
      : 'Records deleted in the store (deleted_at set) are left out, and so are their child rows.',
  );
  lines.push('');
  lines.push('CELLS');
  lines.push("Text that a spreadsheet could run as a formula (starting with = + - @) starts with an apostrophe ('),");
  lines.push('except numbers, phone numbers and a lone sign, such as -1,234.56, +1 555 0100 or -. Nested fields are columns named');
  lines.push("by their path (customer.first_name); a key containing a dot is written in brackets (['custom.size']).");
  return lines.join('\r\n') + '\r\n';
}
