/**
 * Launches Debian's Chromium with the built extension loaded (see shared/docs/browser-testing.md):
 * Playwright adds --disable-extensions, which only --disable-extensions-except overrides; a
 * profile Preferences file plus setDownloadBehavior 'default' keeps real download file names.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Worker } from 'playwright-core';

export const EXTENSION_DIR = path.resolve('.output/chrome-mv3');

export function chromiumPath(): string {
  const exe = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!fs.existsSync(exe)) {
    throw new Error(`Chromium not found at ${exe}. Install it with "sudo apt-get install -y chromium" (Debian/Ubuntu) or set CHROMIUM_PATH.`);
  }
  return exe;
}

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  downloadDir: string;
  /** The service worker; fetch again after a restart with `worker()`. */
  worker(): Promise<Worker>;
  close(): Promise<void>;
}

export async function launchExtension(opts: { headless?: boolean; downloadDir?: string } = {}): Promise<ExtensionBrowser> {
  if (!fs.existsSync(path.join(EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`No built extension at ${EXTENSION_DIR}; run "npm run build" first.`);
  }
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rx-profile-'));
  const downloadDir = opts.downloadDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'rx-downloads-'));
  fs.mkdirSync(downloadDir, { recursive: true });
  fs.mkdirSync(path.join(userDataDir, 'Default'));
  fs.writeFileSync(
    path.join(userDataDir, 'Default', 'Preferences'),
    JSON.stringify({ download: { default_directory: downloadDir, prompt_for_download: false } }),
  );
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: opts.headless ?? true,
    args: [
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const cdp = await context.browser()!.newBrowserCDPSession();
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'default', eventsEnabled: true });
  const worker = async () => {
    const [sw] = context.serviceWorkers().filter((w) => w.url().startsWith('chrome-extension://'));
    return sw ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  };
  const extensionId = new URL((await worker()).url()).host;
  return {
    context,
    extensionId,
    downloadDir,
    worker,
    async close() {
      await context.close().catch(() => undefined);
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Waits until Chrome has finished `count` downloads (service-worker and page downloads alike). */
export async function waitForDownloads(ext: ExtensionBrowser, count: number, timeoutMs = 30_000): Promise<{ filename: string; state: string }[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const sw = await ext.worker();
    const items = (await sw.evaluate(() => (globalThis as any).chrome.downloads.search({}))) as { filename: string; state: string }[];
    const complete = items.filter((d) => d.state === 'complete');
    if (complete.length >= count && !items.some((d) => d.state === 'in_progress')) return complete;
    if (Date.now() > deadline) throw new Error(`Expected ${count} finished downloads, got ${JSON.stringify(items)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
