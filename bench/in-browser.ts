/**
 * Runs a function inside the service worker or a page. tsx compiles the bench with esbuild's
 * keepNames, which wraps inner functions in `__name(...)`; the serialized function then needs a
 * `__name` in the target's global scope, so a no-op one is installed first (as a plain string,
 * which esbuild leaves alone).
 */
import type { Page, Worker } from 'playwright-core';

const NAME_SHIM = 'globalThis.__name ??= (fn) => fn; undefined';

export async function evaluateIn<A, R>(target: Page | Worker, fn: (arg: A) => R | Promise<R>, arg: A): Promise<R> {
  // Page and Worker have the same evaluate, but TypeScript cannot call it on their union.
  const evaluate = target.evaluate.bind(target) as (f: unknown, a?: unknown) => Promise<unknown>;
  await evaluate(NAME_SHIM);
  return (await evaluate(fn, arg)) as R;
}
