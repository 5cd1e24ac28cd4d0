/** What a store owner does, as steps the e2e tests and the headless demo share. */
import type { Page } from 'playwright-core';
import type { SyncStatus } from '@/lib/messages';
import type { ExtensionBrowser } from './browser';

export async function openOptions(ext: ExtensionBrowser): Promise<Page> {
  const page = await ext.context.newPage();
  await page.goto(`chrome-extension://${ext.extensionId}/options.html`);
  await page.getByLabel('Store URL').waitFor();
  return page;
}

export async function openPopup(ext: ExtensionBrowser): Promise<Page> {
  const page = await ext.context.newPage();
  await page.setViewportSize({ width: 400, height: 600 });
  await page.goto(`chrome-extension://${ext.extensionId}/popup.html`);
  return page;
}

/** Fills Connection, optionally picks tables, saves; returns the options page. */
export async function configure(ext: ExtensionBrowser, opts: { baseUrl: string; token: string; tables?: string[] }): Promise<Page> {
  const page = await openOptions(ext);
  await page.getByLabel('Store URL').fill(opts.baseUrl);
  await page.getByLabel('API token').fill(opts.token);
  if (opts.tables) {
    const wanted = new Set(opts.tables);
    for (const box of await page.getByRole('checkbox').all()) {
      const name = (await box.getAttribute('aria-label')) ?? (await box.evaluate((el) => (el as HTMLInputElement).labels?.[0]?.textContent?.trim() ?? ''));
      if (!name) continue;
      await box.setChecked(wanted.has(name));
    }
  }
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
  return page;
}

export async function syncStatus(page: Page): Promise<SyncStatus> {
  return page.evaluate(async () => {
    const reply = await (globalThis as any).chrome.runtime.sendMessage({ type: 'sync/status' });
    if (!reply?.ok) throw new Error(reply?.error?.message ?? 'no reply');
    return reply.value;
  });
}

/**
 * Clicks "Sync now" and waits until that sync has finished, and the popup shows it has (it polls
 * the background, so it can lag the end by a poll; a click in between acts on a running sync).
 */
export async function syncAll(popup: Page, timeoutMs = 120_000): Promise<SyncStatus> {
  const since = Date.now();
  await popup.getByRole('button', { name: 'Sync now' }).click();
  const status = await waitForSyncEnd(popup, since, timeoutMs);
  await popup.locator('[data-state="running"], [data-state="queued"], [data-state="waiting"]').first().waitFor({ state: 'detached' });
  await popup.getByRole('button', { name: 'Sync now' }).waitFor();
  return status;
}

/**
 * Waits until a sync that ended after `since` is reported and none runs. The status from before
 * the click also says "not running", so the end time is what tells the two apart.
 */
export async function waitForSyncEnd(page: Page, since: number, timeoutMs = 120_000): Promise<SyncStatus> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // A stopped service worker restarts on this message; until then the call may fail.
    const status = await syncStatus(page).catch(() => null);
    if (status && !status.running && (status.finishedAt ?? 0) >= since) return status;
    if (Date.now() > deadline) {
      throw new Error(`Sync did not finish in ${timeoutMs} ms: ${JSON.stringify(status?.resources.map((r) => [r.resource, r.status]))}`);
    }
    await page.waitForTimeout(200);
  }
}

export async function rowState(popup: Page, resource: string): Promise<{ state: string | null; count: number }> {
  const row = popup.locator(`[data-resource="${resource}"]`);
  const state = await row.getAttribute('data-state');
  const text = (await row.locator('[data-count]').textContent()) ?? '';
  return { state, count: Number(text.replace(/[^0-9]/g, '')) };
}
