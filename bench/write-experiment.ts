/**
 * One-off: where does baseline (c)'s time go? 50k sales pages written several ways in the
 * service worker; `syncMs` is time spent inside the put() loop (serialisation on the worker's
 * thread), `ms` the total until the transactions complete.
 */
import { startRetailServer } from '../test/server';
import { launchExtension } from '../test/e2e/browser';
import { evaluateIn } from './in-browser';

async function main() {
  const n = Number(process.env.N ?? 50_000);
  const server = await startRetailServer({ dataset: { sales: n, customers: 10, products: 10 }, quota: 1_000_000 });
  const ext = await launchExtension();
  try {
    const result = await evaluateIn(
      await ext.worker(),
      async ({ base, token }: { base: string; token: string }) => {
        const pages: Record<string, unknown>[][] = [];
        const texts: string[] = [];
        for (let after = 0; ; ) {
          const res = await fetch(`${base}/api/2.0/sales?page_size=500&after=${after}`, { headers: { Authorization: `Bearer ${token}` } });
          const text = await res.text();
          const body = JSON.parse(text) as { data: Record<string, unknown>[]; version: { max: number } };
          if (!body.data.length) break;
          pages.push(body.data);
          texts.push(text);
          after = body.version.max;
        }
        const parse0 = performance.now();
        for (const t of texts) JSON.parse(t);
        const parseMs = performance.now() - parse0;
        const open = (name: string) =>
          new Promise<IDBDatabase>((resolve) => {
            const req = indexedDB.open(name, 1);
            req.onupgradeneeded = () => req.result.createObjectStore('rows');
            req.onsuccess = () => resolve(req.result);
          });
        type Variant = (db: IDBDatabase) => Promise<number>;
        const run = async (name: string, variant: Variant) => {
          const db = await open(name);
          const t0 = performance.now();
          const syncMs = await variant(db);
          const ms = performance.now() - t0;
          db.close();
          await new Promise((r) => (indexedDB.deleteDatabase(name).onsuccess = r));
          return { ms: Math.round(ms), syncMs: Math.round(syncMs) };
        };
        const txDone = (tx: IDBTransaction) => new Promise<void>((r) => (tx.oncomplete = () => r()));
        const perPage: Variant = async (db) => {
          let sync = 0;
          for (const page of pages) {
            const s = performance.now();
            const tx = db.transaction('rows', 'readwrite');
            const store = tx.objectStore('rows');
            for (const row of page) store.put(row, ['sales', 0, row.id as string]);
            sync += performance.now() - s;
            await txDone(tx);
          }
          return sync;
        };
        const pipelined: Variant = async (db) => {
          // next tx issued without waiting for the previous to complete
          let sync = 0;
          const dones: Promise<void>[] = [];
          for (const page of pages) {
            const s = performance.now();
            const tx = db.transaction('rows', 'readwrite');
            const store = tx.objectStore('rows');
            for (const row of page) store.put(row, ['sales', 0, row.id as string]);
            sync += performance.now() - s;
            dones.push(txDone(tx));
            if (dones.length > 2) await dones.shift();
          }
          await Promise.all(dones);
          return sync;
        };
        const pageRecord: Variant = async (db) => {
          let sync = 0;
          for (const [i, page] of pages.entries()) {
            const s = performance.now();
            const tx = db.transaction('rows', 'readwrite');
            tx.objectStore('rows').put(page, ['sales', 0, i]);
            sync += performance.now() - s;
            await txDone(tx);
          }
          return sync;
        };
        const textRecord: Variant = async (db) => {
          let sync = 0;
          for (const [i, text] of texts.entries()) {
            const s = performance.now();
            const tx = db.transaction('rows', 'readwrite');
            tx.objectStore('rows').put(text, ['sales', 0, i]);
            sync += performance.now() - s;
            await txDone(tx);
          }
          return sync;
        };
        const rowStrings: Variant = async (db) => {
          let sync = 0;
          for (const page of pages) {
            const s = performance.now();
            const tx = db.transaction('rows', 'readwrite');
            const store = tx.objectStore('rows');
            for (const row of page) store.put(JSON.stringify(row), ['sales', 0, row.id as string]);
            sync += performance.now() - s;
            await txDone(tx);
          }
          return sync;
        };
        const out: Record<string, unknown> = { rows: pages.reduce((k, p) => k + p.length, 0), pages: pages.length, parseMs: Math.round(parseMs), textMB: Math.round(texts.reduce((k, t) => k + t.length, 0) / 1e6) };
        for (let round = 0; round < 2; round++) {
          out[`perPage${round}`] = await run('x1', perPage);
          out[`pipelined${round}`] = await run('x2', pipelined);
          out[`rowStrings${round}`] = await run('x3', rowStrings);
          out[`pageRecord${round}`] = await run('x4', pageRecord);
          out[`textRecord${round}`] = await run('x5', textRecord);
        }
        return out;
      },
      { base: server.url, token: server.token },
    );
    console.log(JSON.stringify(result, null, 1));
  } finally {
    await ext.close();
    await server.close();
  }
}

void main();
