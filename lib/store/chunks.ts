/**
 * Merge-by-key over page chunks: which stored copy of each row is current, how to read a table in
 * batches, and when superseded copies are worth compacting away. Pure functions over the chunk
 * indexes, so the rules are tested without a database.
 */
import { stringifyJson } from '@/lib/json-text';
import type { ChunkIndex, KeyId, KeyPart } from './schema';

export function keyId(parts: readonly KeyPart[]): KeyId {
  // A table's key has the same number of parts on every row, so the two forms never collide. A
  // bigint part is written as its digits, unquoted, so it never equals a text part of those digits.
  return parts.length === 1 ? parts[0] : stringifyJson(parts)!;
}

export interface LiveChunk {
  seq: number;
  n: number;
  /** Per row, 1 if it is the key's current copy; `null` when every row of the chunk is. */
  live: Uint8Array | null;
  liveCount: number;
}

export interface LiveIndex {
  chunks: LiveChunk[];
  /** Distinct rows: the table's row count. */
  distinct: number;
  /** Of `distinct`, the soft-deleted ones (their current copy has `deleted_at`). */
  deleted: number;
  /** Stored row copies, superseded ones included. */
  copies: number;
  /** Every chunk has keys (false for a table without a primary key). */
  keyed: boolean;
}

/**
 * The last copy of a key wins: chunks are visited newest first (rows within a chunk last first),
 * and a row is live when its key has not been seen yet. `entries` must be in ascending seq order.
 */
export function liveIndex(entries: readonly { seq: number; index: ChunkIndex }[]): LiveIndex {
  const seen = new Set<KeyId>();
  const chunks: LiveChunk[] = new Array(entries.length);
  let copies = 0;
  let distinct = 0;
  let deleted = 0;
  let keyed = true;
  for (let c = entries.length - 1; c >= 0; c--) {
    const { seq, index } = entries[c];
    copies += index.n;
    if (!index.keys) {
      keyed = false;
      chunks[c] = { seq, n: index.n, live: null, liveCount: index.n };
      distinct += index.n;
      deleted += index.del?.length ?? 0;
      continue;
    }
    let live: Uint8Array | null = null;
    let liveCount = 0;
    for (let i = index.keys.length - 1; i >= 0; i--) {
      const id = index.keys[i];
      if (seen.has(id)) {
        // Allocated only for the rare chunk holding a superseded copy.
        live ??= new Uint8Array(index.n).fill(1);
        live[i] = 0;
      } else {
        seen.add(id);
        liveCount++;
      }
    }
    distinct += liveCount;
    if (index.del) for (const i of index.del) if (!live || live[i]) deleted++;
    chunks[c] = { seq, n: index.n, live, liveCount };
  }
  return { chunks, distinct, deleted, copies, keyed };
}

/**
 * Consecutive chunks grouped so each read (one key range) brings about `batchRows` stored rows, at
 * least one chunk; chunks without a live row are skipped.
 */
export function readPlan(chunks: readonly LiveChunk[], batchRows: number): LiveChunk[][] {
  const plan: LiveChunk[][] = [];
  let group: LiveChunk[] = [];
  let rows = 0;
  for (const chunk of chunks) {
    if (chunk.liveCount === 0) {
      // Not read at all; a group is one key range, so it ends here.
      if (group.length) plan.push(group);
      group = [];
      rows = 0;
      continue;
    }
    if (group.length && rows + chunk.n > batchRows) {
      plan.push(group);
      group = [];
      rows = 0;
    }
    group.push(chunk);
    rows += chunk.n;
  }
  if (group.length) plan.push(group);
  return plan;
}

/**
 * Most rows in one chunk. A page larger than this is stored as several chunks: an export holds the
 * chunk it is writing out plus the one being read ahead, so this bounds its heap (250 nested sales
 * rows are a few MB) while keeping records few. Compaction writes full chunks of this size.
 */
export const CHUNK_ROWS = 250;

/**
 * Compaction rewrites the live rows into full chunks. Worth it when a quarter of the stored copies
 * are superseded (updates re-sent by incremental syncs) or when chunks are small on average (child
 * groups, small incremental pages), since each chunk costs a read of its own.
 */
export function shouldCompact(index: LiveIndex): boolean {
  const superseded = index.copies - index.distinct;
  const tooManyChunks = index.chunks.length > 64 && index.chunks.length > (2 * index.distinct) / CHUNK_ROWS;
  return superseded > Math.max(1000, index.distinct / 4) || tooManyChunks;
}
