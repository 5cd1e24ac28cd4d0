/**
 * axe-core (Deque's accessibility engine, the one Lighthouse and Chrome's DevTools use) in any
 * extension page: the popup or the options page, in whatever state a test has put it in.
 *
 * Extension pages forbid inline scripts (CSP `script-src 'self'`), so axe is not added as a
 * <script>; its source is evaluated through the DevTools protocol, which the CSP does not cover.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { AxeResults, Result, RunOptions } from 'axe-core';

const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * The rules axe runs by default: WCAG 2.0–2.2 A and AA plus its best practices (one `main`
 * landmark, all content in landmarks, …), without the experimental ones.
 */
const DEFAULT_OPTIONS: RunOptions = { resultTypes: ['violations'] };

/** Runs axe on the whole page and returns its violations. */
export async function axeViolations(page: Page, options: RunOptions = {}): Promise<Result[]> {
  const loaded = await page.evaluate(() => typeof (globalThis as { axe?: unknown }).axe === 'object');
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const results = (await page.evaluate(
    (opts) => (globalThis as unknown as { axe: { run(ctx: Document, o: unknown): Promise<unknown> } }).axe.run(document, opts),
    { ...DEFAULT_OPTIONS, ...options } as Record<string, unknown>,
  )) as AxeResults;
  return results.violations;
}

/**
 * One line per violation and element, for a test failure a person can act on, e.g.
 * `color-contrast (serious) .pill-ok: Element has insufficient color contrast of 4.41 …`.
 */
export function describeViolations(violations: Result[]): string[] {
  return violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id} (${v.impact ?? 'n/a'}) ${n.target.join(' ')}: ${(n.failureSummary ?? v.help).replace(/\s+/g, ' ').trim()}`),
  );
}

/**
 * The violations in `page` as readable lines; a test asserts `toEqual([])` so a failure lists them.
 * `state` names what the page shows (it is only used in the message a failing test prints).
 */
export async function accessibilityProblems(page: Page, state: string, options?: RunOptions): Promise<string[]> {
  return describeViolations(await axeViolations(page, options)).map((line) => `[${state}] ${line}`);
}

export const COLOR_SCHEMES = ['light', 'dark'] as const;

/**
 * axe in both colour schemes (`prefers-color-scheme` emulated), leaving the page light. With
 * `screenshot` (a path without extension, e.g. `test-results/popup-done`), a full-page screenshot
 * of each scheme is written to `<screenshot>-light.png` and `<screenshot>-dark.png`.
 */
export async function accessibilityProblemsInBothSchemes(page: Page, state: string, screenshot?: string): Promise<string[]> {
  const problems: string[] = [];
  for (const colorScheme of COLOR_SCHEMES) {
    await page.emulateMedia({ colorScheme });
    problems.push(...(await accessibilityProblems(page, `${state}, ${colorScheme}`)));
    if (screenshot) {
      fs.mkdirSync(path.dirname(screenshot), { recursive: true });
      await page.screenshot({ path: `${screenshot}-${colorScheme}.png`, fullPage: true });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return problems;
}
