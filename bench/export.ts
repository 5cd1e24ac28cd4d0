/**
 * Export figures: the popup's "Export sales as CSV/JSON" buttons timed from click to a completed
 * download, the popup's JS heap sampled over CDP during the export, and an in-memory baseline
 * (Papa.unparse / JSON.stringify over the same rows, already read and flattened) in a page of the
 * same kind.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import type { CDPSession, Page } from 'playwright-core';
import { FORMULA_START } from '../lib/export/formula';
import type { ExtensionBrowser } from '../test/e2e/browser';
import { evaluateIn } from './in-browser';
import { firstLine } from './product';

const require = createRequire(import.meta.url);

/** The popup's export buttons the bench times, by label ("Export sales as Parquet"). */
export type ExportKind = 'CSV' | 'JSON' | 'Excel' | 'Parquet';

export interface ExportTiming {
  kind: ExportKind;
  table: string;
  wallMs: number;
  fileBytes: number;
  file: string;
  heapBeforeBytes: number;
  heapPeakBytes: number;
  heapSamples: number;
}

interface DownloadItem {
  id: number;
  state: string;
  filename: string;
  fileSize: number;
  error?: string;
}

async function downloads(ext: ExtensionBrowser): Promise<DownloadItem[]> {
  const sw = await ext.worker();
  return sw.evaluate(() => (globalThis as any).chrome.downloads.search({}));
}

async function jsHeapUsed(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
}

/** Samples JSHeapUsedSize every ~50 ms until stopped; one request in flight at a time. */
function heapSampler(cdp: CDPSession) {
  let peak = 0;
  let samples = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const started = Date.now();
      try {
        peak = Math.max(peak, await jsHeapUsed(cdp));
        samples++;
      } catch {
        // A sample lost while the page is busy is just a missing point.
      }
      await new Promise((r) => setTimeout(r, Math.max(0, 50 - (Date.now() - started))));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return { peak, samples };
    },
  };
}

/** Clicks the popup's export button and waits for Chrome to finish the download. */
export async function timeExport(ext: ExtensionBrowser, popup: Page, table: string, kind: ExportKind, timeoutMs: number): Promise<ExportTiming> {
  const cdp = await popup.context().newCDPSession(popup);
  try {
    await cdp.send('Performance.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    const heapBefore = await jsHeapUsed(cdp);
    const known = new Set((await downloads(ext)).map((d) => d.id));
    // Child tables' buttons sit in a collapsed <details> under their parent's row.
    await popup.locator('details:not([open]) > summary').evaluateAll((summaries) => summaries.forEach((s) => (s as HTMLElement).click()));
    const button = popup.getByRole('button', { name: `Export ${table} as ${kind}`, exact: true });
    await button.waitFor({ timeout: 10_000 });
    const sampler = heapSampler(cdp);
    const t0 = Date.now();
    await button.click();
    let item: DownloadItem | undefined;
    for (;;) {
      item = (await downloads(ext)).find((d) => !known.has(d.id));
      if (item?.state === 'complete') break;
      if (item?.state === 'interrupted') throw new Error(`download interrupted (${item.error ?? 'no reason'})`);
      if (Date.now() - t0 > timeoutMs) {
        const alert = await popup.getByRole('alert').first().textContent({ timeout: 100 }).catch(() => null);
        throw new Error(alert ? `no download: ${alert}` : `no completed download within ${timeoutMs / 1000} s`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    const wallMs = Date.now() - t0;
    const { peak, samples } = await sampler.stop();
    const fileBytes = fs.existsSync(item.filename) ? fs.statSync(item.filename).size : item.fileSize;
    return { kind, table, wallMs, fileBytes, file: item.filename, heapBeforeBytes: heapBefore, heapPeakBytes: peak, heapSamples: samples };
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

export interface ExportBaseline {
  /** Where the baseline ran: the extension's popup page, or a plain page if the CSP blocked Papa. */
  where: string;
  rows: number;
  columns: number;
  csvMs: number;
  csvChars: number;
  jsonMs: number;
  jsonChars: number;
}

type RowSource = { kind: 'idb'; table: string } | { kind: 'api'; base: string; token: string; path: string; params: Record<string, string> };

/**
 * Serialized into the page: reads the rows (the product's stored rows, or the API's when the page
 * is not an extension page), drops soft-deleted ones as the export does, and flattens them the
 * way the product writes a table with a primary key (lib/export/tables.ts): dotted columns for
 * nested objects, lists left out (they are child tables), the primary key first, then columns in
 * the order first seen. Keeps the result on globalThis.
 */
async function prepareRows(source: RowSource): Promise<{ rows: number; columns: number }> {
  let rows: Record<string, unknown>[] = [];
  if (source.kind === 'idb') {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('retail-exporter');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const get = <T>(req: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
    const state = (await get(db.transaction('tables').objectStore('tables').get(source.table))) as { generation: number } | undefined;
    if (!state) throw new Error(`no table state for ${source.table}`);
    const range = IDBKeyRange.bound([source.table, state.generation], [source.table, state.generation, []]);
    // Freshly synced, the table holds one copy of each row, so its chunks' rows are the table.
    const chunks = (await get(db.transaction('chunks').objectStore('chunks').getAll(range))) as { rows: Record<string, unknown>[] }[];
    rows = chunks.flatMap((c) => c.rows);
    db.close();
  } else {
    for (let after = 0; ; ) {
      const query = new URLSearchParams({ ...source.params, page_size: '10000', after: String(after) });
      const res = await fetch(`${source.base}${source.path}?${query}`, { headers: { Authorization: `Bearer ${source.token}` } });
      const body = await res.json();
      if (!body.data.length) break;
      rows.push(...body.data);
      after = body.version.max;
    }
  }
  rows = rows.filter((r) => r.deleted_at === null || r.deleted_at === undefined || r.deleted_at === '');
  const isPlain = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v) && [Object.prototype, null].includes(Object.getPrototypeOf(v));
  const flattenInto = (flat: Record<string, unknown>, prefix: string, obj: Record<string, unknown>) => {
    for (const [key, value] of Object.entries(obj)) {
      const column = prefix + key;
      if (isPlain(value) && Object.keys(value).length > 0) flattenInto(flat, column + '.', value);
      else if (Array.isArray(value)) continue;
      else if (value === null || value === undefined || isPlain(value)) flat[column] = null;
      else if (typeof value === 'object') flat[column] = JSON.stringify(value);
      else flat[column] = value;
    }
  };
  const flats = rows.map((row) => {
    const flat: Record<string, unknown> = {};
    flattenInto(flat, '', row);
    return flat;
  });
  const columns = new Set<string>(['id']);
  for (const flat of flats) for (const c of Object.keys(flat)) columns.add(c);
  const fields = [...columns];
  const data = flats.map((flat) => fields.map((c) => flat[c] ?? null));
  (globalThis as any).__bench = { rows, fields, data };
  return { rows: rows.length, columns: fields.length };
}

/** Serialized into the page: the timed part, median of `runs`. Builds the Blob too, as the export must. */
async function timeSerializers({ runs, formula }: { runs: number; formula: string }) {
  const { rows, fields, data } = (globalThis as any).__bench;
  const Papa = (globalThis as any).Papa;
  const escapeFormulae = new RegExp(formula);
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const csv: number[] = [];
  const json: number[] = [];
  let csvChars = 0;
  let jsonChars = 0;
  for (let i = 0; i < runs; i++) {
    let t0 = performance.now();
    const text = '\uFEFF' + Papa.unparse({ fields, data }, { newline: '\r\n', escapeFormulae }) + '\r\n';
    new Blob([text], { type: 'text/csv' });
    csv.push(performance.now() - t0);
    csvChars = text.length;
    t0 = performance.now();
    const j = JSON.stringify(rows);
    new Blob([j], { type: 'application/json' });
    json.push(performance.now() - t0);
    jsonChars = j.length;
  }
  delete (globalThis as any).__bench;
  return { csvMs: median(csv), csvChars, jsonMs: median(json), jsonChars };
}

async function loadPapa(page: Page): Promise<string> {
  const papaPath = require.resolve('papaparse/papaparse.min.js');
  try {
    await page.addScriptTag({ path: papaPath });
    if (await page.evaluate(() => typeof (globalThis as any).Papa?.unparse === 'function')) return 'script tag';
  } catch {
    // Extension pages' CSP (script-src 'self') refuses injected script elements.
  }
  // DevTools evaluation is not subject to the page's CSP; the UMD build then sets globalThis.Papa.
  await page.evaluate(fs.readFileSync(papaPath, 'utf8'));
  if (await page.evaluate(() => typeof (globalThis as any).Papa?.unparse === 'function')) return 'CDP evaluate';
  throw new Error('papaparse did not load');
}

export async function exportBaseline(
  ext: ExtensionBrowser,
  opts: { table: string; runs: number; api: { base: string; token: string; path: string; params: Record<string, string> } },
): Promise<ExportBaseline> {
  const page = await ext.context.newPage();
  try {
    await page.goto(`chrome-extension://${ext.extensionId}/popup.html`);
    const how = await loadPapa(page);
    const prepared = await evaluateIn(page, prepareRows, { kind: 'idb', table: opts.table });
    const timed = await evaluateIn(page, timeSerializers, { runs: opts.runs, formula: FORMULA_START.source });
    return { where: `extension popup page (papaparse loaded by ${how})`, ...prepared, ...timed };
  } catch (err) {
    // Fall back to a plain page on our own origin, reading the rows from the API instead.
    const reason = firstLine(err);
    const server = http.createServer((_, res) => res.end('<!doctype html><title>bench</title>'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      await loadPapa(page);
      const prepared = await evaluateIn(page, prepareRows, { kind: 'api', ...opts.api });
      const timed = await evaluateIn(page, timeSerializers, { runs: opts.runs, formula: FORMULA_START.source });
      return { where: `plain http://127.0.0.1 page, rows from the API (popup page failed: ${reason})`, ...prepared, ...timed };
    } finally {
      server.close();
    }
  } finally {
    await page.close();
  }
}
