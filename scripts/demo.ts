/**
 * `npm run demo`: the demo store for trying the extension by hand. Serves the local retail API on
 * a fixed, documented port (so the Store URL a person typed into the extension still works after a
 * restart) and prints what to paste where. The one place a fixed port is right: a person types it.
 */
import { startRetailServer, type DatasetName } from '../test/server/index';
import { EXTENSION_DIR } from '../test/e2e/browser';
import { closeOnSignal, failToListen, parseCli, usageError } from './cli';

export const DEMO_PORT = 8787;
export const DEMO_TOKEN = 'demo-token';
const DATASETS: readonly DatasetName[] = ['default', 'small', 'empty'];

const USAGE = `Usage: npm run demo [-- --port N] [--dataset NAME]

Builds the extension, then serves the demo store API at http://127.0.0.1:${DEMO_PORT}
until Ctrl-C and prints the Store URL and API token to paste into the extension's
options, with the steps to load the extension into Chrome or Chromium by hand.
(npm start does all of it for you in a fresh Chromium instead.)

  --port N        the port (default ${DEMO_PORT}, or the DEMO_PORT environment variable)
  --dataset NAME  ${DATASETS.join(' | ')}: a realistic store, a tiny one, or no rows (default default)
  -h, --help      show this help`;

const values = parseCli({ port: { type: 'string', default: process.env.DEMO_PORT || String(DEMO_PORT) }, dataset: { type: 'string', default: 'default' } }, USAGE);
const port = Number(values.port);
if (!Number.isInteger(port) || port < 1 || port > 65535) usageError(`--port must be an integer between 1 and 65535, got "${values.port}"`, USAGE);
if (!(DATASETS as readonly string[]).includes(values.dataset)) usageError(`--dataset must be one of ${DATASETS.join(', ')}, got "${values.dataset}"`, USAGE);

const server = await startRetailServer({ port, dataset: values.dataset as DatasetName, token: DEMO_TOKEN }).catch((err) =>
  failToListen(err, port, 'Run "npm run demo -- --port N" with another port (and use that Store URL).'),
);
const rows = Object.values(server.state().counts as Record<string, number>).reduce((a, b) => a + b, 0);

console.log(`
The demo store is running (${rows.toLocaleString('en-US')} rows, dataset "${values.dataset}").

  Store URL:  ${server.url}
  API token:  ${server.token}

Try it by hand in Chrome or Chromium:
  1. Open chrome://extensions, turn on "Developer mode" (top right), click "Load unpacked"
     and pick ${EXTENSION_DIR}
  2. Open the extension's settings: on chrome://extensions click "Details" under
     Retail Exporter, then "Extension options".
  3. Paste the Store URL and API token above and click Save. This build may reach
     127.0.0.1 without asking; for a real store, Chrome asks for access at Save.
  4. Click the puzzle-piece icon in the toolbar, then Retail Exporter (pin it to keep
     it there), then "Sync now". Exported files go to your Downloads folder.

Press Ctrl-C to stop the demo store.`);
closeOnSignal(() => server.close());
