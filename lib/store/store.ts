import { openDB, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import { SyncError } from '@/lib/errors';
import { CHUNK_ROWS, keyId, liveIndex, readPlan, shouldCompact, type LiveChunk, type LiveIndex } from './chunks';
import { deletedPositions } from './soft-delete';
import { countDeletedRows, upgradeRowsToChunks } from './upgrade';
import {
  DB_NAME,
  DB_VERSION,
  emptyTableState,
  generationRange,
  generationsAbove,
  tableRange,
  type Chunk,
  type ChunkIndex,
  type ChunkKey,
  type ExporterDB,
  type KeyId,
  type KeyPart,
  type Row,
  type RowPosition,
  type TableState,
} from './schema';

export interface PageWrite {
  rows: Row[];
  /** Primary-key values per row (same order as `rows`); `null` for append tables. */
  keys: KeyPart[][] | null;
}

/** Fields of the table state a page commit may set besides the row counters. */
export type StatePatch = Partial<Omit<TableState, 'resource' | 'generation' | 'rowsStored' | 'nextChunk'>>;

export interface Entries {
  rows: Row[];
  positions: RowPosition[];
  /** Key ids of `rows` when asked for (`withKeys`); `null` otherwise or for a table without a primary key. */
  keys: KeyId[] | null;
}

/** Stored rows per read: chunks are grouped until a read brings about this many. */
const READ_BATCH = 1000;

type RowStores = 'tables' | 'chunks' | 'chunkKeys';
const ROW_STORES: RowStores[] = ['tables', 'chunks', 'chunkKeys'];

export class Store {
  private constructor(readonly db: IDBPDatabase<ExporterDB>) {}

  static async open(name: string = DB_NAME): Promise<Store> {
    const db = await openDB<ExporterDB>(name, DB_VERSION, {
      async upgrade(db, oldVersion, _newVersion, tx) {
        if (oldVersion < 1) {
          db.createObjectStore('tables', { keyPath: 'resource' });
          db.createObjectStore('meta');
        }
        if (oldVersion < 2) {
          db.createObjectStore('chunks');
          db.createObjectStore('chunkKeys');
          if (oldVersion >= 1) await upgradeRowsToChunks(db, tx);
        }
        if (oldVersion >= 1 && oldVersion < 3) await countDeletedRows(tx);
      },
    });
    return new Store(db);
  }

  close(): void {
    this.db.close();
  }

  async tableState(resource: string): Promise<TableState> {
    return (await this.db.get('tables', resource)) ?? emptyTableState(resource);
  }

  async allTableStates(): Promise<TableState[]> {
    return this.db.getAll('tables');
  }

  /** Status-only updates (queued, error, …) that do not touch rows. */
  async patchTableState(resource: string, patch: StatePatch): Promise<TableState> {
    const tx = this.db.transaction('tables', 'readwrite');
    const current = (await tx.store.get(resource)) ?? emptyTableState(resource);
    const next = { ...current, ...patch, resource };
    await tx.store.put(next);
    await done(tx.done, resource);
    return next;
  }

  /**
   * Starts a walk from scratch. A `replace` table gets a fresh staging generation so its current
   * rows stay visible (and intact if the walk fails) until `finishWalk` swaps it in.
   */
  async beginFreshWalk(resource: string, replace: boolean, patch: StatePatch): Promise<TableState> {
    const tx = this.db.transaction(ROW_STORES, 'readwrite');
    const tables = tx.objectStore('tables');
    const current = (await tables.get(resource)) ?? emptyTableState(resource);
    const next: TableState = { ...current, ...patch, checkpoint: null };
    if (replace) {
      // A staging copy left by an earlier failed replace (or compaction) is discarded, not mixed in.
      deleteRange(tx, generationsAbove(resource, current.generation));
      next.stagingGeneration = current.generation + 1;
    }
    await tables.put(next);
    await done(tx.done, resource);
    return next;
  }

  /**
   * Writes one page of rows as chunks of up to CHUNK_ROWS, and the table's new checkpoint, in a single transaction:
   * both commit or neither does, so a resumed sync never skips or double-counts a page.
   */
  async commitPage(resource: string, page: PageWrite, patch: StatePatch): Promise<TableState> {
    const tx = this.db.transaction(ROW_STORES, 'readwrite');
    // Every request is observed through tx.done; after an abort their own rejections are noise.
    tx.done.catch(ignore);
    try {
      const tables = tx.objectStore('tables');
      const current = (await tables.get(resource)) ?? emptyTableState(resource);
      const generation = current.stagingGeneration ?? current.generation;
      const next: TableState = { ...current, ...patch };
      let seq = current.nextChunk;
      let deleted = 0;
      for (let from = 0; from < page.rows.length; from += CHUNK_ROWS) {
        const key: ChunkKey = [resource, generation, seq++];
        const rows = page.rows.slice(from, from + CHUNK_ROWS);
        const index: ChunkIndex = chunkIndex(rows, page.keys ? page.keys.slice(from, from + CHUNK_ROWS).map(keyId) : null);
        deleted += index.del?.length ?? 0;
        // put() clones synchronously, so a row that cannot be stored throws here, before any commit.
        tx.objectStore('chunks').put({ rows }, key).catch(ignore);
        tx.objectStore('chunkKeys').put(index, key).catch(ignore);
      }
      next.nextChunk = seq;
      // The count is exact again when the walk ends (`finishWalk`); until then it may count an
      // updated row twice. A staged `replace` copy is counted when it is swapped in.
      if (current.stagingGeneration === null) {
        next.rowsStored = current.rowsStored + page.rows.length;
        next.rowsDeleted = (current.rowsDeleted ?? 0) + deleted;
      }
      await tables.put(next);
      await done(tx.done, resource);
      return next;
    } catch (err) {
      // A put that throws (an uncloneable row) must not leave the puts queued before it to
      // auto-commit without the checkpoint.
      abortQuietly(tx);
      if (err instanceof SyncError) throw err;
      throw new SyncError('storage', `${resource}: a row could not be saved, so this page was not stored`, {
        resource,
        detail: String(err),
        cause: err,
      });
    }
  }

  /**
   * Ends a walk: a `replace` walk's staging rows become the table's contents (the old generation is
   * dropped in the same transaction), and the row count is made exact from the chunks' keys. A
   * table holding many superseded copies or small chunks is then compacted.
   */
  async finishWalk(resource: string, patch: StatePatch): Promise<TableState> {
    const tx = this.db.transaction(ROW_STORES, 'readwrite');
    const tables = tx.objectStore('tables');
    const current = (await tables.get(resource)) ?? emptyTableState(resource);
    let next: TableState = { ...current, ...patch };
    if (current.stagingGeneration !== null) {
      deleteRange(tx, generationRange(resource, current.generation));
      next = { ...next, generation: current.stagingGeneration, stagingGeneration: null };
    }
    const index = await readLiveIndex(tx, resource, next.generation);
    next.rowsStored = index.distinct;
    next.rowsDeleted = index.deleted;
    await tables.put(next);
    await done(tx.done, resource);
    if (!shouldCompact(index)) return next;
    // The walk's result is already committed; a compaction that fails leaves it as it was.
    return (await this.compact(resource, next.generation).catch(() => null)) ?? next;
  }

  /**
   * Rewrites a table's live rows into full chunks of a new generation, a few chunks per
   * transaction, then swaps it in. Interrupted, it leaves the table as it was plus a partial
   * generation that the next compaction or replace discards.
   */
  async compact(resource: string, generation: number): Promise<TableState | null> {
    // A partial copy left by an interrupted compaction or replace goes first.
    const clear = this.db.transaction(ROW_STORES, 'readwrite');
    deleteRange(clear, generationsAbove(resource, generation));
    await done(clear.done, resource);
    const target = generation + 1;
    let seq = (await this.tableState(resource)).nextChunk;
    for await (const batch of this.iterateEntries(resource, { generation, batchSize: CHUNK_ROWS, withKeys: true })) {
      const tx = this.db.transaction(['chunks', 'chunkKeys'], 'readwrite');
      const key: ChunkKey = [resource, target, seq++];
      void tx.objectStore('chunks').put({ rows: batch.rows }, key);
      void tx.objectStore('chunkKeys').put(chunkIndex(batch.rows, batch.keys), key);
      await done(tx.done, resource);
    }
    const tx = this.db.transaction(ROW_STORES, 'readwrite');
    const tables = tx.objectStore('tables');
    const current = await tables.get(resource);
    if (!current || current.generation !== generation || current.stagingGeneration !== null) {
      // The table changed meanwhile (a sync or a clear); its state wins, the copy goes.
      deleteRange(tx, generationRange(resource, target));
      await done(tx.done, resource);
      return null;
    }
    deleteRange(tx, generationRange(resource, generation));
    const next: TableState = { ...current, generation: target, nextChunk: seq };
    await tables.put(next);
    await done(tx.done, resource);
    return next;
  }

  /** Deletes a table's rows and state. */
  async clearTable(resource: string): Promise<void> {
    const tx = this.db.transaction(ROW_STORES, 'readwrite');
    deleteRange(tx, tableRange(resource));
    void tx.objectStore('tables').delete(resource);
    await done(tx.done, resource);
  }

  /**
   * Reads a table's current rows (the live copy of each key) in the order they were stored, about
   * `batchSize` at a time: first every chunk's keys (small), then the chunks themselves with
   * `getAll` ranges, the next read running while the caller works on the current batch.
   * `after` resumes behind a position; a position from another generation starts over.
   */
  async *iterateEntries(
    resource: string,
    opts: { after?: RowPosition | null; batchSize?: number; generation?: number; withKeys?: boolean } = {},
  ): AsyncGenerator<Entries> {
    const batchSize = opts.batchSize ?? READ_BATCH;
    const generation = opts.generation ?? (await this.tableState(resource)).generation;
    const after = opts.after && opts.after[0] === generation ? opts.after : null;
    const index = await readLiveIndex(this.db.transaction('chunkKeys'), resource, generation);
    const chunks = after ? index.chunks.filter((c) => c.seq >= after[1]) : index.chunks;
    const plan = readPlan(chunks, batchSize);

    const read = async (group: LiveChunk[]) => {
      const range = IDBKeyRange.bound([resource, generation, group[0].seq], [resource, generation, group[group.length - 1].seq]);
      const tx = this.db.transaction(['chunks', 'chunkKeys']);
      // The keys were read for the live index already; only a caller that wants them reads them again.
      const [values, indexes] = await Promise.all([tx.objectStore('chunks').getAll(range), opts.withKeys ? tx.objectStore('chunkKeys').getAll(range) : null]);
      if (values.length !== group.length) {
        throw new SyncError('storage', `${resource}: the table was rewritten while it was being read; try again`, { resource });
      }
      return { values, indexes };
    };
    const fresh = (): Entries => ({ rows: [], positions: [], keys: opts.withKeys && index.keyed ? [] : null });
    let out = fresh();
    let next = plan.length ? read(plan[0]) : null;
    for (let g = 0; g < plan.length; g++) {
      const { values, indexes } = await next!;
      next = g + 1 < plan.length ? read(plan[g + 1]) : null;
      next?.catch(ignore);
      for (let c = 0; c < plan[g].length; c++) {
        const { seq, live } = plan[g][c];
        const rows = (values[c] as Chunk).rows;
        const ids = indexes?.[c].keys;
        const from = after && seq === after[1] ? after[2] + 1 : 0;
        for (let i = from; i < rows.length; i++) {
          if (live && !live[i]) continue;
          out.rows.push(rows[i]);
          out.positions.push([generation, seq, i]);
          if (out.keys && ids) out.keys.push(ids[i]);
          if (out.rows.length >= batchSize) {
            yield out;
            out = fresh();
          }
        }
      }
    }
    if (out.rows.length) yield out;
  }

  async *iterateRows(resource: string, batchSize = READ_BATCH): AsyncGenerator<Row[]> {
    for await (const { rows } of this.iterateEntries(resource, { batchSize })) yield rows;
  }

  /** Distinct rows stored (counted from the chunks' keys, not from the table state). */
  async countRows(resource: string): Promise<number> {
    const { generation } = await this.tableState(resource);
    return (await readLiveIndex(this.db.transaction('chunkKeys'), resource, generation)).distinct;
  }
}

/** A chunk's index: its row count, keys, and where its soft-deleted rows are. */
function chunkIndex(rows: Row[], keys: KeyId[] | null): ChunkIndex {
  const del = deletedPositions(rows);
  return del ? { n: rows.length, keys, del } : { n: rows.length, keys };
}

// The helpers below take any transaction whose scope includes the stores they use.
type AnyTx = IDBPTransaction<ExporterDB, StoreNames<ExporterDB>[], IDBTransactionMode>;
type WriteTx = IDBPTransaction<ExporterDB, StoreNames<ExporterDB>[], 'readwrite'>;

async function readLiveIndex(tx: { objectStore(name: 'chunkKeys'): unknown }, resource: string, generation: number): Promise<LiveIndex> {
  const store = (tx as AnyTx).objectStore('chunkKeys');
  const range = generationRange(resource, generation);
  const [keys, indexes] = await Promise.all([store.getAllKeys(range), store.getAll(range)]);
  return liveIndex(indexes.map((index, i) => ({ seq: (keys[i] as ChunkKey)[2], index })));
}

function deleteRange(tx: { objectStore(name: 'chunks' | 'chunkKeys'): unknown }, range: IDBKeyRange): void {
  for (const name of ['chunks', 'chunkKeys'] as const) (tx as WriteTx).objectStore(name).delete(range).catch(ignore);
}

function ignore(): void {}

function abortQuietly(tx: IDBTransaction | { abort(): void }): void {
  try {
    tx.abort();
  } catch {
    // Already finished or aborted.
  }
}

/** Awaits a transaction, turning IndexedDB failures (quota above all) into a clear SyncError. */
async function done(txDone: Promise<void>, resource: string): Promise<void> {
  try {
    await txDone;
  } catch (err) {
    const name = (err as DOMException | undefined)?.name;
    if (name === 'QuotaExceededError') {
      throw new SyncError('storage', `${resource}: the browser's storage for this extension is full; nothing from this page was saved`, {
        resource,
        detail: String(err),
        cause: err,
      });
    }
    throw new SyncError('storage', `${resource}: saving to the browser's database failed`, { resource, detail: String(err), cause: err });
  }
}
