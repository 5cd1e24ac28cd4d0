/**
 * Popup at scale: from `page.goto(popup.html)` to every table that holds rows showing a non-zero
 * `[data-count]`. The check runs in the page on every animation frame and records the page's own
 * clock (ms since navigation start) when it first holds, so the figure does not include the
 * round trips of polling from Node.
 */
import type { ExtensionBrowser } from '../test/e2e/browser';
import { evaluateIn } from './in-browser';

export interface PopupTiming {
  /** Median, from navigation start to all counts shown (page clock). */
  medianMs: number;
  /** The first open (cold). */
  firstMs: number;
  /** The same, measured from Node around page.goto (includes CDP round trips). */
  medianWallMs: number;
  runs: number[];
  tables: number;
}

export async function timePopup(ext: ExtensionBrowser, tablesWithRows: string[], runs: number, timeoutMs: number): Promise<PopupTiming> {
  const inPage: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < runs; i++) {
    const page = await ext.context.newPage();
    try {
      await page.setViewportSize({ width: 400, height: 600 });
      const t0 = Date.now();
      await page.goto(`chrome-extension://${ext.extensionId}/popup.html`, { waitUntil: 'commit' });
      const handle = await page.waitForFunction(
        (names: string[]) => {
          for (const name of names) {
            const text = document.querySelector(`[data-resource="${name}"] [data-count]`)?.textContent ?? '';
            if (!(Number(text.replace(/[^0-9]/g, '')) > 0)) return false;
          }
          return performance.now();
        },
        tablesWithRows,
        { polling: 'raf', timeout: timeoutMs },
      );
      wall.push(Date.now() - t0);
      inPage.push((await handle.jsonValue()) as number);
    } finally {
      await page.close();
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { medianMs: median(inPage), firstMs: inPage[0], medianWallMs: median(wall), runs: inPage, tables: tablesWithRows.length };
}

/**
 * Brings the rows stored to at least `target` by adding synthetic copies of one stored customer
 * (keys `pad-…`, so they never collide with real rows) and raising that table's count, as a sync
 * of a bigger store would. Runs in the service worker with raw IndexedDB. Returns how many rows
 * were added.
 */
export async function padStoredRows(ext: ExtensionBrowser, table: string, missing: number): Promise<number> {
  if (missing <= 0) return 0;
  return evaluateIn(
    await ext.worker(),
    async ({ table, missing }: { table: string; missing: number }) => {
      const db = await new Promise<IDBDatabase>((res, rej) => {
        const req = indexedDB.open('retail-exporter');
        req.onsuccess = () => res(req.result);
        req.onerror = () => rej(req.error);
      });
      const read = db.transaction(['tables', 'chunks']);
      const state = await new Promise<{ generation: number; rowsStored: number; nextChunk: number } & Record<string, unknown>>((res) => {
        const req = read.objectStore('tables').get(table);
        req.onsuccess = () => res(req.result);
      });
      const sample = await new Promise<Record<string, unknown>>((res) => {
        const req = read.objectStore('chunks').get(IDBKeyRange.bound([table, state.generation], [table, state.generation, []]));
        req.onsuccess = () => res((req.result as { rows: Record<string, unknown>[] }).rows[0]);
      });
      // Written as the product writes: chunks of 500 rows with their keys beside them.
      const CHUNK = 500;
      let seq = state.nextChunk;
      for (let done = 0; done < missing; done += CHUNK * 10) {
        const tx = db.transaction(['chunks', 'chunkKeys'], 'readwrite');
        for (let c = done; c < Math.min(missing, done + CHUNK * 10); c += CHUNK) {
          const rows: Record<string, unknown>[] = [];
          for (let i = c; i < Math.min(missing, c + CHUNK); i++) rows.push({ ...sample, id: `pad-${String(i).padStart(7, '0')}` });
          const key = [table, state.generation, seq++];
          tx.objectStore('chunks').put({ rows }, key);
          tx.objectStore('chunkKeys').put({ n: rows.length, keys: rows.map((r) => r.id) }, key);
        }
        await new Promise((res, rej) => {
          tx.oncomplete = res;
          tx.onerror = () => rej(tx.error);
        });
      }
      const tx = db.transaction('tables', 'readwrite');
      tx.objectStore('tables').put({ ...state, rowsStored: state.rowsStored + missing, nextChunk: seq });
      await new Promise((res) => (tx.oncomplete = res));
      db.close();
      return missing;
    },
    { table, missing },
  );
}
