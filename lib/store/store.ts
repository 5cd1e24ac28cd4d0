import { openDB, type IDBPDatabase } from 'idb';
import { SyncError } from '@/lib/errors';
import {
  DB_NAME,
  DB_VERSION,
  emptyTableState,
  generationRange,
  type ExporterDB,
  type KeyPart,
  type Row,
  type RowKey,
  type TableState,
} from './schema';

export interface PageWrite {
  rows: Row[];
  /** Primary-key values per row (same order as `rows`); `null` for append tables. */
  keys: KeyPart[][] | null;
}

/** Fields of the table state a page commit may set besides the row counters. */
export type StatePatch = Partial<Omit<TableState, 'resource' | 'generation' | 'rowsStored' | 'appendSeq'>>;

const READ_BATCH = 1000;

export class Store {
  private constructor(readonly db: IDBPDatabase<ExporterDB>) {}

  static async open(name: string = DB_NAME): Promise<Store> {
    const db = await openDB<ExporterDB>(name, DB_VERSION, {
      upgrade(db, oldVersion) {
        if (oldVersion < 1) {
          db.createObjectStore('rows');
          db.createObjectStore('tables', { keyPath: 'resource' });
          db.createObjectStore('meta');
        }
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
    const tx = this.db.transaction(['tables', 'rows'], 'readwrite');
    const tables = tx.objectStore('tables');
    const current = (await tables.get(resource)) ?? emptyTableState(resource);
    const next: TableState = { ...current, ...patch, checkpoint: null };
    if (replace) {
      // A staging copy left by an earlier failed replace is discarded, not mixed in.
      if (current.stagingGeneration !== null) {
        void tx.objectStore('rows').delete(generationRange(resource, current.stagingGeneration));
      }
      next.stagingGeneration = current.generation + 1;
    }
    await tables.put(next);
    await done(tx.done, resource);
    return next;
  }

  /**
   * Writes one page of rows and the table's new checkpoint in a single transaction: both commit
   * or neither does, so a resumed sync never skips or double-counts a page.
   */
  async commitPage(resource: string, page: PageWrite, patch: StatePatch): Promise<TableState> {
    const tx = this.db.transaction(['tables', 'rows'], 'readwrite');
    // Every request is observed through tx.done; after an abort their own rejections are noise.
    tx.done.catch(ignore);
    try {
      const tables = tx.objectStore('tables');
      const rowsStore = tx.objectStore('rows');
      const current = (await tables.get(resource)) ?? emptyTableState(resource);
      const generation = current.stagingGeneration ?? current.generation;
      const next: TableState = { ...current, ...patch };

      // Puts only, no read of each key first: that read doubled the cost of a page. The count is
      // exact again when the walk ends (`finishWalk`); until then it may count an updated row twice.
      if (page.keys) {
        // Requests run in order, so for a key repeated within one page the last row wins.
        page.rows.forEach((row, i) => rowsStore.put(row, [resource, generation, ...page.keys![i]] as RowKey).catch(ignore));
      } else {
        page.rows.forEach((row, i) => rowsStore.put(row, [resource, generation, current.appendSeq + i]).catch(ignore));
        next.appendSeq = current.appendSeq + page.rows.length;
      }
      // A staged `replace` copy is counted when it is swapped in.
      if (current.stagingGeneration === null) next.rowsStored = current.rowsStored + page.rows.length;
      await tables.put(next);
      await done(tx.done, resource);
      return next;
    } catch (err) {
      // A put that throws (an uncloneable row, an invalid key) must not leave the puts queued
      // before it to auto-commit without the checkpoint.
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
   * dropped in the same transaction), and the row count is made exact by counting the key range.
   */
  async finishWalk(resource: string, patch: StatePatch): Promise<TableState> {
    const tx = this.db.transaction(['tables', 'rows'], 'readwrite');
    const tables = tx.objectStore('tables');
    const rows = tx.objectStore('rows');
    const current = (await tables.get(resource)) ?? emptyTableState(resource);
    let next: TableState = { ...current, ...patch };
    if (current.stagingGeneration !== null) {
      void rows.delete(generationRange(resource, current.generation));
      next = { ...next, generation: current.stagingGeneration, stagingGeneration: null };
    }
    next.rowsStored = await rows.count(generationRange(resource, next.generation));
    await tables.put(next);
    await done(tx.done, resource);
    return next;
  }

  /** Deletes a table's rows and state. */
  async clearTable(resource: string): Promise<void> {
    const tx = this.db.transaction(['tables', 'rows'], 'readwrite');
    void tx.objectStore('rows').delete(IDBKeyRange.bound([resource], [resource, []]));
    void tx.objectStore('tables').delete(resource);
    await done(tx.done, resource);
  }

  /**
   * Reads a table's current rows in key order, `batchSize` at a time, each batch in its own short
   * transaction (`getAll` ranges, not a cursor step per row).
   */
  async *iterateEntries(resource: string, opts: { after?: RowKey | null; batchSize?: number } = {}): AsyncGenerator<{ keys: RowKey[]; rows: Row[] }> {
    const batchSize = opts.batchSize ?? READ_BATCH;
    const { generation } = await this.tableState(resource);
    const upper: RowKey = [resource, generation, [] as unknown as KeyPart];
    const read = async (lower: RowKey | null) => {
      const range = lower ? IDBKeyRange.bound(lower, upper, true, false) : generationRange(resource, generation);
      const tx = this.db.transaction('rows', 'readonly');
      const [keys, rows] = await Promise.all([tx.store.getAllKeys(range, batchSize), tx.store.getAll(range, batchSize)]);
      return { keys, rows };
    };
    let next: Promise<{ keys: RowKey[]; rows: Row[] }> | null = read(opts.after ?? null);
    while (next) {
      const batch: { keys: RowKey[]; rows: Row[] } = await next;
      if (batch.rows.length === 0) return;
      // The next batch is read while the caller works on this one (IndexedDB reads happen off-thread).
      next = batch.rows.length < batchSize ? null : read(batch.keys[batch.keys.length - 1]);
      next?.catch(ignore);
      yield batch;
    }
  }

  async *iterateRows(resource: string, batchSize = READ_BATCH): AsyncGenerator<Row[]> {
    for await (const { rows } of this.iterateEntries(resource, { batchSize })) yield rows;
  }

  async countRows(resource: string): Promise<number> {
    const { generation } = await this.tableState(resource);
    return this.db.count('rows', generationRange(resource, generation));
  }
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
