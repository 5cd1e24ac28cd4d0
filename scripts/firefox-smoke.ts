/**
 * `npm run smoke:firefox`: the Firefox build in a real Firefox (Debian's firefox-esr, or
 * FIREFOX_PATH), driven over WebDriver BiDi, Firefox's own automation protocol, so no driver or
 * browser download is needed. It installs the add-on, asks for a store's https origin the way Save
 * does, saves the demo store and token, syncs a few tables and exports one as CSV, then checks the
 * file. Not part of `npm test` (CI has no Firefox); run it after changes to the Firefox build.
 *
 * Node 20 has WebSocket only behind --experimental-websocket (the npm script passes it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { startRetailServer } from '../test/server/index';
import { GECKO_ID } from '../wxt.config';
import { parseCli } from './cli';

const USAGE = `Usage: npm run smoke:firefox [-- --keep]

Builds the Firefox add-on (.output/firefox-mv3), starts Firefox headless with a fresh
profile (FIREFOX_PATH, default /usr/bin/firefox-esr), installs the add-on over WebDriver
BiDi and checks, in the real browser: the options page asks for a store's https origin
(optional host permission) and gets it, saves the local demo store and token, the popup
syncs a few tables, and "Export … as CSV" writes a file with every row.

  --keep      keep the Firefox profile and download folder (printed at the end)
  -h, --help  show this help`;

const args = parseCli({ keep: { type: 'boolean' } }, USAGE);
const FIREFOX = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';
const ADDON_DIR = path.resolve('.output/firefox-mv3');
const TABLES = ['outlets', 'customers', 'products'];

if (!fs.existsSync(FIREFOX)) {
  console.error(`Firefox not found at ${FIREFOX}. Install it with "sudo apt-get install -y firefox-esr" (Debian/Ubuntu) or set FIREFOX_PATH.`);
  process.exit(1);
}
if (typeof WebSocket === 'undefined') {
  console.error('This Node has no WebSocket: run it through "npm run smoke:firefox" (node --experimental-websocket).');
  process.exit(1);
}

/** One WebDriver BiDi connection: numbered commands, answers matched by id (W3C WebDriver BiDi §5). */
class Bidi {
  private next = 0;
  private pending = new Map<number, { resolve(v: any): void; reject(e: Error): void }>();
  private constructor(private ws: WebSocket) {
    ws.addEventListener('message', (e) => {
      const msg = JSON.parse(String(e.data));
      const waiter = msg.id !== undefined && this.pending.get(msg.id);
      if (!waiter) return;
      this.pending.delete(msg.id);
      if (msg.type === 'error') waiter.reject(new Error(`${msg.error}: ${msg.message}`));
      else waiter.resolve(msg.result);
    });
  }

  static async connect(url: string): Promise<Bidi> {
    const ws = new WebSocket(url);
    await new Promise((resolve, reject) => {
      ws.addEventListener('open', resolve, { once: true });
      ws.addEventListener('error', () => reject(new Error(`could not connect to ${url}`)), { once: true });
    });
    return new Bidi(ws);
  }

  send(method: string, params: Record<string, unknown> = {}): Promise<any> {
    const id = ++this.next;
    this.ws.send(JSON.stringify({ id, method, params }));
    return new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
  }

  /** Evaluates an async function body in the page and returns its JSON result. */
  async run<T>(context: string, body: string): Promise<T> {
    const result = await this.send('script.evaluate', {
      expression: `(async () => { ${body} })().then((v) => JSON.stringify(v ?? null))`,
      target: { context },
      awaitPromise: true,
    });
    if (result.type === 'exception') throw new Error(`in the page: ${result.exceptionDetails.text}`);
    return JSON.parse(result.result.value) as T;
  }

  /**
   * A real mouse click on the element (input.performActions), so the page runs its click handler
   * as user input: Firefox grants permissions.request() only there.
   */
  async click(context: string, selector: string): Promise<void> {
    const found = await this.send('script.evaluate', {
      expression: `(() => { const el = document.querySelector(${JSON.stringify(selector)}); el?.scrollIntoView({ block: 'center' }); return el; })()`,
      target: { context },
      awaitPromise: false,
    });
    const sharedId = found.result?.sharedId;
    if (!sharedId) throw new Error(`no element ${selector} to click`);
    await this.send('input.performActions', {
      context,
      actions: [
        {
          type: 'pointer',
          id: 'mouse',
          parameters: { pointerType: 'mouse' },
          actions: [
            { type: 'pointerMove', x: 0, y: 0, origin: { type: 'element', element: { sharedId } } },
            { type: 'pointerDown', button: 0 },
            { type: 'pointerUp', button: 0 },
          ],
        },
      ],
    });
  }

  close(): void {
    this.ws.close();
  }
}

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function step(text: string): void {
  console.log(`✓ ${text}`);
}

const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'rx-firefox-profile-'));
const downloads = fs.mkdtempSync(path.join(os.tmpdir(), 'rx-firefox-downloads-'));
const uuid = crypto.randomUUID();
const prefs: Record<string, unknown> = {
  // The add-on's internal origin, known in advance so pages can be opened by URL.
  'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: uuid }),
  // permissions.request() resolves without its doorhanger (Firefox's own tests use this pref).
  'extensions.webextOptionalPermissionPrompts': false,
  'browser.download.folderList': 2,
  'browser.download.dir': downloads,
  'browser.download.useDownloadDir': true,
  'browser.download.always_ask_before_handling_new_types': false,
  'browser.shell.checkDefaultBrowser': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.reportingpolicy.firstRun': false,
  'browser.aboutwelcome.enabled': false,
};
fs.writeFileSync(path.join(profile, 'user.js'), Object.entries(prefs).map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});`).join('\n'));

const server = await startRetailServer({ dataset: 'small' });
let firefox: ChildProcess | undefined;
let bidi: Bidi | undefined;
let failed = false;
try {
  // Since Firefox 153, automation may open moz-extension:// pages only with system access allowed.
  firefox = spawn(FIREFOX, ['--headless', '--no-remote', '--profile', profile, '--remote-debugging-port', '0', '--remote-allow-system-access'], { stdio: ['ignore', 'ignore', 'pipe'] });
  // Port 0: Firefox picks a free port and prints the address it listens on.
  let stderr = '';
  firefox.stderr!.on('data', (d) => (stderr += d));
  const wsUrl = await until('Firefox to listen for WebDriver BiDi', async () => /WebDriver BiDi listening on (ws:\/\/\S+)/.exec(stderr)?.[1], 60_000);
  bidi = await Bidi.connect(`${wsUrl}/session`);
  const session = await bidi.send('session.new', { capabilities: {} });
  step(`Firefox ${session.capabilities.browserVersion} is running`);

  const { extension } = await bidi.send('webExtension.install', { extensionData: { type: 'path', path: ADDON_DIR } });
  if (extension !== GECKO_ID) throw new Error(`installed as ${extension}, expected the fixed id ${GECKO_ID}`);
  step(`the add-on installed with its fixed id ${extension}`);

  const base = `moz-extension://${uuid}`;
  const { context } = await bidi.send('browsingContext.create', { type: 'tab' });
  await bidi.send('browsingContext.navigate', { context, url: `${base}/options.html`, wait: 'none' });
  await until('the options page', () => bidi!.run<boolean>(context, `return !!document.querySelector('#store-url');`));

  const fill = (selector: string, value: string) =>
    bidi!.run(context, `const el = document.querySelector(${JSON.stringify(selector)}); el.value = ${JSON.stringify(value)}; el.dispatchEvent(new Event('input', { bubbles: true }));`);
  const save = async () => {
    await bidi!.click(context, 'button[type=submit]');
    await until('"Saved"', () => bidi!.run<boolean>(context, `return document.body.textContent.includes('✓ Saved');`));
  };

  // A store's https address: Save asks for that origin (optional host permission). The profile
  // answers the prompt with "Allow" (extensions.webextOptionalPermissionPrompts = false).
  const store = 'https://shop.example.com';
  await fill('#store-url', store);
  await fill('#api-token', 'store-token-for-the-permission-check');
  await save();
  const granted = await bidi.run<boolean>(context, `return browser.permissions.contains({ origins: ['${store}/*'] });`);
  const warning = await bidi.run<string | null>(context, `return document.querySelector('#store-url-warning')?.textContent ?? null;`);
  if (!granted || warning) throw new Error(`after Save with ${store}: access granted ${granted}, warning ${warning}`);
  step(`Save with ${store} asked for that origin and holds it`);

  await fill('#store-url', server.url);
  await fill('#api-token', server.token);
  await save();
  const stored = await bidi.run<{ apiToken?: string; settings?: { baseUrl: string } }>(context, `return browser.storage.local.get(['apiToken', 'settings']);`);
  if (stored.apiToken !== server.token || stored.settings?.baseUrl !== server.url) throw new Error(`storage.local after Save: ${JSON.stringify({ baseUrl: stored.settings?.baseUrl, token: stored.apiToken ? 'set' : 'missing' })}`);
  step('Save with the demo store stored the Store URL and the token in storage.local');

  await bidi.run(context, `
    const s = (await browser.storage.local.get('settings')).settings;
    await browser.storage.local.set({ settings: { ...s, selected: ${JSON.stringify(TABLES)} } });
  `);
  // wait "none" and poll: Firefox may never report an extension page's load as complete to BiDi.
  await bidi.send('browsingContext.navigate', { context, url: `${base}/popup.html`, wait: 'none' });
  const startedAt = Date.now();
  await until('the popup', () => bidi!.run<boolean>(context, `return !!document.querySelector('header .btn-primary');`));
  await bidi.click(context, 'header .btn-primary');
  const status = await until(
    'the sync to finish',
    () =>
      bidi!.run<{ running: boolean; finishedAt?: number; resources: { resource: string; status: string; rowsStored: number }[] } | null>(
        context,
        `const r = await browser.runtime.sendMessage({ type: 'sync/status' }); const v = r && r.ok ? r.value : null; return v && !v.running && (v.finishedAt ?? 0) >= ${startedAt} ? v : null;`,
      ),
    120_000,
  );
  for (const table of TABLES) {
    const got = status.resources.find((r) => r.resource === table);
    // Soft-deleted rows are synced too (the preset asks for them); exports leave them out.
    const want = server.rows(table, { includeDeleted: true }).length;
    if (got?.status !== 'done' || got.rowsStored !== want) throw new Error(`${table}: ${JSON.stringify(got)}, expected ${want} rows`);
  }
  step(`the sync stored every row: ${TABLES.map((t) => `${t} ${server.rows(t, { includeDeleted: true }).length}`).join(', ')}`);

  await bidi.click(context, '[aria-label="Export customers as CSV"]');
  const file = await until('the CSV download', async () => {
    const items = await bidi!.run<{ filename: string; state: string }[]>(context, `return browser.downloads.search({});`);
    return items.find((d) => d.state === 'complete')?.filename;
  });
  const csv = Papa.parse<Record<string, string>>(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true });
  const ids = new Set(csv.data.map((row) => row.id));
  const missing = server.rows('customers').filter((c) => !ids.has(String(c.id)));
  if (csv.data.length !== server.rows('customers').length || missing.length) throw new Error(`${file}: ${csv.data.length} rows, ${missing.length} customers missing`);
  step(`"Export customers as CSV" saved ${path.basename(file)} with all ${csv.data.length} customers not deleted`);
  console.log('\nThe Firefox build works in Firefox.');
} catch (err) {
  failed = true;
  console.error(`✕ ${err instanceof Error ? err.message : String(err)}`);
} finally {
  await bidi?.send('session.end').catch(() => undefined);
  bidi?.close();
  firefox?.kill();
  await server.close();
  if (args.keep) console.log(`Profile: ${profile}\nDownloads: ${downloads}`);
  else for (const dir of [profile, downloads]) fs.rmSync(dir, { recursive: true, force: true });
  process.exitCode = failed ? 1 : 0;
}
