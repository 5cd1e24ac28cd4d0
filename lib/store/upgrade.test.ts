import 'fake-indexeddb/auto';
import { expect, it } from 'vitest';
import { Store } from './store';

/** A version-1 database as the previous release left it: one record per row. */
async function createV1(name: string) {
  const db = await new Promise<IDBDatabase>((resolve) => {
    const req = indexedDB.open(name, 1);
    req.onupgradeneeded = () => {
      req.result.createObjectStore('rows');
      req.result.createObjectStore('tables', { keyPath: 'resource' });
      req.result.createObjectStore('meta');
    };
    req.onsuccess = () => resolve(req.result);
  });
  const tx = db.transaction(['rows', 'tables'], 'readwrite');
  const rows = tx.objectStore('rows');
  for (let i = 0; i < 1203; i++) rows.put({ id: `c${i}` }, ['customers', 2, `c${i}`]);
  rows.put({ line: 1 }, ['lines', 0, 's1', 1]);
  const base = { stagingGeneration: null, status: 'done', pagesFetched: 1, rowsFetched: 1 };
  tx.objectStore('tables').put({ ...base, resource: 'customers', generation: 2, rowsStored: 1203, appendSeq: 0, checkpoint: { paginator: { cursor: 9 }, done: true } });
  tx.objectStore('tables').put({ ...base, resource: 'lines', generation: 0, rowsStored: 1, appendSeq: 0, checkpoint: { paginator: null, parentKey: ['sales', 0, 's1'], done: false } });
  await new Promise((r) => (tx.oncomplete = r));
  db.close();
}

it('upgrading from one record per row keeps every row, count and checkpoint', async () => {
  await createV1('upgrade-test');
  const store = await Store.open('upgrade-test');
  const ids: unknown[] = [];
  for await (const rows of store.iterateRows('customers')) ids.push(...rows.map((r) => r.id));
  expect(ids).toHaveLength(1203);
  expect(new Set(ids).size).toBe(1203);
  expect(await store.countRows('customers')).toBe(1203);
  expect(await store.db.count('chunks')).toBe(6); // 4 × 250 + 203 customers, 1 line
  const customers = await store.tableState('customers');
  expect(customers).toMatchObject({ generation: 2, nextChunk: 5, checkpoint: { paginator: { cursor: 9 }, done: true } });
  expect(customers).not.toHaveProperty('appendSeq');
  // A child walk stopped part-way restarts from its first parent (its key-order position is gone).
  expect((await store.tableState('lines')).checkpoint).toEqual({ paginator: null, done: false });
  expect(Array.from(store.db.objectStoreNames)).not.toContain('rows');
  // Merging continues on top of the converted chunks.
  await store.commitPage('customers', { rows: [{ id: 'c0', v: 2 }], keys: [['c0']] }, {});
  expect((await store.finishWalk('customers', {})).rowsStored).toBe(1203);
  store.close();
});
