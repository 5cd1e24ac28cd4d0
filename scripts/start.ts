/**
 * `npm start`: the product on an embedded default. Serves the demo retail API on 127.0.0.1, opens
 * Chromium with the built extension configured for it. With a display, the browser stays open
 * for use; without one, it syncs every table, exports each as CSV and JSON into ./exports/ and
 * prints a summary.
 */
import fs from 'node:fs';
import path from 'node:path';
import { startRetailServer } from '../test/server';
import { launchExtension, waitForDownloads } from '../test/e2e/browser';
import { configure, openPopup, syncAll } from '../test/e2e/flows';
import { parseCli } from './cli';

const USAGE = `Usage: npm start [-- --headless]

Builds the extension, serves the demo retail API on 127.0.0.1 (any free port) and
launches Chromium (/usr/bin/chromium or CHROMIUM_PATH) with the extension loaded and
already configured for it. With a display the browser stays open until you close it.
Without one (or with --headless) it syncs every table, exports each as CSV and JSON
into ./exports/ and prints a summary.

To load the extension into your own Chrome by hand instead, see "npm run demo".

  --headless  run without a window even if a display is available
  -h, --help  show this help`;

const args = parseCli({ headless: { type: 'boolean' } }, USAGE);
const headless = !process.env.DISPLAY || args.headless === true;
const exportsDir = path.resolve('exports');

async function main() {
  const server = await startRetailServer({ dataset: 'default' });
  console.log(`Demo store API: ${server.url} (token "${server.token}")`);
  fs.rmSync(exportsDir, { recursive: true, force: true });
  const ext = await launchExtension({ headless, downloadDir: exportsDir });
  try {
    const options = await configure(ext, { baseUrl: server.url, token: server.token });
    const popup = await openPopup(ext);
    if (!headless) {
      console.log('Chromium is open with Retail Exporter configured for the demo store. Close the browser to stop.');
      await options.bringToFront();
      await new Promise<void>((resolve) => ext.context.on('close', () => resolve()));
      return;
    }
    const started = Date.now();
    const status = await syncAll(popup, 300_000);
    console.log(`Synced in ${((Date.now() - started) / 1000).toFixed(1)} s; exporting…`);
    let files = 0;
    for (const r of status.resources) {
      for (const kind of ['CSV', 'JSON'] as const) {
        await popup.getByRole('button', { name: `Export ${r.resource} as ${kind}`, exact: true }).click();
        await waitForDownloads(ext, ++files);
      }
    }
    printSummary(status);
    console.log(`\n${files} files in ${path.relative(process.cwd(), exportsDir)}/`);
    const failed = status.resources.filter((r) => r.status !== 'done');
    if (failed.length) {
      console.error(`Not synced: ${failed.map((r) => `${r.resource} (${r.error?.message ?? r.status})`).join('; ')}`);
      process.exitCode = 1;
    }
  } finally {
    if (headless) await ext.close();
    await server.close();
  }
}

function printSummary(status: Awaited<ReturnType<typeof syncAll>>) {
  const rows = status.resources.map((r) => [
    r.resource,
    r.rowsStored.toLocaleString('en-US'),
    r.startedAt && r.finishedAt ? ((r.finishedAt - r.startedAt) / 1000).toFixed(2) : '-',
    r.status,
  ]);
  const header = ['table', 'rows', 'seconds', 'state'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 || i === 3 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log('\n' + line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
  const total = status.resources.reduce((n, r) => n + r.rowsStored, 0);
  console.log(`${'total'.padEnd(widths[0])}  ${total.toLocaleString('en-US').padStart(widths[1])}`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
