/**
 * Popup at scale: from `page.goto(popup.html)` to every table that holds rows showing a non-zero
 * `[data-count]`. The check runs in the page on every animation frame and records the page's own
 * clock (ms since navigation start) when it first holds, so the figure does not include the
 * round trips of polling from Node.
 */
import type { ExtensionBrowser } from '../test/e2e/browser';

export interface PopupTiming {
  /** Median, from navigation start to all counts shown (page clock). */
  medianMs: number;
  /** The first open (cold). */
  firstMs: number;
  /** The same, measured from Node around page.goto (includes CDP round trips). */
  medianWallMs: number;
  runs: number[];
  tables: number;
}

export async function timePopup(ext: ExtensionBrowser, tablesWithRows: string[], runs: number, timeoutMs: number): Promise<PopupTiming> {
  const inPage: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < runs; i++) {
    const page = await ext.context.newPage();
    try {
      await page.setViewportSize({ width: 400, height: 600 });
      const t0 = Date.now();
      await page.goto(`chrome-extension://${ext.extensionId}/popup.html`, { waitUntil: 'commit' });
      const handle = await page.waitForFunction(
        (names: string[]) => {
          for (const name of names) {
            const text = document.querySelector(`[data-resource="${name}"] [data-count]`)?.textContent ?? '';
            if (!(Number(text.replace(/[^0-9]/g, '')) > 0)) return false;
          }
          return performance.now();
        },
        tablesWithRows,
        { polling: 'raf', timeout: timeoutMs },
      );
      wall.push(Date.now() - t0);
      inPage.push((await handle.jsonValue()) as number);
    } finally {
      await page.close();
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { medianMs: median(inPage), firstMs: inPage[0], medianWallMs: median(wall), runs: inPage, tables: tablesWithRows.length };
}
