/**
 * IndexedDB layout. Tables come from a user's config, so rows of every table share one object
 * store, keyed `[table, generation, ...primaryKey]`: a key range per table gives merge-by-key,
 * ordered batch reads and whole-table deletes without schema changes per config. The generation
 * lets a `replace` sync write a new copy beside the old one and swap by flipping one number.
 */
import type { DBSchema } from 'idb';
import type { JsonPrimitive, JsonValue } from '@/lib/config/types';
import type { SerializedError } from '@/lib/errors';
import type { ResourceSyncStatus } from '@/lib/messages';

export const DB_NAME = 'retail-exporter';
export const DB_VERSION = 1;

export type Row = Record<string, unknown>;
/** A primary-key value as IndexedDB accepts it. */
export type KeyPart = string | number;
export type RowKey = [string, number, ...KeyPart[]];

/** Where a resource's walk continues from; committed in the same transaction as the page it follows. */
export interface Checkpoint {
  /** Paginator state after the last committed page (top-level resources). */
  paginator: JsonValue | null;
  /** Child resources: row key of the last parent row fully visited. */
  parentKey?: RowKey | null;
  /** The walk reached its end. */
  done: boolean;
}

export interface TableState {
  resource: string;
  /** Generation whose rows are the table's current contents. */
  generation: number;
  /** A `replace` sync in progress writes here; swapped in when it completes. */
  stagingGeneration: number | null;
  /** Rows in the current generation (kept with every commit, so counts never scan a table). */
  rowsStored: number;
  /** Next sequence number for `append` tables, which have no primary key. */
  appendSeq: number;
  status: ResourceSyncStatus;
  pagesFetched: number;
  rowsFetched: number;
  parentsDone?: number;
  startedAt?: number;
  finishedAt?: number;
  lastSyncedAt?: number;
  checkpoint: Checkpoint | null;
  error?: SerializedError;
  /** Every flattened CSV column of the stored rows in first-seen order, when known (see ColumnLog). */
  columns?: string[];
  /** Incremental resources: the highest cursor value committed so far (dlt's last_value). */
  incrementalValue?: JsonPrimitive;
  /** Incremental resources: the value the latest walk started after (rows above it changed in that walk). */
  incrementalStart?: JsonPrimitive;
  /** Rows per request the API accepted after refusing the configured page size (HTTP 400); kept across syncs and full refreshes. */
  pageSizeLimit?: number;
}

export interface ExporterDB extends DBSchema {
  rows: { key: RowKey; value: Row };
  tables: { key: string; value: TableState };
  meta: { key: string; value: JsonValue };
}

export function emptyTableState(resource: string): TableState {
  return {
    resource,
    generation: 0,
    stagingGeneration: null,
    rowsStored: 0,
    appendSeq: 0,
    status: 'idle',
    pagesFetched: 0,
    rowsFetched: 0,
    checkpoint: null,
  };
}

/** Every key of `table` in `generation` sorts between these two (arrays sort after strings and numbers). */
export function generationRange(table: string, generation: number): IDBKeyRange {
  return IDBKeyRange.bound([table, generation], [table, generation, []]);
}
