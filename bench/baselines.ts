/**
 * The three throughput baselines, run inside the extension's own service worker (same origin,
 * host permission and process as the product): plain fetch and raw IndexedDB, no imports, since
 * each function is serialized into the worker. Every walk is one evaluate call, so no single call
 * runs for minutes and the worker holds at most one table's pages in memory (baseline c).
 */
import type { Worker } from 'playwright-core';
import { evaluateIn } from './in-browser';
import type { Walk } from './walks';

export const BENCH_DB = 'bench-baseline';

export interface WalkTiming {
  table: string;
  ms: number;
  requests: number;
  rows: number;
  bytes: number;
}

export interface BaselineTiming {
  ms: number;
  requests: number;
  rows: number;
  bytes: number;
  walks: WalkTiming[];
}

interface WalkArgs {
  base: string;
  token: string;
  walk: Walk;
  dbName: string;
  /** `chunkWrites`: as `writes`, in the product's row shape (one chunk record + its keys per page). */
  mode: 'fetch' | 'naive' | 'writes' | 'chunkWrites';
}

/** Serialized into the worker: one walk in one of the three modes; returns only the timed part. */
async function walkInWorker({ base, token, walk, dbName, mode }: WalkArgs): Promise<Omit<WalkTiming, 'table'>> {
  const fetchPage = async (after: number) => {
    const query = new URLSearchParams({ ...walk.params, after: String(after) });
    const res = await fetch(`${base}${walk.path}?${query}`, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } });
    if (!res.ok) throw new Error(`${walk.table}: HTTP ${res.status} from ${walk.path}`);
    const body = (await res.json()) as { data: Record<string, unknown>[]; version: { max: number | null } };
    return { rows: body.data, max: body.version.max, bytes: Number(res.headers.get('content-length') ?? 0) };
  };
  const openDb = () =>
    new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(dbName, 1);
      req.onupgradeneeded = () => {
        req.result.createObjectStore('rows');
        req.result.createObjectStore('chunkKeys');
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  // The product's key shape: [table, generation, ...primaryKey], out-of-line.
  const writePage = (db: IDBDatabase, rows: Record<string, unknown>[]) =>
    new Promise<void>((resolve, reject) => {
      const tx = db.transaction('rows', 'readwrite');
      const store = tx.objectStore('rows');
      for (const row of rows) store.put(row, [walk.table, 0, row.id as string]);
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
    });

  let seq = 0;
  const writeChunk = (db: IDBDatabase, rows: Record<string, unknown>[]) =>
    new Promise<void>((resolve, reject) => {
      const tx = db.transaction(['rows', 'chunkKeys'], 'readwrite');
      // 250 rows per chunk, as lib/store/chunks.ts CHUNK_ROWS.
      for (let from = 0; from < rows.length; from += 250) {
        const part = rows.slice(from, from + 250);
        const key = [walk.table, 0, seq++];
        tx.objectStore('rows').put({ rows: part }, key);
        tx.objectStore('chunkKeys').put({ n: part.length, keys: part.map((r) => r.id) }, key);
      }
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
    });

  let requests = 0;
  let rows = 0;
  let bytes = 0;
  const db = mode === 'fetch' ? null : await openDb();
  try {
    if (mode === 'writes' || mode === 'chunkWrites') {
      // Fetch everything first (untimed), then time the writes alone, one transaction per page.
      const pages: Record<string, unknown>[][] = [];
      for (let after = 0; ; ) {
        const page = await fetchPage(after);
        requests++;
        bytes += page.bytes;
        if (!page.rows.length) break;
        pages.push(page.rows);
        after = page.max!;
      }
      const t0 = performance.now();
      for (const page of pages) {
        await (mode === 'writes' ? writePage : writeChunk)(db!, page);
        rows += page.length;
      }
      return { ms: performance.now() - t0, requests, rows, bytes };
    }
    const t0 = performance.now();
    for (let after = 0; ; ) {
      const page = await fetchPage(after);
      requests++;
      bytes += page.bytes;
      if (!page.rows.length) break;
      if (db) await writePage(db, page.rows);
      rows += page.rows.length;
      after = page.max!;
    }
    return { ms: performance.now() - t0, requests, rows, bytes };
  } finally {
    db?.close();
  }
}

async function deleteDbInWorker(name: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const req = indexedDB.deleteDatabase(name);
    req.onsuccess = () => resolve();
    req.onerror = () => reject(req.error);
    req.onblocked = () => resolve();
  });
}

export async function runBaseline(
  worker: () => Promise<Worker>,
  opts: { base: string; token: string; walks: Walk[]; mode: WalkArgs['mode'] },
): Promise<BaselineTiming> {
  const total: BaselineTiming = { ms: 0, requests: 0, rows: 0, bytes: 0, walks: [] };
  if (opts.mode !== 'fetch') await evaluateIn(await worker(), deleteDbInWorker, BENCH_DB);
  try {
    for (const walk of opts.walks) {
      const t = await evaluateIn(await worker(), walkInWorker, { base: opts.base, token: opts.token, walk, dbName: BENCH_DB, mode: opts.mode });
      total.walks.push({ table: walk.table, ...t });
      total.ms += t.ms;
      total.requests += t.requests;
      total.rows += t.rows;
      total.bytes += t.bytes;
    }
  } finally {
    if (opts.mode !== 'fetch') await evaluateIn(await worker(), deleteDbInWorker, BENCH_DB).catch(() => undefined);
  }
  return total;
}

/** The fulfillments child's limit: one plain GET + parse per sale, sequentially, nothing stored. */
async function childFetchInWorker({ base, token, saleIds }: { base: string; token: string; saleIds: string[] }) {
  let rows = 0;
  const t0 = performance.now();
  for (const id of saleIds) {
    const res = await fetch(`${base}/api/2.0/sales/${encodeURIComponent(id)}/fulfillments`, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } });
    if (!res.ok) throw new Error(`fulfillments of sale ${id}: HTTP ${res.status}`);
    rows += ((await res.json()) as { data: unknown[] }).data.length;
  }
  return { ms: performance.now() - t0, requests: saleIds.length, rows };
}

export async function runChildFetchBaseline(worker: () => Promise<Worker>, opts: { base: string; token: string; saleIds: string[] }) {
  return evaluateIn(await worker(), childFetchInWorker, opts);
}
