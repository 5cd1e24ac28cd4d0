/**
 * One-off measurement for the performance issue's question "would storing rows in another shape
 * make the writes (baseline c) cheaper?": the 50k-sales walk's pages written as objects (the
 * product's shape) and as one JSON string per row (stringify included), in the extension's
 * service worker. Run: `npm run build && npx tsx bench/shape-experiment.ts`.
 */
import { startRetailServer } from '../test/server';
import { launchExtension } from '../test/e2e/browser';
import { evaluateIn } from './in-browser';

async function main() {
  const server = await startRetailServer({ dataset: { sales: 50_000, customers: 10, products: 10 }, quota: 1_000_000 });
  const ext = await launchExtension();
  try {
    const result = await evaluateIn(
      await ext.worker(),
      async ({ base, token }: { base: string; token: string }) => {
        const pages: Record<string, unknown>[][] = [];
        for (let after = 0; ; ) {
          const res = await fetch(`${base}/api/2.0/sales?page_size=500&after=${after}`, { headers: { Authorization: `Bearer ${token}` } });
          const body = (await res.json()) as { data: Record<string, unknown>[]; version: { max: number } };
          if (!body.data.length) break;
          pages.push(body.data);
          after = body.version.max;
        }
        const open = (name: string) =>
          new Promise<IDBDatabase>((resolve) => {
            const req = indexedDB.open(name, 1);
            req.onupgradeneeded = () => req.result.createObjectStore('rows');
            req.onsuccess = () => resolve(req.result);
          });
        const write = async (name: string, shape: (row: Record<string, unknown>) => unknown) => {
          const db = await open(name);
          const t0 = performance.now();
          for (const page of pages) {
            await new Promise<void>((resolve) => {
              const tx = db.transaction('rows', 'readwrite');
              const store = tx.objectStore('rows');
              for (const row of page) store.put(shape(row), ['sales', 0, row.id as string]);
              tx.oncomplete = () => resolve();
            });
          }
          const ms = performance.now() - t0;
          db.close();
          await new Promise((r) => (indexedDB.deleteDatabase(name).onsuccess = r));
          return ms;
        };
        const out: Record<string, number[]> = { objects: [], jsonStrings: [] };
        for (let round = 0; round < 2; round++) {
          out.objects.push(await write('shape-objects', (row) => row));
          out.jsonStrings.push(await write('shape-json', (row) => JSON.stringify(row)));
        }
        return { rows: pages.reduce((n, p) => n + p.length, 0), ...out };
      },
      { base: server.url, token: server.token },
    );
    console.log(JSON.stringify(result));
  } finally {
    await ext.close();
    await server.close();
  }
}

void main();
