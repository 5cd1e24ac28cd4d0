/**
 * `npm run bench`: measures the built extension in headless Chromium against the local retail
 * API and prints each figure beside its target. Every measurement is its own step; a step that
 * fails (the product or a baseline broke) prints as "n/a (reason)" and the rest still run.
 * Results go to bench/results.json. BENCH_SCALE=0.1 gives a quick run; see bench/README.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startRetailServer, type RequestLogEntry, type RetailServer } from '../test/server';
import { launchExtension, type ExtensionBrowser } from '../test/e2e/browser';
import { runBaseline, runChildFetchBaseline, type BaselineTiming } from './baselines';
import { CHILD_BASELINE_REQUESTS, CHILD_TABLE, CHILD_TIME_BOX_MS, INCREMENTAL_MUTATIONS, POPUP_RUNS, RATE_LIMIT, SCALE, TARGETS, TIMEOUTS, throughputDataset } from './config';
import { exportBaseline, timeExport, type ExportBaseline, type ExportTiming } from './export';
import { padStoredRows, timePopup, type PopupTiming } from './popup';
import { configureProduct, firstLine, messagePage, rowsStored, runSync, syncStatus } from './product';
import { atMost, formatTable, int, mb, ms, na, ratio, type Line } from './report';
import { simulatedLines, simulatedStorePhase } from './simulated-store';
import { otherTables, versionCursorWalks } from './walks';
import { parseCli } from '../scripts/cli';

const USAGE = `Usage: npm run bench            (builds the extension first)
       npx tsx bench/run.ts     (after "npm run build")

Measures the built extension in headless Chromium against the local retail API
(~226k rows at full scale, about 5 minutes on 2 cores) next to baselines run in the
same browser, prints each figure beside its target and writes bench/results.json.
See bench/README.md.

Environment:
  BENCH_SCALE=0.1            a tenth of the data, for a quick run (default 1)
  BENCH_QUOTA=50             requests per window in the rate-limited scenario
  BENCH_WINDOW_S=5           that window, in seconds
  BENCH_CHILD_BUDGET_S=60    time box for the one-request-per-sale child table
  BENCH_SYNC_TIMEOUT_S=300   give up on a full sync after this long
  CHROMIUM_PATH              the browser (default /usr/bin/chromium)

  -h, --help                 show this help`;
parseCli({}, USAGE);

const RESULTS_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results.json');
const EXPORT_TABLE = 'sales';
const EXPORT_CHILD_TABLE = 'sales__line_items';

const figures: Record<string, unknown> = {};
const errors: Record<string, string> = {};
const benchStart = Date.now();
const loadAtStart = os.loadavg().map((x) => x.toFixed(2)).join(' ');

function log(message: string): void {
  console.log(`[${((Date.now() - benchStart) / 1000).toFixed(0).padStart(4)} s] ${message}`);
}

/** Runs one measurement; its failure is recorded and reported, never fatal to the others. */
async function measure<T>(name: string, fn: () => Promise<T>): Promise<T | undefined> {
  log(`${name} …`);
  const t0 = Date.now();
  try {
    const value = await fn();
    figures[name] = value;
    log(`${name} done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return value;
  } catch (err) {
    errors[name] = firstLine(err);
    log(`${name} FAILED: ${errors[name]}`);
    return undefined;
  }
}

const requestCount = (server: RetailServer, pred: (e: RequestLogEntry) => boolean = () => true) => server.requests().filter(pred).length;
const isApi = (e: RequestLogEntry) => e.path.startsWith('/api/');

interface ProductSync {
  wallMs: number;
  rows: number;
  requests: number;
  rowsFetched: number;
}

interface Incremental extends ProductSync {
  mutated: number;
}

interface ChildTable {
  wallMs: number;
  /** False when the time box ended the run first. */
  complete: boolean;
  requests: number;
  /** One request per parent sale for a full walk. */
  parents: number;
  rowsFetched: number;
}

interface RateLimited {
  quota: number;
  windowS: number;
  wallMs: number;
  rows: number;
  requests: number;
  okRequests: number;
  status429: number;
  otherFailures: number;
  theoreticalWindows: number;
  windowsSpanned: number;
  errors: string[];
}

async function throughputPhase(server: RetailServer, ext: ExtensionBrowser) {
  const walks = versionCursorWalks();
  const walkTables = walks.map((w) => w.table);
  // Everything but the walks and the one-request-per-sale child, which is measured last.
  const others = otherTables(walks).filter((t) => t !== CHILD_TABLE);
  const allButChild = [...walkTables, ...others];
  const base = server.url;
  const token = server.token;
  figures.walks = walkTables;
  figures.otherTables = others;

  figures.configuredVia = await measure('configure', () => configureProduct(ext, base, token));
  const page = await messagePage(ext);

  // Order: a (also warms the server), then the product into a fresh profile, then b and c, which
  // write a separate database of the same origin (and delete it afterwards).
  const a = await measure('baselineFetchParse', () => runBaseline(ext.worker, { base, token, walks, mode: 'fetch' }));

  server.clearRequests();
  const walkSync = await measure('productWalks', async (): Promise<ProductSync> => {
    const run = await runSync(page, { resources: walkTables, timeoutMs: TIMEOUTS.fullSyncMs });
    if (run.errors.length) throw new Error(`tables not synced: ${run.errors.join('; ')}`);
    const inWalks = run.status.resources.filter((r) => walkTables.includes(r.resource));
    return {
      wallMs: run.wallMs,
      rows: rowsStored(run.status, walkTables),
      requests: requestCount(server, isApi),
      rowsFetched: inWalks.reduce((n, r) => n + r.rowsFetched, 0),
    };
  });

  const b = await measure('baselineNaive', () => runBaseline(ext.worker, { base, token, walks, mode: 'naive' }));
  const c = await measure('baselineWritesOnly', () => runBaseline(ext.worker, { base, token, walks, mode: 'writes' }));
  const cChunks = await measure('baselineChunkWrites', () => runBaseline(ext.worker, { base, token, walks, mode: 'chunkWrites' }));

  server.clearRequests();
  const otherSync = await measure('productOtherTables', async (): Promise<ProductSync & { byPath: Record<string, number> }> => {
    const run = await runSync(page, { resources: others, timeoutMs: TIMEOUTS.fullSyncMs });
    if (run.errors.length) throw new Error(`tables not synced: ${run.errors.join('; ')}`);
    const byPath: Record<string, number> = {};
    for (const e of server.requests().filter(isApi)) {
      const group = e.path.replace(/\/api\/2\.0\/(sales|consignments)\/[^/]+\//, '/api/2.0/$1/{id}/');
      byPath[group] = (byPath[group] ?? 0) + 1;
    }
    return { wallMs: run.wallMs, rows: rowsStored(run.status, others), requests: requestCount(server, isApi), rowsFetched: 0, byPath };
  });

  const status = await syncStatus(page).catch(() => undefined);
  const tablesWithRows = status?.resources.filter((r) => r.rowsStored > 0).map((r) => r.resource) ?? [];
  figures.rowsStoredTotal = status ? rowsStored(status) : undefined;

  // The popup target is stated for 500k+ stored rows; the bench's store holds fewer, so synthetic
  // customer rows fill the gap (the popup reads counts from the sync state, never scans tables).
  await measure('popupPadding', async () => {
    const added = await padStoredRows(ext, 'customers', TARGETS.popupRows + 1000 - (figures.rowsStoredTotal as number ?? 0));
    figures.popupPaddedRows = added;
    figures.popupRowsStored = ((figures.rowsStoredTotal as number) ?? 0) + added;
    return added;
  });

  await measure('popupOpen', () => {
    if (!otherSync) throw new Error('not every table synced');
    return timePopup(ext, tablesWithRows, POPUP_RUNS, TIMEOUTS.popupMs);
  });

  await page.close();
  const popup = await messagePage(ext);
  await popup.setViewportSize({ width: 400, height: 600 });
  for (const kind of ['CSV', 'JSON', 'Excel', 'Parquet'] as const) {
    await measure(`export${kind}`, async () => {
      if (!walkSync) throw new Error(`${EXPORT_TABLE} not synced`);
      return timeExport(ext, popup, EXPORT_TABLE, kind, TIMEOUTS.exportMs);
    });
  }
  // The largest child table: every sale's line items, read from the sales rows.
  for (const kind of ['CSV', 'Excel'] as const) {
    await measure(`exportChild${kind}`, async () => {
      if (!walkSync) throw new Error(`${EXPORT_TABLE} not synced`);
      return timeExport(ext, popup, EXPORT_CHILD_TABLE, kind, TIMEOUTS.exportMs);
    });
  }
  await popup.close();
  const salesWalk = walks.find((w) => w.table === EXPORT_TABLE)!;
  await measure('exportBaseline', async () => {
    if (!walkSync) throw new Error(`${EXPORT_TABLE} not synced`);
    return exportBaseline(ext, { table: EXPORT_TABLE, runs: 3, api: { base, token, path: salesWalk.path, params: salesWalk.params } });
  });

  await measure('incremental', async (): Promise<Incremental> => {
    if (!walkSync || !otherSync) throw new Error('the full sync did not complete');
    const per = Math.ceil(INCREMENTAL_MUTATIONS.total / INCREMENTAL_MUTATIONS.resources.length);
    let mutated = 0;
    for (const resource of INCREMENTAL_MUTATIONS.resources) {
      const rows = server.rows(resource);
      const n = Math.min(per, INCREMENTAL_MUTATIONS.total - mutated, rows.length);
      for (let i = 0; i < n; i++) {
        const row = rows[Math.floor((i * rows.length) / n)];
        const field = resource === 'products' ? 'description' : 'note';
        server.mutate({ resource, op: 'update', id: String(row.id), patch: { [field]: `bench change ${i}` } });
        mutated++;
      }
    }
    server.clearRequests();
    const p = await messagePage(ext);
    try {
      const run = await runSync(p, { resources: allButChild, timeoutMs: TIMEOUTS.fullSyncMs });
      if (run.errors.length) throw new Error(`tables not synced: ${run.errors.join('; ')}`);
      return {
        mutated,
        wallMs: run.wallMs,
        rows: rowsStored(run.status, allButChild),
        requests: requestCount(server, isApi),
        rowsFetched: run.status.resources.filter((r) => allButChild.includes(r.resource)).reduce((n, r) => n + r.rowsFetched, 0),
      };
    } finally {
      await p.close();
    }
  });

  const child = await measure('childTable', async (): Promise<ChildTable> => {
    if (!walkSync) throw new Error('sales not synced');
    server.clearRequests();
    const p = await messagePage(ext);
    let run;
    try {
      run = await runSync(p, { resources: [CHILD_TABLE], timeoutMs: TIMEOUTS.fullSyncMs, stopAfterMs: CHILD_TIME_BOX_MS });
    } finally {
      await p.close();
    }
    if (run.errors.length) throw new Error(`not synced: ${run.errors.join('; ')}`);
    const childRequests = server.requests().filter((e) => e.path.endsWith(`/${CHILD_TABLE}`));
    const progress = run.status.resources.find((r) => r.resource === CHILD_TABLE);
    return {
      wallMs: run.wallMs,
      complete: !run.stopped,
      requests: childRequests.length,
      parents: server.state().counts.sales,
      rowsFetched: progress?.rowsFetched ?? 0,
    };
  });
  const childBaseline = await measure('childTableFetchBaseline', async () => {
    const n = Math.min(CHILD_BASELINE_REQUESTS, child?.requests || CHILD_BASELINE_REQUESTS);
    const saleIds = server.rows('sales').slice(0, n).map((r) => String(r.id));
    return runChildFetchBaseline(ext.worker, { base, token, saleIds });
  });

  return { a, b, c, cChunks, walkSync, otherSync, child, childBaseline };
}

async function rateLimitedPhase(): Promise<RateLimited> {
  const { quota, windowS } = RATE_LIMIT;
  const server = await startRetailServer({ dataset: RATE_LIMIT.dataset(), quota, windowS });
  const ext = await launchExtension();
  try {
    figures.rateLimitedConfiguredVia = await configureProduct(ext, server.url, server.token);
    const page = await messagePage(ext);
    // Start at the beginning of a window: the limiter's windows are epoch-aligned, so a run that
    // starts late in one would spend an extra partial window that says nothing about the client.
    const windowMs = windowS * 1000;
    await new Promise((r) => setTimeout(r, windowMs - (Date.now() % windowMs) + 20));
    server.clearRequests();
    const run = await runSync(page, { timeoutMs: Math.max(TIMEOUTS.fullSyncMs, 20 * windowMs) });
    const log = server.requests().filter(isApi);
    const okRequests = log.filter((e) => e.status !== 429).length;
    return {
      quota,
      windowS,
      wallMs: run.wallMs,
      rows: rowsStored(run.status),
      requests: log.length,
      okRequests,
      status429: log.filter((e) => e.status === 429).length,
      otherFailures: log.filter((e) => e.status !== 200 && e.status !== 429).length,
      theoreticalWindows: Math.ceil(okRequests / quota),
      windowsSpanned: new Set(log.map((e) => Math.floor(e.t / windowMs))).size,
      errors: run.errors,
    };
  } finally {
    await ext.close();
    await server.close();
  }
}

type Throughput = Awaited<ReturnType<typeof throughputPhase>>;

function buildLines(t: Partial<Throughput>, rl: RateLimited | undefined): Line[] {
  const lines: Line[] = [];
  const fail = (name: string) => na(errors[name] ?? 'not run');
  const rate = (rows: number, msValue: number) => `${int(rows / (msValue / 1000))} rows/s`;
  const { a, b, c, cChunks, walkSync, otherSync } = t;

  lines.push({ figure: '## 1. Sync throughput (version-cursor walks; children synced separately below)' });
  const base = (label: string, name: string, x: BaselineTiming | undefined) =>
    lines.push({ figure: label, value: x ? `${ms(x.ms)}  ${rate(x.rows, x.ms)}  (${int(x.rows)} rows, ${int(x.requests)} req, ${mb(x.bytes)})` : fail(name) });
  base('(a) fetch + parse only', 'baselineFetchParse', a);
  base('(b) naive fetch → 1 tx per page', 'baselineNaive', b);
  base('(c) IndexedDB writes only', 'baselineWritesOnly', c);
  base("(c') writes only, product's shape", 'baselineChunkWrites', cChunks);
  lines.push({
    figure: 'product full sync (walks)',
    value: walkSync ? `${ms(walkSync.wallMs)}  ${rate(walkSync.rows, walkSync.wallMs)}  (${int(walkSync.rows)} rows, ${int(walkSync.requests)} req)` : fail('productWalks'),
  });
  if (walkSync && a && c) {
    const r = walkSync.wallMs / Math.max(a.ms, c.ms);
    lines.push({ figure: 'product / max(a, c)', value: ratio(r), target: `≤ ${TARGETS.syncVsMaxAC}×`, verdict: atMost(r, TARGETS.syncVsMaxAC) });
  } else lines.push({ figure: 'product / max(a, c)', value: na('a figure above is missing'), target: `≤ ${TARGETS.syncVsMaxAC}×` });
  if (walkSync && a && cChunks) {
    // The same target against the writes of the shape the product actually stores.
    const r = walkSync.wallMs / Math.max(a.ms, cChunks.ms);
    lines.push({ figure: "product / max(a, c')", value: ratio(r), target: `≤ ${TARGETS.syncVsMaxAC}×`, verdict: atMost(r, TARGETS.syncVsMaxAC) });
  }
  if (walkSync && b) {
    const r = walkSync.wallMs / b.ms;
    lines.push({ figure: 'product / (b)', value: ratio(r), target: `≤ ${TARGETS.syncVsNaive}×`, verdict: atMost(r, TARGETS.syncVsNaive) });
  } else lines.push({ figure: 'product / (b)', value: na('a figure above is missing'), target: `≤ ${TARGETS.syncVsNaive}×` });
  lines.push({
    figure: `other tables except ${CHILD_TABLE}`,
    value: otherSync ? `${ms(otherSync.wallMs)}  (${int(otherSync.rows)} rows, ${int(otherSync.requests)} req)` : fail('productOtherTables'),
  });
  const { child, childBaseline } = t;
  if (child) {
    const perReq = child.wallMs / Math.max(1, child.requests);
    lines.push({
      figure: `${CHILD_TABLE} (1 req per sale${child.complete ? '' : `, ${ms(CHILD_TIME_BOX_MS)} time box`})`,
      value: `${ms(child.wallMs)}  (${int(child.requests)} of ${int(child.parents)} sales, ${perReq.toFixed(2)} ms/req${child.complete ? '' : `; all would take ~${ms(perReq * child.parents)}`})`,
    });
    if (childBaseline) {
      const basePerReq = childBaseline.ms / childBaseline.requests;
      lines.push({ figure: `  / plain sequential fetch (${int(childBaseline.requests)} req)`, value: `${ratio(perReq / basePerReq)}  (${basePerReq.toFixed(2)} ms/req)` });
    } else lines.push({ figure: '  / plain sequential fetch', value: fail('childTableFetchBaseline') });
  } else lines.push({ figure: CHILD_TABLE, value: fail('childTable') });

  lines.push({ figure: '## 2. Requests per row' });
  if (walkSync && otherSync) {
    const req = walkSync.requests + otherSync.requests;
    const rows = (figures.rowsStoredTotal as number | undefined) ?? walkSync.rows + otherSync.rows;
    lines.push({ figure: `full sync without ${CHILD_TABLE}`, value: `${(req / rows).toFixed(4)} req/row  (${int(req)} req, ${int(rows)} rows stored)` });
    if (child) {
      const childRows = child.complete ? child.rowsFetched : Math.round((child.rowsFetched * child.parents) / Math.max(1, child.requests));
      lines.push({
        figure: `  with ${CHILD_TABLE}${child.complete ? '' : ' (extrapolated)'}`,
        value: `${((req + child.parents) / (rows + childRows)).toFixed(4)} req/row  (+${int(child.parents)} req, +${int(childRows)} rows)`,
      });
    }
  } else lines.push({ figure: 'full sync, no rate limit', value: na('the full sync did not complete') });
  if (rl) {
    lines.push({ figure: `rate-limited sync (quota ${rl.quota} / ${rl.windowS} s)`, value: `${ms(rl.wallMs)}  (${int(rl.rows)} rows, ${int(rl.requests)} req, ${(rl.requests / Math.max(1, rl.rows)).toFixed(4)} req/row)` });
    const r = rl.wallMs / (rl.theoreticalWindows * rl.windowS * 1000);
    lines.push({
      figure: 'wall / (ceil(req/quota) windows)',
      value: `${ratio(r)}  (${rl.theoreticalWindows} windows minimum, ${rl.windowsSpanned} spanned)`,
      target: `≤ ${TARGETS.rateLimitedWindows}×`,
      verdict: atMost(r, TARGETS.rateLimitedWindows),
    });
    const failed = rl.otherFailures + rl.errors.length;
    lines.push({
      figure: '429s; other failed requests',
      value: `${rl.status429}; ${rl.otherFailures}${rl.errors.length ? ` (tables in error: ${rl.errors.join('; ')})` : ''}`,
      target: '0 beyond 429s',
      verdict: failed === 0 ? 'ok' : 'MISS',
    });
  } else lines.push({ figure: 'rate-limited sync', value: fail('rateLimited') });

  lines.push({ figure: `## 3. Export of ${EXPORT_TABLE}` });
  const eb = figures.exportBaseline as ExportBaseline | undefined;
  if (eb) {
    lines.push({ figure: 'baseline in memory (Papa / JSON.stringify)', value: `CSV ${ms(eb.csvMs)}, JSON ${ms(eb.jsonMs)}  (${int(eb.rows)} rows, ${eb.columns} columns)` });
    lines.push({ figure: '  baseline ran in', value: eb.where });
  }
  else lines.push({ figure: 'baseline in memory', value: fail('exportBaseline') });
  for (const kind of ['CSV', 'JSON'] as const) {
    const e = figures[`export${kind}`] as ExportTiming | undefined;
    if (!e) {
      lines.push({ figure: `export ${kind}`, value: fail(`export${kind}`) });
      continue;
    }
    lines.push({ figure: `export ${kind} (click → download complete)`, value: `${ms(e.wallMs)}  (file ${mb(e.fileBytes)})` });
    if (eb) {
      const r = e.wallMs / (kind === 'CSV' ? eb.csvMs : eb.jsonMs);
      lines.push({ figure: `  / baseline (${kind === 'CSV' ? 'Papa.unparse' : 'JSON.stringify'})`, value: ratio(r), target: `≤ ${TARGETS.exportVsBaseline}×`, verdict: atMost(r, TARGETS.exportVsBaseline) });
    }
    const h = e.heapPeakBytes / e.fileBytes;
    lines.push({
      figure: '  peak JS heap / file size',
      value: `${ratio(h)}  (peak ${mb(e.heapPeakBytes)}, before ${mb(e.heapBeforeBytes)}, ${e.heapSamples} samples)`,
      target: `< ${TARGETS.exportHeapVsFile}×`,
      verdict: atMost(h, TARGETS.exportHeapVsFile, true),
    });
  }

  // Excel beside CSV: the workbook's heap against the same table's CSV file (the uncompressed yardstick).
  for (const [figure, csvKey, xlsxKey] of [
    [EXPORT_TABLE, 'exportCSV', 'exportExcel'],
    [EXPORT_CHILD_TABLE, 'exportChildCSV', 'exportChildExcel'],
  ] as const) {
    const c = figures[csvKey] as ExportTiming | undefined;
    const x = figures[xlsxKey] as ExportTiming | undefined;
    if (csvKey !== 'exportCSV') {
      if (c) lines.push({ figure: `export ${figure} CSV`, value: `${ms(c.wallMs)}  (file ${mb(c.fileBytes)}; peak heap ${mb(c.heapPeakBytes)} = ${ratio(c.heapPeakBytes / c.fileBytes)} of file)` });
      else lines.push({ figure: `export ${figure} CSV`, value: fail(csvKey) });
    }
    if (!x) {
      lines.push({ figure: `export ${figure} Excel`, value: fail(xlsxKey) });
      continue;
    }
    lines.push({ figure: `export ${figure} Excel (click → download)`, value: `${ms(x.wallMs)}  (file ${mb(x.fileBytes)}${c ? `, ${ratio(x.wallMs / c.wallMs)} of CSV time` : ''})` });
    if (c) {
      const h = x.heapPeakBytes / c.fileBytes;
      lines.push({
        figure: '  peak JS heap / CSV file size',
        value: `${ratio(h)}  (peak ${mb(x.heapPeakBytes)}, before ${mb(x.heapBeforeBytes)}, CSV ${mb(c.fileBytes)}, ${x.heapSamples} samples)`,
        target: `< ${TARGETS.exportHeapVsFile}×`,
        verdict: atMost(h, TARGETS.exportHeapVsFile, true),
      });
    }
  }

  // Parquet has no target: its time is put beside the CSV export's, its heap beside its file and the CSV file.
  const pq = figures.exportParquet as ExportTiming | undefined;
  const csv = figures.exportCSV as ExportTiming | undefined;
  if (!pq) lines.push({ figure: 'export Parquet', value: fail('exportParquet') });
  else {
    lines.push({ figure: 'export Parquet (click → download complete)', value: `${ms(pq.wallMs)}  (file ${mb(pq.fileBytes)}${csv ? `, ${ratio(pq.fileBytes / csv.fileBytes)} of the CSV file` : ''})` });
    if (csv) lines.push({ figure: '  / export CSV', value: ratio(pq.wallMs / csv.wallMs) });
    lines.push({
      figure: '  peak JS heap',
      value: `${mb(pq.heapPeakBytes)}  (before ${mb(pq.heapBeforeBytes)}, ${pq.heapSamples} samples; ${ratio(pq.heapPeakBytes / pq.fileBytes)} of the file${csv ? `, ${ratio(pq.heapPeakBytes / csv.fileBytes)} of the CSV file` : ''})`,
    });
  }

  lines.push({ figure: '## 4. Popup at scale' });
  const p = figures.popupOpen as PopupTiming | undefined;
  const stored = (figures.popupRowsStored ?? figures.rowsStoredTotal) as number | undefined;
  if (p) {
    lines.push({ figure: 'tables waited for', value: `${p.tables} with rows (${CHILD_TABLE} is synced after this figure)` });
    const enough = (stored ?? 0) >= TARGETS.popupRows;
    lines.push({
      figure: 'goto → all counts shown (median)',
      value: `${ms(p.medianMs)}  (first ${ms(p.firstMs)}, Node-side ${ms(p.medianWallMs)}; ${p.tables} tables, ${int(stored ?? 0)} rows stored${figures.popupPaddedRows ? `, ${int(figures.popupPaddedRows as number)} of them synthetic customers` : ''}${enough ? '' : ` — fewer than ${int(TARGETS.popupRows)}`})`,
      target: `< ${TARGETS.popupMs} ms @ ${int(TARGETS.popupRows)}+ rows`,
      verdict: atMost(p.medianMs, TARGETS.popupMs, true),
    });
  } else lines.push({ figure: 'goto → all counts shown', value: fail('popupOpen'), target: `< ${TARGETS.popupMs} ms` });

  lines.push({ figure: `## 5. Incremental sync after 100 server changes (every table but ${CHILD_TABLE})` });
  const inc = figures.incremental as Incremental | undefined;
  if (inc && walkSync && otherSync) {
    const fullReq = walkSync.requests + otherSync.requests;
    const fullMs = walkSync.wallMs + otherSync.wallMs;
    const share = inc.requests / fullReq;
    lines.push({ figure: 'incremental sync', value: `${ms(inc.wallMs)}  (${int(inc.requests)} req, ${int(inc.rowsFetched)} rows fetched, ${inc.mutated} rows changed)` });
    lines.push({ figure: '  wall vs full sync', value: `${(100 * inc.wallMs / fullMs).toFixed(1)} %  (full ${ms(fullMs)})` });
    lines.push({
      figure: '  requests vs full sync',
      value: `${(100 * share).toFixed(2)} %  (full ${int(fullReq)} req)`,
      target: `< ${TARGETS.incrementalRequestShare * 100} %`,
      verdict: atMost(share, TARGETS.incrementalRequestShare, true),
    });
    if (child) {
      // A default full sync includes the child (one request per sale); an incremental one would
      // visit only the changed sales' fulfillments.
      const changedSales = Math.ceil(inc.mutated / INCREMENTAL_MUTATIONS.resources.length);
      lines.push({
        figure: `  same, both with ${CHILD_TABLE} (projected)`,
        value: `${((100 * (inc.requests + changedSales)) / (fullReq + child.parents)).toFixed(2)} %  (+${changedSales} vs +${int(child.parents)} req)`,
      });
    }
  } else lines.push({ figure: 'incremental sync', value: fail('incremental'), target: `< ${TARGETS.incrementalRequestShare * 100} % of requests` });
  return lines;
}

async function main(): Promise<void> {
  const dataset = throughputDataset();
  log(`BENCH_SCALE=${SCALE}; seeding the store: ${JSON.stringify(dataset)}`);
  let throughput: Partial<Throughput> = {};
  let chromium: string | undefined;
  const seedStart = Date.now();
  const server = await startRetailServer({ dataset, quota: 1_000_000_000, windowS: 3600 });
  figures.seedMs = Date.now() - seedStart;
  figures.serverCounts = server.state().counts;
  log(`seeded in ${ms(figures.seedMs as number)}; ${int(Object.values(server.state().counts).reduce((n, x) => n + x, 0))} rows on the server`);
  try {
    const ext = await launchExtension();
    chromium = ext.context.browser()?.version();
    try {
      throughput = await throughputPhase(server, ext);
    } finally {
      await ext.close();
    }
  } catch (err) {
    errors.throughputPhase = firstLine(err);
    log(`throughput phase FAILED: ${errors.throughputPhase}`);
  } finally {
    await server.close();
  }
  const rl = await measure('rateLimited', rateLimitedPhase);
  const sim = await measure('simulatedStore', () => simulatedStorePhase({ before: process.env.BENCH_SIM_BEFORE !== '0', log }));

  const lines = [...buildLines(throughput, rl), ...simulatedLines(sim, errors.simulatedStore)];
  const table = formatTable(lines);
  // Other work on the machine skews every figure; the load average says whether there was any.
  const load = os.loadavg().map((x) => x.toFixed(2)).join(' ');
  console.log(`\nRetail Exporter benchmark — BENCH_SCALE=${SCALE}, ${os.cpus().length} cores, Chromium ${chromium ?? '?'}, load ${load} (at start ${loadAtStart}), total ${ms(Date.now() - benchStart)}\n`);
  console.log(table);
  fs.writeFileSync(
    RESULTS_FILE,
    JSON.stringify(
      {
        finishedAt: new Date().toISOString(),
        scale: SCALE,
        machine: { cpus: os.cpus().length, node: process.version, chromium, loadAtStart, loadAtEnd: os.loadavg() },
        dataset,
        rateLimitedDataset: RATE_LIMIT.dataset(),
        targets: TARGETS,
        totalMs: Date.now() - benchStart,
        figures,
        errors,
        table: lines,
      },
      null,
      2,
    ) + '\n',
  );
  console.log(`\nWrote ${path.relative(process.cwd(), RESULTS_FILE)}`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
