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

  /** Evaluates an async function body in the page; `activate` gives it a user gesture, as a click would. */
  async run<T>(context: string, body: string, activate = false): Promise<T> {
    const result = await this.send('script.evaluate', {
      expression: `(async () => { ${body} })().then((v) => JSON.stringify(v ?? null))`,
      target: { context },
      awaitPromise: true,
      userActivation: activate,
    });
    if (result.type === 'exception') throw new Error(`in the page: ${result.exceptionDetails.text}`);
    return JSON.parse(result.result.value) as T;
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
  firefox = spawn(FIREFOX, ['--headless', '--no-remote', '--profile', profile, '--remote-debugging-port', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
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
  await bidi.send('browsingContext.navigate', { context, url: `${base}/options.html`, wait: 'complete' });
  await until('the options page', () => bidi!.run<boolean>(context, `return !!document.querySelector('#store-url');`));

  const manifest = await bidi.run<{ optional_host_permissions?: string[] }>(context, `return browser.runtime.getManifest();`);
  if (!manifest.optional_host_permissions?.includes('https://*/*')) throw new Error(`no optional https host permission: ${JSON.stringify(manifest)}`);
  const origin = 'https://shop.example.com/*';
  const granted = await bidi.run<boolean>(context, `return browser.permissions.request({ origins: [${JSON.stringify(origin)}] });`, true);
  const contains = await bidi.run<boolean>(context, `return browser.permissions.contains({ origins: [${JSON.stringify(origin)}] });`);
  if (!granted || !contains) throw new Error(`permissions.request for ${origin}: granted ${granted}, contains ${contains}`);
  step(`the options page can ask for a store's origin (${origin}) and holds it afterwards`);

  const fill = (selector: string, value: string) =>
    `{ const el = document.querySelector(${JSON.stringify(selector)}); el.value = ${JSON.stringify(value)}; el.dispatchEvent(new Event('input', { bubbles: true })); }`;
  await bidi.run(context, `${fill('#store-url', server.url)} ${fill('#api-token', server.token)}`);
  await bidi.run(context, `document.querySelector('button[type=submit]').click();`, true);
  await until('"Saved"', () => bidi!.run<boolean>(context, `return document.body.textContent.includes('✓ Saved');`));
  const stored = await bidi.run<{ apiToken?: string; settings?: { baseUrl: string } }>(context, `return browser.storage.local.get(['apiToken', 'settings']);`);
  if (stored.apiToken !== server.token || stored.settings?.baseUrl !== server.url) throw new Error(`storage.local after Save: ${JSON.stringify({ baseUrl: stored.settings?.baseUrl, token: stored.apiToken ? 'set' : 'missing' })}`);
  step('Save stored the Store URL and the token in storage.local');

  await bidi.run(context, `
    const s = (await browser.storage.local.get('settings')).settings;
    await browser.storage.local.set({ settings: { ...s, selected: ${JSON.stringify(TABLES)} } });
  `);
  await bidi.send('browsingContext.navigate', { context, url: `${base}/popup.html`, wait: 'complete' });
  const startedAt = Date.now();
  await until('the Sync now button', () => bidi!.run<boolean>(context, `const b = [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Sync now'); b?.click(); return !!b;`, true));
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
    const want = server.rows(table).length;
    if (got?.status !== 'done' || got.rowsStored !== want) throw new Error(`${table}: ${JSON.stringify(got)}, expected ${want} rows`);
  }
  step(`the sync stored every row: ${TABLES.map((t) => `${t} ${server.rows(t).length}`).join(', ')}`);

  await bidi.run(context, `document.querySelector('[aria-label="Export customers as CSV"]').click();`, true);
  const file = await until('the CSV download', async () => {
    const items = await bidi!.run<{ filename: string; state: string }[]>(context, `return browser.downloads.search({});`);
    return items.find((d) => d.state === 'complete')?.filename;
  });
  const csv = Papa.parse<Record<string, string>>(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true });
  const ids = new Set(csv.data.map((row) => row.id));
  const missing = server.rows('customers').filter((c) => !ids.has(String(c.id)));
  if (csv.data.length !== server.rows('customers').length || missing.length) throw new Error(`${file}: ${csv.data.length} rows, ${missing.length} customers missing`);
  step(`"Export customers as CSV" saved ${path.basename(file)} with all ${csv.data.length} customers`);
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
