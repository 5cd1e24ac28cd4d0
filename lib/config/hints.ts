/**
 * dlt's resource hints (`TResourceHintsBase` in `dlt/extract/hints.py`): the write disposition in
 * both its forms, and the schema hints that only dlt's loader uses, each accepted with a warning
 * that names it and says what happens here instead.
 */
import { describeValue } from '@/lib/paginators/options';
import { isPlainObject, join, type IssueLog, type PlainObject } from './issues';
import type { WriteDisposition } from './types';

const DISPOSITIONS: WriteDisposition[] = ['merge', 'append', 'replace'];

/** Resource hints dlt accepts whose effect is in dlt's loader/schema; each is a warning here. */
export const LOADER_HINTS: Record<string, string> = {
  table_name: 'the table is kept and exported under the resource name',
  columns: 'column hints are not applied: rows keep the API\'s JSON values',
  merge_key: 'rows are merged by primary_key only',
  parent: 'the table is kept under the resource name, linked to its parent only through placeholders',
  parent_table_name: 'the table is kept under the resource name',
  schema_contract: 'new columns are always accepted',
  table_format: 'tables are kept in the browser, not in a table format',
  file_format: 'exports choose their file format',
  references: 'table references are not exported',
  nested_hints: 'nested data is exported as it arrives',
  parallelized: 'resources already run concurrently',
  processing_steps: 'filter/map steps are Python functions and cannot run here',
};

function merge(primaryKey: string[], where: string, log: IssueLog, why: string): WriteDisposition {
  if (primaryKey.length) return 'merge';
  log.warn(where, `${why} without a primary_key: rows are appended, as dlt does when there is no key to merge on`);
  return 'append';
}

/**
 * `write_disposition` as a name or dlt's dict `{"disposition", "strategy", …}`. Without one, rows
 * are appended, as dlt's `dlt.resource` default is, also with a primary_key (dlt keeps every row of
 * a run: comments keyed by an `id` that repeats per post are all loaded). A key without a
 * disposition is a warning, since every sync then adds the rows again.
 */
export function resolveWriteDisposition(raw: unknown, primaryKey: string[], where: string, log: IssueLog): WriteDisposition {
  if (raw === undefined || raw === null) {
    if (primaryKey.length) {
      log.warn(
        where,
        `primary_key is set but write_disposition is not: dlt's default appends, so every sync adds the rows again; write_disposition "merge" keeps one row per ${primaryKey.join(' + ')}`,
      );
    }
    return 'append';
  }
  const dict: PlainObject | null = isPlainObject(raw) ? raw : null;
  const disposition = dict ? dict.disposition : raw;
  const dWhere = dict ? join(where, 'disposition') : where;
  if (disposition === 'skip') {
    log.warn(dWhere, 'write_disposition "skip" stores nothing in dlt; here the table is synced and appended');
    return 'append';
  }
  if (typeof disposition !== 'string' || !DISPOSITIONS.includes(disposition as WriteDisposition)) {
    log.error(dWhere, `write_disposition must be one of ${DISPOSITIONS.join(', ')} (or {"disposition": …, "strategy": …}), got ${describeValue(disposition)}`);
    return primaryKey.length ? 'merge' : 'append';
  }
  const strategy = dict?.strategy;
  if (dict) {
    const extra = Object.keys(dict).filter((k) => k !== 'disposition' && k !== 'strategy');
    if (extra.length && !(disposition === 'merge' && strategy === 'scd2')) {
      log.warn(join(where, extra[0]), `${extra.map((k) => `"${k}"`).join(', ')} ${extra.length > 1 ? 'are' : 'is'} not used by the ${disposition} disposition here; ignored`);
    }
  }
  if (disposition === 'merge') {
    if (strategy === undefined || strategy === null || strategy === 'delete-insert' || strategy === 'upsert') return merge(primaryKey, where, log, 'write_disposition "merge"');
    const sWhere = join(where, 'strategy');
    if (strategy === 'scd2') {
      log.warn(sWhere, 'merge strategy "scd2" (history rows with validity columns) is not supported: rows are merged by primary_key instead, the latest copy of each row kept, and no validity columns are added');
      return merge(primaryKey, where, log, 'merge strategy "scd2"');
    }
    if (strategy === 'insert-only') {
      log.warn(sWhere, 'merge strategy "insert-only" is not supported: rows are merged by primary_key, so a changed row replaces its stored copy');
      return merge(primaryKey, where, log, 'merge strategy "insert-only"');
    }
    log.error(sWhere, `merge strategy must be one of delete-insert, upsert, scd2, insert-only, got ${describeValue(strategy)}`);
    return 'merge';
  }
  if (disposition === 'replace' && strategy !== undefined && strategy !== null) {
    // dlt's replace strategies differ in how its loader swaps tables; the result is the same here.
    if (!['truncate-and-insert', 'insert-from-staging', 'staging-optimized'].includes(String(strategy))) {
      log.error(join(where, 'strategy'), `replace strategy must be one of truncate-and-insert, insert-from-staging, staging-optimized, got ${describeValue(strategy)}`);
    }
  } else if (disposition === 'append' && strategy !== undefined && strategy !== null) {
    log.warn(join(where, 'strategy'), 'the append disposition takes no strategy; ignored');
  }
  return disposition as WriteDisposition;
}

/** `max_table_nesting`: a whole number ≥ 0, kept for exports that flatten nested objects. */
export function resolveMaxTableNesting(raw: unknown, where: string, log: IssueLog): number | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (Number.isInteger(raw) && (raw as number) >= 0) return raw as number;
  log.error(where, `max_table_nesting must be a whole number ≥ 0, got ${describeValue(raw)}`);
  return undefined;
}

/** A warning for each loader-only hint present, naming it and what happens instead. */
export function warnLoaderHints(merged: PlainObject, label: string, log: IssueLog): void {
  for (const [key, instead] of Object.entries(LOADER_HINTS)) {
    if (merged[key] === undefined) continue;
    if (key === 'table_name' && merged[key] !== null && typeof merged[key] !== 'string') {
      log.error(join(label, key), `table_name must be a string (dlt's table-name functions cannot run here), got ${describeValue(merged[key])}`);
      continue;
    }
    log.warn(join(label, key), `"${key}" is a dlt loader hint: ${instead}`);
  }
}
