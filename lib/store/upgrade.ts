/**
 * Version 1 → 2: rows stored one record each become chunks, inside the upgrade transaction, so an
 * extension update keeps every synced row (and a failure leaves version 1 untouched).
 */
import type { IDBPDatabase, IDBPTransaction } from 'idb';
import { CHUNK_ROWS, keyId, liveIndex } from './chunks';
import { generationRange, type ChunkIndex, type ChunkKey, type ExporterDB, type KeyId, type KeyPart, type Row, type RowKey, type TableState } from './schema';
import { deletedPositions } from './soft-delete';

type V1Table = TableState & { appendSeq?: number; checkpoint: (TableState['checkpoint'] & { parentKey?: unknown }) | null };

export async function upgradeRowsToChunks(db: IDBPDatabase<ExporterDB>, typedTx: unknown): Promise<void> {
  // Version 1's `rows` store is not part of the current schema type.
  const tx = typedTx as IDBPTransaction<unknown, string[], 'versionchange'>;
  if (!db.objectStoreNames.contains('rows' as never)) return;
  const chunks = tx.objectStore('chunks');
  const chunkKeys = tx.objectStore('chunkKeys');
  const tables = tx.objectStore('tables');
  const nextChunk = new Map<string, number>();

  let pending: { table: string; generation: number; rows: Row[]; keys: KeyId[] } | null = null;
  const flush = () => {
    if (!pending) return;
    const seq = nextChunk.get(pending.table) ?? 0;
    nextChunk.set(pending.table, seq + 1);
    const key = [pending.table, pending.generation, seq];
    void chunks.put({ rows: pending.rows }, key);
    void chunkKeys.put({ n: pending.rows.length, keys: pending.keys }, key);
    pending = null;
  };
  for (let cursor = await tx.objectStore('rows').openCursor(); cursor; cursor = await cursor.continue()) {
    const [table, generation, ...pk] = cursor.key as RowKey;
    if (pending && (pending.table !== table || pending.generation !== generation || pending.rows.length >= CHUNK_ROWS)) flush();
    pending ??= { table, generation, rows: [], keys: [] };
    pending.rows.push(cursor.value as Row);
    pending.keys.push(keyId(pk as KeyPart[]));
  }
  flush();

  for (const state of (await tables.getAll()) as V1Table[]) {
    const { appendSeq: _unused, ...rest } = state;
    const checkpoint = state.checkpoint && { paginator: state.checkpoint.paginator, done: state.checkpoint.done };
    // A child walk stopped part-way restarts from its first parent: its old resume key has no chunk position.
    await tables.put({ ...rest, checkpoint, nextChunk: nextChunk.get(state.resource) ?? 0 });
  }
  db.deleteObjectStore('rows' as never);
}

/**
 * Version 2 → 3: each chunk's index learns where its soft-deleted rows are, and each table its
 * count of them, so the popup's counts match an export without reading a table.
 */
export async function countDeletedRows(typedTx: unknown): Promise<void> {
  const tx = typedTx as IDBPTransaction<ExporterDB, ('chunks' | 'chunkKeys' | 'tables')[], 'versionchange'>;
  const chunkKeys = tx.objectStore('chunkKeys');
  for (let cursor = await tx.objectStore('chunks').openCursor(); cursor; cursor = await cursor.continue()) {
    const del = deletedPositions(cursor.value.rows);
    if (!del) continue;
    const index = await chunkKeys.get(cursor.key);
    if (index) await chunkKeys.put({ ...index, del }, cursor.key);
  }
  const tables = tx.objectStore('tables');
  for (const state of await tables.getAll()) {
    const range = generationRange(state.resource, state.generation);
    const [keys, indexes] = await Promise.all([chunkKeys.getAllKeys(range), chunkKeys.getAll(range)]);
    const live = liveIndex(indexes.map((index: ChunkIndex, i) => ({ seq: (keys[i] as ChunkKey)[2], index })));
    await tables.put({ ...state, rowsDeleted: live.deleted });
  }
}
