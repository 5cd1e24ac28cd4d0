/**
 * Drives the product the way its pages do: configure through the options page (falling back to
 * writing the settings the options page would write, if that UI is not usable), start a sync with
 * the `sync/start` message from an extension page, and poll `sync/status` until it stops.
 */
import type { Page } from 'playwright-core';
import type { SyncStatus } from '../lib/messages';
import type { ExtensionBrowser } from '../test/e2e/browser';
import { configure } from '../test/e2e/flows';

/** Returns how the extension got its settings; reported, since the fallback bypasses the options UI. */
export async function configureProduct(ext: ExtensionBrowser, baseUrl: string, token: string): Promise<string> {
  try {
    const page = await configure(ext, { baseUrl, token });
    await page.close();
    return 'options page';
  } catch (err) {
    const sw = await ext.worker();
    await sw.evaluate(
      async ({ baseUrl, token }) => {
        const c = (globalThis as any).chrome;
        // WXT storage items: `local:settings` (version 1) and `local:apiToken`.
        await c.storage.local.set({
          settings: { baseUrl, selected: null, customConfig: null, export: { bom: true, includeDeleted: false, jsonFormat: 'json' }, autoSyncHours: 0 },
          settings$: { v: 1 },
          apiToken: token,
          apiToken$: { v: 1 },
        });
      },
      { baseUrl, token },
    );
    return `storage (options page failed: ${firstLine(err)})`;
  }
}

/** An extension page to send messages from; the background only answers its own pages. */
export async function messagePage(ext: ExtensionBrowser): Promise<Page> {
  const page = await ext.context.newPage();
  await page.goto(`chrome-extension://${ext.extensionId}/popup.html`);
  return page;
}

async function send<T>(page: Page, message: Record<string, unknown>): Promise<T> {
  const reply = await page.evaluate((m) => (globalThis as any).chrome.runtime.sendMessage(m), message);
  if (!reply) throw new Error(`no answer from the background to ${message.type}`);
  if (!reply.ok) throw new Error(`${message.type}: ${reply.error?.message ?? 'failed'}`);
  return reply.value as T;
}

export const syncStatus = (page: Page) => send<SyncStatus>(page, { type: 'sync/status' });

export interface SyncRun {
  wallMs: number;
  status: SyncStatus;
  /** Tables that ended in error, with the product's message (not set for a run stopped by `stopAfterMs`). */
  errors: string[];
  /** The run was cancelled after `stopAfterMs`. */
  stopped: boolean;
}

/**
 * Starts a sync of `resources` (all selected tables when omitted) and waits for it to end. With
 * `stopAfterMs`, a run still going then is cancelled and returned as `stopped` (a time box);
 * without it, a run past `timeoutMs` is cancelled and fails.
 */
export async function runSync(page: Page, opts: { resources?: string[]; timeoutMs: number; stopAfterMs?: number; pollMs?: number }): Promise<SyncRun> {
  const before = await syncStatus(page);
  if (before.running) throw new Error('a sync is already running');
  const t0 = Date.now();
  await send<SyncStatus>(page, { type: 'sync/start', ...(opts.resources ? { resources: opts.resources } : {}) });
  const wanted = opts.resources ? new Set(opts.resources) : null;
  for (;;) {
    const status = await syncStatus(page);
    if (!status.running) {
      const wallMs = Date.now() - t0;
      const errors = status.resources
        .filter((r) => (!wanted || wanted.has(r.resource)) && r.status !== 'done')
        .map((r) => `${r.resource}: ${r.error?.message ?? r.status}`);
      return { wallMs, status, errors, stopped: false };
    }
    const elapsed = Date.now() - t0;
    if (opts.stopAfterMs !== undefined && elapsed > opts.stopAfterMs) {
      const last = status;
      await send(page, { type: 'sync/cancel' });
      return { wallMs: elapsed, status: last, errors: [], stopped: true };
    }
    if (elapsed > opts.timeoutMs) {
      await send(page, { type: 'sync/cancel' }).catch(() => undefined);
      throw new Error(`sync did not finish within ${opts.timeoutMs / 1000} s`);
    }
    await page.waitForTimeout(opts.pollMs ?? 100);
  }
}

export function rowsStored(status: SyncStatus, tables?: string[]): number {
  const wanted = tables ? new Set(tables) : null;
  return status.resources.filter((r) => !wanted || wanted.has(r.resource)).reduce((n, r) => n + r.rowsStored, 0);
}

export function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0].slice(0, 160);
}
