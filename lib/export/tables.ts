/**
 * Nested lists as child tables, the way dlt's relational normaliser splits them
 * (`dlt/common/normalizers/json/relational.py`, `tests/normalize/test_max_nesting.py`), with
 * readable key columns instead of dlt's `_dlt_id`/`_dlt_parent_id`/`_dlt_list_idx`:
 *
 * - A list inside a row becomes its own table named `<table>__<key>` (`sales__line_items`); a list
 *   inside a nested object is named by the whole way to it (`promotions__condition__include`), and
 *   a list inside a child row adds to the child's name (`sales__line_items__tax_components`).
 * - Each child row carries its parent's primary key and its position in the list, `_idx` (from
 *   0). Under a top-level table the parent key columns are `_<table>_<key column>` (`_sales_id`,
 *   or one column per part of a composite key, as dlt's `include_from_parent` names parent
 *   fields); deeper down they are the parent's own key columns with the parent's `_idx` renamed
 *   `_<list path>_idx` (`_sales_id`, `_line_items_idx`, `_idx`). A join on those columns gives
 *   back the original list, element for element.
 * - Lists of scalars become child tables too, one row per element with the element in `value`
 *   (dlt's `wrap_in_dict`); an element that is itself a list becomes a row whose `list` field is
 *   a list, so it nests one level further (`…__list`), as dlt does.
 * - `max_table_nesting` (dlt's `max_nesting`) stops all of this at a depth: at the limit, nested
 *   objects are no longer flattened and lists are no longer split; both are written whole as JSON
 *   text. 0 keeps every top-level field whole; unset means no limit.
 * - A table without a primary key has nothing to link child rows by: its lists stay JSON text in
 *   one cell (dlt would link them by generated row ids, which would differ on every export).
 */
import { quoteKey } from '@/lib/jsonpath';
import { columnName } from './column-name';
import { cellValue, isPlainObject, leafValue } from './flatten';
import type { FlatRecord, Row } from './types';

/** The keys from a row to one of its lists, through nested objects: `['line_items']`, `['condition', 'include']`. */
export type ListStep = readonly string[];

/** What a top-level table splits into depends on these (config), not on the data. */
export interface TablePlan {
  /** The resource's name: the root table's name and every child table's prefix. */
  root: string;
  /** The resource's primary key columns; without one, no child tables. */
  primaryKey: readonly string[];
  /** dlt's `max_table_nesting`; undefined = no limit. */
  maxTableNesting?: number;
}

/** One table of a resource's tree, able to turn a stored (root) row into this table's records. */
export interface TableView {
  name: string;
  /** Steps from the root row down to this table's list; [] for the root table. */
  path: readonly ListStep[];
  /** Key columns of this table: the resource's key at the root; parent key columns + `_idx` below. */
  primaryKey: string[];
  /** For a child table: its columns that hold the parent's key, and the parent's key columns they match. */
  parent?: { table: string; columns: string[]; references: string[] };
  /** Columns the table writes itself (a child table's key columns), before any data column. */
  keyColumns: string[];
  /** This table's records from one stored row of the root table (none, one or many). */
  records(row: Row): FlatRecord[];
  /**
   * For JSON: a child table's list elements as the API sent them (nested fields and lists kept),
   * each after its key fields; a scalar element as `value`. A field named like a key column is
   * written `['_idx']`, as in the columns.
   */
  elements(row: Row): Row[];
  /** As `records`, with each leaf value as stored (bigints, arrays beyond the nesting limit), for typed formats (Parquet). */
  leafRecords(row: Row): Record<string, unknown>[];
}

/** A table found in the data: its place in the tree and its columns in first-seen order (key columns first). */
export interface TableShape {
  name: string;
  path: ListStep[];
  columns: string[];
}

const IDX = '_idx';
const SCALAR_COLUMN = 'value';
const LIST_COLUMN = 'list';

/** The table name segment for a key: as it is unless a `__` join would be ambiguous. */
function tableSegment(key: string): string {
  if (key !== '' && !key.includes('__') && !key.endsWith('_') && !/[[']/.test(key)) return key;
  return quoteKey(key);
}

export function childTableName(parent: string, step: ListStep): string {
  return `${parent}__${step.map(tableSegment).join('__')}`;
}

function limitOf(plan: TablePlan): number {
  const n = plan.maxTableNesting;
  return n === undefined || n === null || !Number.isFinite(n) || n < 0 ? Infinity : Math.floor(n);
}

/** A table of the tree: its name, place and key columns (which do not depend on the data). */
interface Level {
  name: string;
  path: ListStep[];
  primaryKey: string[];
  reserved: ReadonlySet<string>;
  /** ShapeCollector's memo: per row depth, the structure of the last object whose columns it added. */
  structures?: Structure[];
}

function rootLevel(plan: TablePlan): Level {
  return { name: plan.root, path: [], primaryKey: [...plan.primaryKey], reserved: new Set() };
}

/** The child table under `parent` reached by `step`, with its key columns. */
function childLevel(plan: TablePlan, parent: Level, step: ListStep): Level {
  const name = childTableName(parent.name, step);
  const linkColumns =
    parent.path.length === 0
      ? parent.primaryKey.map((k) => `_${plan.root}_${k}`)
      : parent.primaryKey.map((k, i) => (i === parent.primaryKey.length - 1 ? `_${parent.name.slice(plan.root.length + 2)}${IDX}` : k));
  const primaryKey = [...linkColumns, IDX];
  return { name, path: [...parent.path, step], primaryKey, reserved: new Set(primaryKey) };
}

interface FoundList {
  step: string[];
  items: unknown[];
}

/**
 * Flattens one row of a table (an object at row depth `depth`): scalars and nested objects into
 * `out` (when given), lists into `lists` (when they split, else into `out` as JSON text), the
 * way dlt's `_flatten` does with its recursion level.
 */
function flattenLevel(
  object: Record<string, unknown>,
  depth: number,
  limit: number,
  split: boolean,
  reserved: ReadonlySet<string>,
  out: Record<string, unknown> | null,
  columns: Set<string> | null,
  lists: FoundList[],
  /** Keep leaf values as stored (typed formats) instead of as cells. */
  leaves = false,
): void {
  // Hot path (every row of every page the sync commits): no closures, no key arrays unless a list is found.
  const walk = (obj: Record<string, unknown>, level: number, prefix: string | null, keys: readonly string[] | null) => {
    for (const key in obj) {
      if (!Object.prototype.hasOwnProperty.call(obj, key)) continue;
      const value = obj[key];
      const column = prefix === null ? (reserved.size && reserved.has(key) ? columnName(null, key, reserved) : topColumn(key)) : columnName(prefix, key);
      const isList = Array.isArray(value);
      const nested = isList || hasOwnKeys(value);
      if (nested && level < limit) {
        if (!isList) {
          walk(value as Record<string, unknown>, level + 1, column, keys ? [...keys, key] : [key]);
          continue;
        }
        if (split) {
          lists.push({ step: keys ? [...keys, key] : [key], items: value as unknown[] });
          continue;
        }
      }
      if (out) out[column] = leaves ? leafValue(value) : cellValue(value);
      columns?.add(column);
    }
  };
  walk(object, depth, null, null);
}

/** Top-level column names repeat on every row: computed once per key. */
const topColumns = new Map<string, string>();
function topColumn(key: string): string {
  let column = topColumns.get(key);
  if (column === undefined) {
    column = columnName(null, key);
    if (topColumns.size < 10_000) topColumns.set(key, column);
  }
  return column;
}

/** A plain object with at least one own key (without building its key list). */
function hasOwnKeys(value: unknown): value is Record<string, unknown> {
  if (!isPlainObject(value)) return false;
  for (const key in value) if (Object.prototype.hasOwnProperty.call(value, key)) return true;
  return false;
}

/**
 * A root row's key value as stored (a bigint stays a bigint): each view writes a child's key
 * columns exactly as it writes the parent's own key column (cells, leaves or JSON values), so both
 * sides of the join have one value and one type in every format.
 */
function keyValueOf(row: Row, column: string): unknown {
  return Object.prototype.hasOwnProperty.call(row, column) ? row[column] : null;
}

/**
 * Visits the rows of one list as rows of `level`'s table, calling `visit` with each element as
 * an object (a scalar wrapped as `{value}`, a list wrapped as `{list}`) and its row depth.
 */
function listRows(items: unknown[], depth: number, visit: (element: Record<string, unknown>, idx: number, depth: number) => void): void {
  items.forEach((item, idx) => {
    if (isPlainObject(item)) visit(item, idx, depth);
    else if (Array.isArray(item)) visit({ [LIST_COLUMN]: item }, idx, depth + 1);
    else visit({ [SCALAR_COLUMN]: item }, idx, depth);
  });
}

function sameStep(a: ListStep, b: ListStep): boolean {
  return a.length === b.length && a.every((k, i) => k === b[i]);
}

/** The root table and the child table at `path` of a resource, as a view over its stored rows. */
export function tableView(plan: TablePlan, path: readonly ListStep[] = []): TableView {
  const limit = limitOf(plan);
  const split = plan.primaryKey.length > 0;
  const levels: Level[] = [rootLevel(plan)];
  // Row depths (which max_table_nesting counts) come from the data: a list inside a list adds one.
  for (const step of path) levels.push(childLevel(plan, levels[levels.length - 1], step));
  const target = levels[levels.length - 1];
  const parent = levels.length > 1 ? levels[levels.length - 2] : undefined;

  const walkTo = <T>(row: Row, emit: (object: Record<string, unknown>, depth: number, key: unknown[]) => T): T[] => {
    const out: T[] = [];
    const rootKey = plan.primaryKey.map((k) => keyValueOf(row, k));
    const descend = (object: Record<string, unknown>, depth: number, index: number, key: unknown[]) => {
      if (index === levels.length - 1) {
        out.push(emit(object, depth, key));
        return;
      }
      const level = levels[index];
      const lists: FoundList[] = [];
      flattenLevel(object, depth, limit, split, level.reserved, null, null, lists);
      const step = levels[index + 1].path[index];
      for (const list of lists) {
        if (!sameStep(list.step, step)) continue;
        listRows(list.items, depth + 1, (element, idx, elementDepth) => descend(element, elementDepth, index + 1, [...key, idx]));
      }
    };
    descend(row, 0, 0, rootKey);
    return out;
  };

  /** Rows of this table from one stored row: cells (`leaves` false) or leaf values as stored (typed formats). */
  const recordsAs =
    (leaves: boolean) =>
    (row: Row): Record<string, unknown>[] =>
      walkTo(row, (object, depth, key) => {
        const record: Record<string, unknown> = Object.create(null);
        target.primaryKey.forEach((column, i) => (record[column] = leaves ? leafValue(key[i]) : cellValue(key[i])));
        flattenLevel(object, depth, limit, split, target.reserved, record, null, [], leaves);
        return record;
      });
  const records = recordsAs(false) as (row: Row) => FlatRecord[];
  const leafRecords = recordsAs(true);

  const elements = (row: Row): Row[] =>
    path.length === 0
      ? [row]
      : walkTo(row, (object, _depth, key) => {
          const element: Row = {};
          target.primaryKey.forEach((column, i) => (element[column] = key[i]));
          for (const k of Object.keys(object)) element[columnName(null, k, target.reserved)] = object[k];
          return element;
        });

  return {
    name: target.name,
    path,
    primaryKey: target.primaryKey,
    keyColumns: path.length === 0 ? [] : target.primaryKey,
    parent: parent && { table: parent.name, columns: target.primaryKey.slice(0, -1), references: parent.primaryKey },
    records,
    elements,
    leafRecords,
  };
}

/**
 * Collects every table a resource's rows split into, with their columns, across calls (one per
 * stored row, in stored order). The root table is always there, even before any row.
 */
export class ShapeCollector {
  private readonly limit: number;
  private readonly split: boolean;
  private readonly tables = new Map<string, { path: ListStep[]; columns: Set<string> }>();
  private readonly root: Level;

  constructor(private readonly plan: TablePlan, known: readonly TableShape[] = []) {
    this.limit = limitOf(plan);
    this.split = plan.primaryKey.length > 0;
    this.root = rootLevel(plan);
    this.tables.set(this.root.name, { path: [], columns: new Set(plan.primaryKey) });
    for (const t of known) {
      const entry = this.entry(t.name, t.path);
      for (const c of t.columns) entry.columns.add(c);
    }
  }

  private entry(name: string, path: ListStep[]) {
    let entry = this.tables.get(name);
    if (!entry) {
      entry = { path, columns: new Set() };
      this.tables.set(name, entry);
    }
    return entry;
  }

  /**
   * Adds the tables and columns of one stored row; returns whether anything new was found. As in
   * dlt, a child table exists once a list has had an element: always-empty lists make no table.
   */
  add(row: Row): boolean {
    let grew = false;
    const visit = (object: Record<string, unknown>, level: Level, depth: number) => {
      // Most objects of a table have the keys (and nesting) of the one before: then they add no
      // column, and only their lists need a visit. Checking that costs a tenth of re-adding columns.
      const known = level.structures?.[depth];
      let lists: FoundList[];
      if (known && sameStructure(object, known, depth, this.limit)) {
        lists = [];
        listsOf(object, known, lists);
      } else {
        const entry = this.entry(level.name, level.path);
        const before = entry.columns.size;
        if (before === 0) for (const k of level.primaryKey) entry.columns.add(k);
        lists = [];
        flattenLevel(object, depth, this.limit, this.split, level.reserved, null, entry.columns, lists);
        if (entry.columns.size !== before) grew = true;
        (level.structures ??= [])[depth] = structureOf(object, depth, this.limit, this.split, null);
      }
      for (const list of lists) {
        if (list.items.length === 0) continue;
        const child = this.childOf(level, list.step);
        listRows(list.items, depth + 1, (element, _idx, elementDepth) => visit(element, child, elementDepth));
      }
    };
    visit(row, this.root, 0);
    return grew;
  }

  private readonly children = new Map<string, Level>();

  /** The child level under `parent` for `step`, built once (its name and keys do not change). */
  private childOf(parent: Level, step: ListStep): Level {
    const id = step.length === 1 ? `${parent.name}\u0000${step[0]}` : `${parent.name}\u0000${JSON.stringify(step)}`;
    let child = this.children.get(id);
    if (!child) {
      child = childLevel(this.plan, parent, step);
      this.children.set(id, child);
    }
    return child;
  }

  /** The tables found so far, root first, then children in first-seen order. */
  shapes(): TableShape[] {
    return [...this.tables].map(([name, t]) => ({ name, path: t.path.map((s) => [...s]), columns: [...t.columns] }));
  }
}

/**
 * The keys of an object in order, and for each whether it is a list (split off), a nested
 * object (its own structure) or a cell (a scalar, an empty object, or anything at the nesting limit).
 */
interface Structure {
  keys: string[];
  kinds: (Structure | 'list' | 'cell')[];
  /** For each list key: the keys from the top object to it (its child table's step). */
  steps: (string[] | null)[];
}

function structureOf(object: Record<string, unknown>, level: number, limit: number, split: boolean, keysTo: string[] | null): Structure {
  const keys: string[] = [];
  const kinds: Structure['kinds'] = [];
  const steps: Structure['steps'] = [];
  for (const key in object) {
    if (!Object.prototype.hasOwnProperty.call(object, key)) continue;
    const value = object[key];
    keys.push(key);
    const step = keysTo ? [...keysTo, key] : [key];
    steps.push(null);
    if (level >= limit) kinds.push('cell');
    else if (Array.isArray(value)) {
      kinds.push(split ? 'list' : 'cell');
      if (split) steps[steps.length - 1] = step;
    } else if (hasOwnKeys(value)) kinds.push(structureOf(value, level + 1, limit, split, step));
    else kinds.push('cell');
  }
  return { keys, kinds, steps };
}

/** Whether `object` has exactly `structure`'s keys, in order, each of the same kind (so the same columns). */
function sameStructure(object: Record<string, unknown>, structure: Structure, level: number, limit: number): boolean {
  let i = 0;
  for (const key in object) {
    if (!Object.prototype.hasOwnProperty.call(object, key)) continue;
    if (key !== structure.keys[i]) return false;
    const kind = structure.kinds[i];
    const value = object[key];
    if (level < limit) {
      if (kind === 'list') {
        if (!Array.isArray(value)) return false;
      } else if (kind === 'cell') {
        if (Array.isArray(value) || hasOwnKeys(value)) return false;
      } else if (!hasOwnKeys(value) || !sameStructure(value, kind, level + 1, limit)) {
        return false;
      }
    }
    i++;
  }
  return i === structure.keys.length;
}

/** The lists of an object known to have `structure`. */
function listsOf(object: Record<string, unknown>, structure: Structure, out: FoundList[]): void {
  const { kinds, keys, steps } = structure;
  for (let i = 0; i < kinds.length; i++) {
    const kind = kinds[i];
    if (kind === 'cell') continue;
    if (kind === 'list') out.push({ step: steps[i]!, items: object[keys[i]] as unknown[] });
    else listsOf(object[keys[i]] as Record<string, unknown>, kind, out);
  }
}
