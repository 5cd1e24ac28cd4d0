import type { BatchSource, Row } from './types';
import { parseColumn } from './column-name';

/** A re-iterable source over fixed batches that counts how many passes were started. */
export function sourceOf(...batches: Row[][]): BatchSource & { passes: number } {
  const source = Object.assign(
    () => {
      source.passes += 1;
      return (async function* () {
        for (const batch of batches) yield batch.map((row) => structuredClone(row));
      })();
    },
    { passes: 0 },
  );
  return source;
}

/** The blob's exact text, BOM included (Blob.text() strips a leading BOM). */
export async function blobText(blob: Blob): Promise<string> {
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(await blob.arrayBuffer());
}

/**
 * Rebuilds every root row's nested lists from its child tables' records, the way an analyst
 * joins them: child rows whose parent-key columns equal the parent's key, ordered by `_idx`.
 * Columns are unflattened with `parseColumn`, a table whose only data column is `value` holds
 * scalars, one whose only data is `list` holds lists. Returns, per root key, each list's path
 * (`line_items`, `condition.include`) and the rebuilt list.
 */
export function joinBack(
  tables: { name: string; path: readonly (readonly string[])[]; keyColumns: readonly string[]; parentColumns: readonly string[]; records: FlatRecordLike[] }[],
): Map<string, Map<string, unknown[]>> {
  const byPath = new Map(tables.map((t) => [JSON.stringify(t.path), t]));
  const children = (path: readonly (readonly string[])[]) => tables.filter((t) => t.path.length === path.length + 1 && JSON.stringify(t.path.slice(0, -1)) === JSON.stringify(path));
  const rowsByParent = new Map<string, Map<string, FlatRecordLike[]>>();
  for (const t of tables) {
    if (t.path.length === 0) continue;
    const groups = new Map<string, FlatRecordLike[]>();
    for (const r of t.records) {
      const parentKey = JSON.stringify(t.parentColumns.map((c) => r[c]));
      groups.set(parentKey, [...(groups.get(parentKey) ?? []), r]);
    }
    for (const g of groups.values()) g.sort((a, b) => Number(a._idx) - Number(b._idx));
    rowsByParent.set(t.name, groups);
  }
  const element = (t: (typeof tables)[number], record: FlatRecordLike): unknown => {
    const data = Object.keys(record).filter((c) => !t.keyColumns.includes(c));
    const grand = children(t.path);
    const key = JSON.stringify(t.keyColumns.map((c) => record[c]));
    const nestedLists = grand.map((g) => ({ step: g.path[g.path.length - 1], items: (rowsByParent.get(g.name)?.get(key) ?? []).map((r) => element(g, r)) }));
    if (data.length === 1 && data[0] === 'value' && nestedLists.every((l) => l.items.length === 0)) return record.value;
    if (data.length === 0 && nestedLists.length === 1 && nestedLists[0].step.join('.') === 'list') return nestedLists[0].items;
    const obj: Record<string, unknown> = {};
    for (const c of data) setPath(obj, parseColumn(c), record[c]);
    for (const l of nestedLists) if (l.items.length > 0) setPath(obj, [...l.step], l.items);
    return obj;
  };
  const result = new Map<string, Map<string, unknown[]>>();
  const root = byPath.get('[]')!;
  for (const record of root.records) {
    const key = JSON.stringify(root.keyColumns.map((c) => record[c]));
    const lists = new Map<string, unknown[]>();
    for (const child of children([])) {
      lists.set(child.path[0].join('.'), (rowsByParent.get(child.name)?.get(key) ?? []).map((r) => element(child, r)));
    }
    result.set(key, lists);
  }
  return result;
}

type FlatRecordLike = Record<string, unknown>;

function setPath(target: Record<string, unknown>, keys: string[], value: unknown): void {
  let node = target;
  keys.slice(0, -1).forEach((k) => {
    if (typeof node[k] !== 'object' || node[k] === null) node[k] = {};
    node = node[k] as Record<string, unknown>;
  });
  node[keys[keys.length - 1]] = value;
}
