/**
 * The popup's frame: one `main` landmark in every state, and a layout that holds when the popup
 * is small in CSS pixels. Chrome's popup is at most 800 × 600 screen pixels, so at 200 % zoom
 * (or a larger font) the 380 px wide popup has at most 380 × 300 CSS pixels: the viewport used here.
 */
import fs from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRetailServer, type RetailServer } from '../server';
import { launchExtension, type ExtensionBrowser } from './browser';
import { configure } from './flows';

let server: RetailServer;
let ext: ExtensionBrowser;

beforeAll(async () => {
  server = await startRetailServer({ dataset: 'small' });
  ext = await launchExtension();
});
afterAll(async () => {
  await ext?.close();
  await server?.close();
});

async function popupAt(width: number, height: number): Promise<Page> {
  const page = await ext.context.newPage();
  await page.setViewportSize({ width, height });
  await page.goto(`chrome-extension://${ext.extensionId}/popup.html`);
  await page.locator('.popup:not([aria-busy])').waitFor();
  return page;
}

/** The element's box in CSS pixels of the viewport; throws if it is not rendered. */
async function box(locator: Locator): Promise<{ top: number; bottom: number }> {
  const b = await locator.boundingBox();
  if (!b) throw new Error(`${locator} is not rendered`);
  return { top: b.y, bottom: b.y + b.height };
}

describe('popup landmarks', () => {
  it('has exactly one main landmark before a store is connected', async () => {
    const page = await popupAt(400, 600);
    await page.getByRole('button', { name: 'Connect your store' }).waitFor();
    expect(await page.getByRole('main').count()).toBe(1);
    expect(await page.getByRole('banner').count()).toBe(1);
    await page.close();
  });

  it('has exactly one main landmark once connected, holding the tables, between the header and the footer', async () => {
    await configure(ext, { baseUrl: server.url, token: server.token });
    const page = await popupAt(400, 600);
    await page.locator('[data-resource]').first().waitFor();
    const main = page.getByRole('main');
    expect(await main.count()).toBe(1);
    expect(await main.getByRole('list', { name: 'Tables' }).count()).toBe(1);
    expect(await page.getByRole('banner').getByRole('button', { name: 'Sync now' }).count()).toBe(1);
    expect(await page.getByRole('contentinfo').getByRole('button', { name: 'Export all (ZIP)' }).count()).toBe(1);
    await page.close();
  });
});

describe('popup layout', () => {
  it('at 100 %: the page fits the popup and the table list scrolls inside it', async () => {
    const page = await popupAt(400, 600);
    await page.locator('[data-resource]').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(600);
    const list = await page.locator('.tables').evaluate((el) => ({ scroll: el.scrollHeight, client: el.clientHeight }));
    expect(list.scroll).toBeGreaterThan(list.client);
    await page.close();
  });

  it('at 200 % zoom: Sync now and the footer stay in view while the tables scroll between them', async () => {
    const height = 300;
    const page = await popupAt(380, height);
    await page.locator('[data-resource]').first().waitFor();
    const sync = page.getByRole('button', { name: 'Sync now' });
    const exportAll = page.getByRole('button', { name: 'Export all (ZIP)' });
    const settings = page.getByRole('link', { name: 'Settings' });
    const lastRow = page.locator('[data-resource]').last();

    for (const position of ['top', 'bottom'] as const) {
      await page.evaluate((to) => window.scrollTo(0, to === 'top' ? 0 : document.documentElement.scrollHeight), position);
      await page.waitForTimeout(50);
      expect((await box(sync)).top, `Sync now at the ${position}`).toBeGreaterThanOrEqual(0);
      for (const footerItem of [exportAll, settings]) {
        const b = await box(footerItem);
        expect(b.bottom, `${footerItem} with the page scrolled to the ${position}`).toBeLessThanOrEqual(height);
        expect(b.top).toBeGreaterThanOrEqual(0);
      }
    }
    // Scrolled to the end, the last table's row is fully visible above the footer, not under it.
    const footerTop = (await box(page.locator('footer'))).top;
    expect((await box(lastRow)).bottom).toBeLessThanOrEqual(footerTop + 1);
    expect(await clipped(page)).toEqual([]);
    // The layout as a 200 % zoomed popup has it, in CSS pixels (380 × 300), light and dark.
    fs.mkdirSync('test-results', { recursive: true });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: 'test-results/popup-zoom-200.png' });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: 'test-results/popup-zoom-200-dark.png' });
    await page.close();
  });

  it('at 300 % zoom (the popup capped at 800 screen pixels: 266 CSS pixels wide): nothing is cut off at the side', async () => {
    const page = await popupAt(266, 200);
    await page.locator('[data-resource]').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(266);
    const buttons = await page.getByRole('button').evaluateAll((els) => els.map((el) => [el.getAttribute('aria-label') ?? el.textContent, el.getBoundingClientRect().right] as const));
    expect(buttons.filter(([, right]) => right > 266)).toEqual([]);
    expect(await clipped(page)).toEqual([]);
    await page.close();
  });

  it('a table’s title never cuts off its state: both wrap instead (100 %, friendly titles on every row)', async () => {
    const page = await popupAt(400, 600);
    await page.locator('[data-resource="audit"] .table-title').waitFor();
    expect(await page.locator('[data-resource="audit"] .table-title').textContent()).toBe('Security events');
    expect(await page.locator('[data-resource="audit"] .table-meta').textContent()).toMatch(/^(Never synced|Synced .+)$/);
    expect(await clipped(page)).toEqual([]);
    await page.close();
  });
});

describe('popup order', () => {
  it('lists the tables under the options page’s groups, sales and customers first', async () => {
    const page = await popupAt(400, 600);
    await page.locator('[data-resource]').first().waitFor();
    const headings = await page.getByRole('list', { name: 'Tables' }).getByRole('heading').allTextContents();
    expect(headings).toEqual(['Sales & customers', 'Catalogue', 'Inventory & stock', 'Store setup', 'Activity']);
    const names = await page.locator('[data-resource]').evaluateAll((els) => els.map((el) => el.getAttribute('data-resource')));
    expect(names.slice(0, 2).sort()).toEqual(['customers', 'sales']);
    expect(names).toHaveLength(24);
    await page.close();
  });
});

/** Text in a table row cut off by its box (an ellipsis or overflow), as `resource: text`. */
async function clipped(page: Page): Promise<string[]> {
  return page.locator('[data-resource] :is(.mono, .table-title, .table-meta, .pill, .count)').evaluateAll((els) =>
    els.filter((el) => el.scrollWidth > el.clientWidth + 1).map((el) => `${el.closest('[data-resource]')?.getAttribute('data-resource')}: ${el.textContent}`),
  );
}
