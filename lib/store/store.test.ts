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
    expect(await all('customers')).toEqual([{ id: 'a', v: 2 }, { id: 'b', v: 1 }, { id: 'c', v: 1 }]);
    expect(await store.countRows('customers')).toBe(3);
  });

  it('keeps the last of two rows with the same key within one page', async () => {
    await store.commitPage('cp', { rows: [{ p: 'x', v: 1 }, { p: 'x', v: 2 }], keys: [['c1', 'x'], ['c1', 'x']] }, checkpoint(1));
    expect((await store.finishWalk('cp', {})).rowsStored).toBe(1);
    expect(await all('cp')).toEqual([{ p: 'x', v: 2 }]);
  });

  it('orders composite keys and keeps tables apart', async () => {
    await store.commitPage('cp', { rows: [{ n: 2 }, { n: 1 }], keys: [['k2', 'p'], ['k1', 'p']] }, checkpoint(1));
    await store.commitPage('other', { rows: [{ n: 9 }], keys: [['k0']] }, checkpoint(1));
    expect(await all('cp')).toEqual([{ n: 1 }, { n: 2 }]);
    expect(await all('other')).toEqual([{ n: 9 }]);
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

  it('reads entries after a given key (resuming a walk over parent rows)', async () => {
    await store.commitPage('sales', { rows: [{ id: 1 }, { id: 2 }, { id: 3 }], keys: [['s1'], ['s2'], ['s3']] }, checkpoint(1));
    const seen: string[] = [];
    for await (const { keys } of store.iterateEntries('sales', { after: ['sales', 0, 's1'], batchSize: 1 })) seen.push(String(keys[0][2]));
    expect(seen).toEqual(['s2', 's3']);
  });

  it('clearTable removes rows and state', async () => {
    await store.commitPage('tags', { rows: [{ id: 'a' }], keys: [['a']] }, checkpoint(1));
    await store.clearTable('tags');
    expect(await all('tags')).toEqual([]);
    expect((await store.tableState('tags')).rowsStored).toBe(0);
  });
});
