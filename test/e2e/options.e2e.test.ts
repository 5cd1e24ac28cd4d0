/**
 * The options page for people who use a screen reader, the keyboard, a larger font or dark mode:
 * axe-core finds no violation in any state, and no message outlives what it was about.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRetailServer, type RetailServer } from '../server';
import { accessibilityProblems, accessibilityProblemsInBothSchemes } from './axe';
import { launchExtension, type ExtensionBrowser } from './browser';
import { openOptions } from './flows';

const TOKEN = 'e2e-options-token-51c2';
let server: RetailServer;
let ext: ExtensionBrowser;

beforeAll(async () => {
  server = await startRetailServer({ dataset: 'small', token: TOKEN });
  ext = await launchExtension();
});
afterAll(async () => {
  await ext?.close();
  await server?.close();
});

/** axe in both colour schemes; a screenshot of each when `shot` names one (test-results/options-<shot>-<scheme>.png). */
const problemsInBothSchemes = (page: Page, state: string, shot?: string) =>
  accessibilityProblemsInBothSchemes(page, state, shot ? `test-results/options-${shot}` : undefined);

const testResult = (page: Page) => page.locator('.test-result');

async function testConnection(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect.poll(async () => (await testResult(page).textContent()) ?? '').not.toBe('');
  return (await testResult(page).textContent()) ?? '';
}

describe('options page accessibility (axe-core, light and dark)', () => {
  it('the check sees a problem when there is one (light grey text, an unlabelled input)', async () => {
    const page = await openOptions(ext);
    await page.evaluate(() => {
      const card = document.querySelector('.card')!;
      card.insertAdjacentHTML('beforeend', '<p style="color:#bbb">Faint words</p><input type="text">');
    });
    const problems = await accessibilityProblems(page, 'planted');
    expect(problems.some((p) => p.startsWith('[planted] color-contrast (serious)'))).toBe(true);
    expect(problems.some((p) => p.startsWith('[planted] label (critical)'))).toBe(true);
    await page.close();
  });

  it('has no violations on first run, before anything is saved', async () => {
    const page = await openOptions(ext);
    await page.setViewportSize({ width: 1000, height: 900 });
    // The dark scheme must really apply, or the dark runs would check the light palette twice.
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).not.toBe('rgb(246, 247, 249)');
    expect(await problemsInBothSchemes(page, 'first run', 'first-run')).toEqual([]);
    await page.close();
  });

  it('has no violations when filled in, saved and tested', async () => {
    const page = await openOptions(ext);
    await page.setViewportSize({ width: 1000, height: 900 });
    await page.getByLabel('Store URL').fill(server.url);
    await page.getByLabel('API token').fill(TOKEN);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    expect(await testConnection(page)).toMatch(/Connected to 127\.0\.0\.1/);
    await page.getByLabel('Include deleted rows').check();
    await page.getByText('Details').first().click();
    expect(await problemsInBothSchemes(page, 'filled', 'filled')).toEqual([]);
    await page.close();
  });

  it('has no violations with every kind of error showing', async () => {
    const page = await openOptions(ext);
    await page.setViewportSize({ width: 1000, height: 900 });
    // A config with a problem, edited since it was checked…
    const editor = page.getByLabel('Source config (JSON)');
    await editor.fill(JSON.stringify({ client: { base_url: 'https://example.com' }, resources: [{ name: 'orders', endpoint: { path: '/orders', paginator: { type: 'curser' } } }] }));
    await page.getByRole('button', { name: 'Apply config' }).click();
    await page.locator('.config-errors').waitFor();
    await editor.press('End');
    await editor.pressSequentially(' ');
    await page.locator('.config-stale').waitFor();
    // …with a rejected token from "Test connection"…
    await page.getByLabel('Store URL').fill(server.url);
    await page.getByLabel('API token').fill('not-the-token');
    expect(await testConnection(page)).toMatch(/rejected the API token/);
    const problems = await problemsInBothSchemes(page, 'test failed, config errors', 'errors');
    // …then with an address the page refuses at Save.
    await page.getByLabel('Store URL').fill('ftp://shop.example.com');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.locator('#store-url-error').waitFor();
    problems.push(...(await problemsInBothSchemes(page, 'address refused, config errors')));
    expect(problems).toEqual([]);
    await page.close();
  });

  it('at 200 % zoom (a 1000 × 900 window: 500 × 450 CSS pixels) nothing is cut off at the side, and axe finds nothing', async () => {
    const page = await openOptions(ext);
    await page.setViewportSize({ width: 500, height: 450 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(500);
    const controls = await page.locator('input, button, select, textarea').evaluateAll((els) =>
      els.filter((el) => el.getBoundingClientRect().width > 0 && el.getBoundingClientRect().right > 500).map((el) => el.outerHTML.slice(0, 80)),
    );
    expect(controls).toEqual([]);
    expect(await accessibilityProblemsInBothSchemes(page, '200 %', 'test-results/options-zoom-200')).toEqual([]);
    await page.close();
  });

  it('keeps the page usable with the browser font set to 24 px (sizes are in rem)', async () => {
    const page = await openOptions(ext);
    const before = await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('h1')!).fontSize));
    // Chrome's Settings → Appearance → Font size ("Very large" is 24 px) sets this default size.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Page.setFontSizes', { fontSizes: { standard: 24 } });
    const after = await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('h1')!).fontSize));
    expect(after / before).toBeCloseTo(1.5, 1);
    const hint = await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('#store-url-hint')!).fontSize));
    expect(hint).toBeCloseTo(12.5 * 1.5, 0);
    expect(await accessibilityProblems(page, 'font 24 px')).toEqual([]);
    await page.close();
  });
});

describe('options page messages follow what they are about', () => {
  let page: Page;
  beforeAll(async () => {
    page = await openOptions(ext);
  });
  afterAll(async () => {
    await page?.close();
  });

  it('an old "Test connection" result disappears when the Store URL changes', async () => {
    await page.getByLabel('Store URL').fill(server.url);
    await page.getByLabel('API token').fill('not-the-token');
    expect(await testConnection(page)).toMatch(/rejected the API token/);
    await page.getByLabel('Store URL').fill(`${server.url}/`);
    expect(await testResult(page).textContent()).toBe('');
  });

  it('an old "Test connection" result disappears when the API token changes', async () => {
    expect(await testConnection(page)).toMatch(/rejected the API token/);
    await page.getByLabel('API token').fill(TOKEN);
    expect(await testResult(page).textContent()).toBe('');
    expect(await testConnection(page)).toMatch(/Connected/);
  });

  it('a test still running when the address is edited never shows its answer', async () => {
    await page.getByLabel('Store URL').fill(server.url);
    server.addFaults([{ path: '/api/2.0', delay_ms: 1500, times: 1 }]);
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByLabel('Store URL').fill(`${server.url}/`);
    // The slow answer arrives, the button is enabled again, and nothing was shown.
    await expect.poll(() => page.getByRole('button', { name: 'Test connection' }).isEnabled(), { timeout: 10_000 }).toBe(true);
    await page.waitForTimeout(300);
    expect(await testResult(page).textContent()).toBe('');
    server.clearFaults();
  });
});
