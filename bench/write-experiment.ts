/**
 * One-off measurement for the performance issue's question "would storing rows in another shape
 * make the writes (baseline c) cheaper?": the 50k-sales walk's pages written several ways in the
 * extension's service worker, one transaction per page. `syncMs` is the time spent inside the
 * put() calls (cloning on the worker's thread), `ms` the total until every transaction completes.
 * Run: `npm run build && npx tsx bench/write-experiment.ts` (N=… changes the number of sales).
 */
import { startRetailServer } from '../test/server';
import { launchExtension } from '../test/e2e/browser';
import { evaluateIn } from './in-browser';
import { parseCli } from '../scripts/cli';

parseCli(
  {},
  `Usage: npx tsx bench/write-experiment.ts     (after "npm run build")

Writes the pages of a sales walk into IndexedDB in the extension's service worker in
several row shapes and prints the time each shape takes (see bench/README.md).

Environment:
  N=50000      number of sales to write
  -h, --help   show this help`,
);

async function main() {
  const n = Number(process.env.N ?? 50_000);
  const server = await startRetailServer({ dataset: { sales: n, customers: 10, products: 10 }, quota: 1_000_000 });
  const ext = await launchExtension();
  try {
    const result = await evaluateIn(
      await ext.worker(),
      async ({ base, token }: { base: string; token: string }) => {
        type Row = Record<string, unknown>;
        const pages: { rows: Row[]; text: string }[] = [];
        for (let after = 0; ; ) {
          const res = await fetch(`${base}/api/2.0/sales?page_size=500&after=${after}`, { headers: { Authorization: `Bearer ${token}` } });
          const text = await res.text();
          const body = JSON.parse(text) as { data: Row[]; version: { max: number } };
          if (!body.data.length) break;
          pages.push({ rows: body.data, text });
          after = body.version.max;
        }
        // Each shape puts one page into the transaction's `rows` store.
        const shapes: Record<string, (store: IDBObjectStore, page: { rows: Row[]; text: string }, i: number) => void> = {
          rowObjects: (store, page) => page.rows.forEach((row) => store.put(row, ['sales', 0, row.id as string])),
          rowJsonStrings: (store, page) => page.rows.forEach((row) => store.put(JSON.stringify(row), ['sales', 0, row.id as string])),
          chunksOf250: (store, page, i) => {
            for (let from = 0; from < page.rows.length; from += 250) {
              const rows = page.rows.slice(from, from + 250);
              store.put({ rows }, ['sales', 0, i, from]);
              store.put({ n: rows.length, keys: rows.map((r) => r.id) }, ['keys', 0, i, from]);
            }
          },
          pageRecord: (store, page, i) => store.put({ rows: page.rows }, ['sales', 0, i]),
          responseText: (store, page, i) => store.put(page.text, ['sales', 0, i]),
        };
        const write = async (name: string) => {
          const db = await new Promise<IDBDatabase>((resolve) => {
            const req = indexedDB.open(`write-${name}`, 1);
            req.onupgradeneeded = () => req.result.createObjectStore('rows');
            req.onsuccess = () => resolve(req.result);
          });
          let syncMs = 0;
          const t0 = performance.now();
          for (const [i, page] of pages.entries()) {
            const s = performance.now();
            const tx = db.transaction('rows', 'readwrite');
            shapes[name](tx.objectStore('rows'), page, i);
            syncMs += performance.now() - s;
            await new Promise<void>((resolve) => (tx.oncomplete = () => resolve()));
          }
          const ms = performance.now() - t0;
          db.close();
          await new Promise((r) => (indexedDB.deleteDatabase(`write-${name}`).onsuccess = r));
          return { ms: Math.round(ms), syncMs: Math.round(syncMs) };
        };
        const out: Record<string, unknown> = { rows: pages.reduce((k, p) => k + p.rows.length, 0), pages: pages.length };
        for (let round = 0; round < 2; round++) for (const name of Object.keys(shapes)) out[`${name}#${round + 1}`] = await write(name);
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
