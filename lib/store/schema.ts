/**
 * IndexedDB layout. Tables come from a user's config, so every table shares the same object
 * stores, keyed `[table, generation, seq]`: a key range per table gives ordered batch reads and
 * whole-table deletes without schema changes per config. The generation lets a `replace` sync (or
 * a compaction) write a new copy beside the old one and swap by flipping one number.
 *
 * Rows are stored a page at a time ("chunks"), not one record per row: Chromium's IndexedDB
 * spends most of a write on per-record overhead, and 50k sales written as 100 page records take
 * about a fifth of the time of 50k row records (bench/write-experiment.ts). Merge-by-key is kept
 * logically: each chunk's primary keys are stored beside it in `chunkKeys`, the last copy of a key
 * wins on every read, and superseded copies are compacted away (see chunks.ts).
 */
import type { DBSchema } from 'idb';
import type { CursorValue, JsonValue } from '@/lib/config/types';
import type { SerializedError } from '@/lib/errors';
import type { RecordedShape } from '@/lib/export/resource-tables';
import type { ResourceSyncStatus } from '@/lib/messages';

export const DB_NAME = 'retail-exporter';
/** 1: one record per row in `rows`; 2: page chunks (converted on upgrade); 3: soft-deleted rows counted per chunk. */
export const DB_VERSION = 3;

export type Row = Record<string, unknown>;
/**
 * A primary-key value: text, a number, or an integer beyond 2^53 − 1 as the API sent it (`bigint`:
 * two ids differing only past the 16th digit are two rows). Kept in chunk indexes (values, which
 * structured clone stores exactly), never used as an IndexedDB key.
 */
export type KeyPart = string | number | bigint;
/** Version 1's row key, `[table, generation, ...primaryKey]`; read only when upgrading. */
export type RowKey = [string, number, ...(string | number)[]];
/** `[table, generation, seq]`: chunks of one generation sort in the order they were written. */
export type ChunkKey = [string, number, number];
/** A row's identity for merge-by-key: the key itself when it has one part, else its parts' JSON. */
export type KeyId = string | number | bigint;

/** One committed page (or group of child pages) of a table. */
export interface Chunk {
  rows: Row[];
}

/** Stored beside each chunk, so keys and counts are read without the rows. */
export interface ChunkIndex {
  /** Rows in the chunk. */
  n: number;
  /** Key ids in row order; `null` for tables without a primary key (every row is kept). */
  keys: KeyId[] | null;
  /** Positions of soft-deleted rows (`deleted_at` set); absent when the chunk has none. */
  del?: number[];
}

/** Where a row sits: `[generation, seq, index in chunk]`. A child walk resumes after one. */
export type RowPosition = [number, number, number];

/** Where a resource's walk continues from; committed in the same transaction as the page it follows. */
export interface Checkpoint {
  /** Paginator state after the last committed page (top-level resources). */
  paginator: JsonValue | null;
  /** Child resources: position of the last parent row fully visited. */
  parentPosition?: RowPosition | null;
  /**
   * Top-level resources without a data_selector: the keys to the records detected on the walk's
   * first response (`[]` for the whole body), so a resumed walk reads its pages the same way.
   */
  dataSelector?: string[];
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
  /** Of `rowsStored`, the soft-deleted ones (exports hide them by default); exact after each walk. */
  rowsDeleted?: number;
  /** Sequence number of the next chunk written (any generation): chunks sort in write order. */
  nextChunk: number;
  status: ResourceSyncStatus;
  pagesFetched: number;
  rowsFetched: number;
  parentsDone?: number;
  startedAt?: number;
  finishedAt?: number;
  lastSyncedAt?: number;
  checkpoint: Checkpoint | null;
  error?: SerializedError;
  /** Before child tables: the flattened columns in first-seen order. No longer written or read (see `shape`). */
  columns?: string[];
  /** The tables the rows split into (own + child tables) and their columns, when known (see ColumnLog). */
  shape?: RecordedShape;
  /** Incremental resources: the highest cursor value committed so far (dlt's last_value). */
  incrementalValue?: CursorValue;
  /** Incremental resources: the value the latest walk started after (rows above it changed in that walk). */
  incrementalStart?: CursorValue;
  /**
   * Incremental resources: hashes of the rows whose cursor equals `incrementalValue` (dlt's
   * `unique_hashes`), so rows at the boundary are not loaded again by the next walk.
   */
  incrementalHashes?: string[];
  /** `incrementalHashes` as they were when the latest walk started: the rows that walk drops at its start value. */
  incrementalStartHashes?: string[];
  /** Rows per request the API accepted after refusing the configured page size (HTTP 400); kept across syncs and full refreshes. */
  pageSizeLimit?: number;
  /** Child resources: parents whose child requests failed for good; the next walk visits them again. */
  failedParents?: FailedParent[];
  /** Failed parents beyond those listed (the list is capped): the next walk visits every parent. */
  failedParentsMore?: number;
}

/** A parent row whose child requests failed, by the values its placeholders take, and why. */
export interface FailedParent {
  /** The parent's `{resources.<parent>.<field>}` values (see `FailedParents.id`). */
  id: KeyId;
  /** The failure, in the store owner's words, without the table name. */
  reason: string;
}

export interface ExporterDB extends DBSchema {
  chunks: { key: ChunkKey; value: Chunk };
  chunkKeys: { key: ChunkKey; value: ChunkIndex };
  tables: { key: string; value: TableState };
  meta: { key: string; value: JsonValue };
}

export function emptyTableState(resource: string): TableState {
  return {
    resource,
    generation: 0,
    stagingGeneration: null,
    rowsStored: 0,
    nextChunk: 0,
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

/** Every generation of `table` above `generation`: leftovers of a replace or compaction that never finished. */
export function generationsAbove(table: string, generation: number): IDBKeyRange {
  return IDBKeyRange.bound([table, generation + 1], [table, []]);
}

/** Everything of `table`. */
export function tableRange(table: string): IDBKeyRange {
  return IDBKeyRange.bound([table], [table, []]);
}
