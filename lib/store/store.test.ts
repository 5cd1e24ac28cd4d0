import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from './store';
import { SyncError } from '@/lib/errors';

let store: Store;
let dbName: string;
let n = 0;

beforeEach(async () => {
  dbName = `store-test-${++n}`;
  store = await Store.open(dbName);
});
afterEach(() => store.close());

async function all(resource: string) {
  const out: unknown[] = [];
  for await (const batch of store.iterateRows(resource, 2)) out.push(...batch);
  return out;
}

const checkpoint = (c: number) => ({ checkpoint: { paginator: { cursor: c }, done: false } });

describe('Store', () => {
  it('merges by primary key: an updated row replaces the old one and is counted once', async () => {
    await store.commitPage('customers', { rows: [{ id: 'a', v: 1 }, { id: 'b', v: 1 }], keys: [['a'], ['b']] }, checkpoint(1));
    await store.commitPage('customers', { rows: [{ id: 'a', v: 2 }, { id: 'c', v: 1 }], keys: [['a'], ['c']] }, checkpoint(2));
    expect((await store.finishWalk('customers', {})).rowsStored).toBe(3);
    // Rows come in the order their current copies were stored.
    expect(await all('customers')).toEqual([{ id: 'b', v: 1 }, { id: 'a', v: 2 }, { id: 'c', v: 1 }]);
    expect(await store.countRows('customers')).toBe(3);
  });

  it('keeps the last of two rows with the same key within one page', async () => {
    await store.commitPage('cp', { rows: [{ p: 'x', v: 1 }, { p: 'x', v: 2 }], keys: [['c1', 'x'], ['c1', 'x']] }, checkpoint(1));
    expect((await store.finishWalk('cp', {})).rowsStored).toBe(1);
    expect(await all('cp')).toEqual([{ p: 'x', v: 2 }]);
  });

  it('merges by composite keys and keeps tables apart', async () => {
    await store.commitPage('cp', { rows: [{ n: 2 }, { n: 1 }], keys: [['k2', 'p'], ['k1', 'p']] }, checkpoint(1));
    await store.commitPage('other', { rows: [{ n: 9 }], keys: [['k2', 'p']] }, checkpoint(1));
    await store.commitPage('cp', { rows: [{ n: 3 }, { n: 4 }], keys: [['k2', 'p'], ['k2', 'q']] }, checkpoint(2));
    expect(await all('cp')).toEqual([{ n: 1 }, { n: 3 }, { n: 4 }]);
    expect(await all('other')).toEqual([{ n: 9 }]);
    expect((await store.finishWalk('cp', {})).rowsStored).toBe(3);
  });

  it('stores a large page as several chunks and reads it back whole, in order', async () => {
    const rows = Array.from({ length: 600 }, (_, i) => ({ id: `r${i}` }));
    const st = await store.commitPage('t', { rows, keys: rows.map((r) => [r.id]) }, checkpoint(1));
    expect(st.nextChunk).toBe(3);
    expect(await store.db.count('chunks')).toBe(3);
    expect(await all('t')).toEqual(rows);
  });

  it('tells a numeric key from the same digits as a string', async () => {
    await store.commitPage('t', { rows: [{ v: 'n' }, { v: 's' }], keys: [[1], ['1']] }, checkpoint(1));
    expect((await store.finishWalk('t', {})).rowsStored).toBe(2);
  });

  it('appends rows without a key in arrival order', async () => {
    await store.commitPage('events', { rows: [{ e: 1 }, { e: 2 }], keys: null }, checkpoint(1));
    const st = await store.commitPage('events', { rows: [{ e: 1 }], keys: null }, checkpoint(2));
    expect(st.rowsStored).toBe(3);
    expect(await all('events')).toEqual([{ e: 1 }, { e: 2 }, { e: 1 }]);
  });

  it('stores the checkpoint with the page', async () => {
    await store.commitPage('customers', { rows: [{ id: 'a' }], keys: [['a']] }, { ...checkpoint(7), pagesFetched: 1 });
    const st = await store.tableState('customers');
    expect(st.checkpoint).toEqual({ paginator: { cursor: 7 }, done: false });
    expect(st.pagesFetched).toBe(1);
  });

  it('writes neither rows nor checkpoint when one row of a page cannot be stored', async () => {
    await store.commitPage('customers', { rows: [{ id: 'a' }], keys: [['a']] }, checkpoint(1));
    const bad = { id: 'c', f: () => 1 }; // functions cannot be structured-cloned
    const err = await store
      .commitPage('customers', { rows: [{ id: 'b' }, bad, { id: 'd' }], keys: [['b'], ['c'], ['d']] }, checkpoint(2))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SyncError);
    expect((err as SyncError).kind).toBe('storage');
    expect((err as SyncError).message).toBe('customers: a row could not be saved, so this page was not stored');
    expect(await all('customers')).toEqual([{ id: 'a' }]);
    const st = await store.tableState('customers');
    expect(st.checkpoint?.paginator).toEqual({ cursor: 1 });
    expect(st.rowsStored).toBe(1);
  });

  it('replace keeps the old rows visible until the new walk finishes, then swaps', async () => {
    await store.beginFreshWalk('tags', true, {});
    await store.commitPage('tags', { rows: [{ id: 'old' }], keys: [['old']] }, checkpoint(1));
    await store.finishWalk('tags', {});
    expect(await all('tags')).toEqual([{ id: 'old' }]);

    await store.beginFreshWalk('tags', true, {});
    await store.commitPage('tags', { rows: [{ id: 'new1' }], keys: [['new1']] }, checkpoint(1));
    expect(await all('tags')).toEqual([{ id: 'old' }]);
    expect((await store.tableState('tags')).rowsStored).toBe(1);

    await store.commitPage('tags', { rows: [{ id: 'new2' }], keys: [['new2']] }, checkpoint(2));
    const st = await store.finishWalk('tags', {});
    expect(st.rowsStored).toBe(2);
    expect(await all('tags')).toEqual([{ id: 'new1' }, { id: 'new2' }]);
    expect(await store.countRows('tags')).toBe(2);
  });

  it('a replace that fails half-way leaves the previous table intact and is discarded by the next', async () => {
    await store.beginFreshWalk('tags', true, {});
    await store.commitPage('tags', { rows: [{ id: 'old' }], keys: [['old']] }, checkpoint(1));
    await store.finishWalk('tags', {});

    await store.beginFreshWalk('tags', true, {});
    await store.commitPage('tags', { rows: [{ id: 'half' }], keys: [['half']] }, checkpoint(1));
    // …the walk fails here; the table still shows the old rows.
    expect(await all('tags')).toEqual([{ id: 'old' }]);

    await store.beginFreshWalk('tags', true, {});
    await store.commitPage('tags', { rows: [{ id: 'fresh' }], keys: [['fresh']] }, checkpoint(1));
    await store.finishWalk('tags', {});
    expect(await all('tags')).toEqual([{ id: 'fresh' }]);
  });

  it('reads entries after a given position (resuming a walk over parent rows)', async () => {
    await store.commitPage('sales', { rows: [{ id: 's1' }, { id: 's2' }], keys: [['s1'], ['s2']] }, checkpoint(1));
    await store.commitPage('sales', { rows: [{ id: 's3' }, { id: 's1' }], keys: [['s3'], ['s1']] }, checkpoint(2));
    const seen: unknown[] = [];
    for await (const { positions, rows, keys } of store.iterateEntries('sales', { batchSize: 1, withKeys: true })) seen.push([positions[0], rows[0].id, keys?.[0]]);
    expect(seen).toEqual([
      [[0, 0, 1], 's2', 's2'],
      [[0, 1, 0], 's3', 's3'],
      [[0, 1, 1], 's1', 's1'],
    ]);
    const after: unknown[] = [];
    for await (const { rows } of store.iterateEntries('sales', { after: [0, 0, 1] })) after.push(...rows.map((r) => r.id));
    expect(after).toEqual(['s3', 's1']);
    // A position from another generation (the table was replaced or compacted since) starts over.
    const other: unknown[] = [];
    for await (const { rows } of store.iterateEntries('sales', { after: [7, 1, 0] })) other.push(...rows.map((r) => r.id));
    expect(other).toEqual(['s2', 's3', 's1']);
  });

  it('compacts superseded copies and small chunks into full chunks, keeping contents and count', async () => {
    // 70 one-row pages, each re-sending the previous row: 70 chunks, 36 distinct rows.
    for (let i = 0; i < 70; i++) {
      const id = `r${Math.ceil(i / 2)}`;
      await store.commitPage('t', { rows: [{ id, i }], keys: [[id]] }, checkpoint(i));
    }
    const before = await all('t');
    const st = await store.finishWalk('t', {});
    expect(st.rowsStored).toBe(36);
    expect(st.generation).toBe(1);
    expect(await all('t')).toEqual(before);
    expect(before).toHaveLength(36);
    expect(await store.db.count('chunks')).toBe(1);
    expect(await store.db.count('chunkKeys')).toBe(1);
    // Later pages merge into the compacted table as before.
    await store.commitPage('t', { rows: [{ id: 'r0', i: 99 }], keys: [['r0']] }, checkpoint(71));
    expect((await store.finishWalk('t', {})).rowsStored).toBe(36);
    expect((await all('t')).at(-1)).toEqual({ id: 'r0', i: 99 });
  });

  it('a compaction that lost a race with a sync discards its copy', async () => {
    await store.commitPage('t', { rows: [{ id: 'a' }], keys: [['a']] }, checkpoint(1));
    await store.finishWalk('t', {});
    await store.beginFreshWalk('t', true, {}); // a replace started meanwhile
    expect(await store.compact('t', 0)).toBeNull();
    expect(await all('t')).toEqual([{ id: 'a' }]);
    expect(await store.db.count('chunks')).toBe(1);
  });

  it('clearTable removes rows and state', async () => {
    await store.commitPage('tags', { rows: [{ id: 'a' }], keys: [['a']] }, checkpoint(1));
    await store.clearTable('tags');
    expect(await all('tags')).toEqual([]);
    expect((await store.tableState('tags')).rowsStored).toBe(0);
  });
});

describe('soft-deleted rows counted without reading the table', () => {
  const page = (rows: Record<string, unknown>[]) => ({ rows, keys: rows.map((r) => [r.id as string]) });

  it('counts the current copies with deleted_at: a delete, an undelete and a re-sent row; compaction keeps the count', async () => {
    await store.commitPage('customers', page([{ id: 'a', deleted_at: null }, { id: 'b', deleted_at: '2026-01-01T00:00:00+00:00' }, { id: 'c' }]), checkpoint(1));
    expect((await store.tableState('customers')).rowsDeleted).toBe(1);
    // a is deleted, b comes back, c is re-sent deleted with an empty string (live) — then deleted.
    await store.commitPage('customers', page([{ id: 'a', deleted_at: '2026-02-01T00:00:00+00:00' }, { id: 'b', deleted_at: null }, { id: 'c', deleted_at: '' }]), checkpoint(2));
    await store.commitPage('customers', page([{ id: 'c', deleted_at: '2026-03-01T00:00:00+00:00' }, { id: 'd' }]), checkpoint(3));
    const done = await store.finishWalk('customers', {});
    expect(done).toMatchObject({ rowsStored: 4, rowsDeleted: 2 });
    const compacted = await store.compact('customers', done.generation);
    expect(compacted).toMatchObject({ rowsStored: 4, rowsDeleted: 2 });
    expect((await store.finishWalk('customers', {})).rowsDeleted).toBe(2);
  });

  it('counts them in tables without a primary key too', async () => {
    await store.commitPage('events', { rows: [{ deleted_at: 'x' }, {}, { deleted_at: 'y' }], keys: null }, checkpoint(1));
    expect((await store.finishWalk('events', {})).rowsDeleted).toBe(2);
  });
});

it('upgrading from version 2 counts the soft-deleted rows already stored', async () => {
  store.close();
  const name = `${dbName}-v2`;
  const db = await new Promise<IDBDatabase>((resolve) => {
    const req = indexedDB.open(name, 2);
    req.onupgradeneeded = () => {
      for (const s of ['chunks', 'chunkKeys', 'meta']) req.result.createObjectStore(s);
      req.result.createObjectStore('tables', { keyPath: 'resource' });
    };
    req.onsuccess = () => resolve(req.result);
  });
  const tx = db.transaction(['chunks', 'chunkKeys', 'tables'], 'readwrite');
  tx.objectStore('chunks').put({ rows: [{ id: 'a', deleted_at: 'x' }, { id: 'b', deleted_at: null }] }, ['customers', 0, 0]);
  tx.objectStore('chunkKeys').put({ n: 2, keys: ['a', 'b'] }, ['customers', 0, 0]);
  tx.objectStore('chunks').put({ rows: [{ id: 'b', deleted_at: 'y' }, { id: 'a', deleted_at: null }, { id: 'c', deleted_at: 'z' }] }, ['customers', 0, 1]);
  tx.objectStore('chunkKeys').put({ n: 3, keys: ['b', 'a', 'c'] }, ['customers', 0, 1]);
  tx.objectStore('tables').put({ resource: 'customers', generation: 0, stagingGeneration: null, rowsStored: 3, nextChunk: 2, status: 'done', pagesFetched: 2, rowsFetched: 5, checkpoint: null });
  await new Promise((r) => (tx.oncomplete = r));
  db.close();
  store = await Store.open(name);
  expect((await store.tableState('customers')).rowsDeleted).toBe(2);
  expect(await store.db.get('chunkKeys', ['customers', 0, 1])).toEqual({ n: 3, keys: ['b', 'a', 'c'], del: [0, 2] });
});
