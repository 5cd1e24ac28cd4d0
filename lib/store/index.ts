export * from './schema';
export { Store, type PageWrite, type StatePatch } from './store';

import { Store } from './store';
import type { Row } from './schema';

let shared: Promise<Store> | null = null;

/** One connection per extension page or worker. */
export function openStore(): Promise<Store> {
  shared ??= Store.open();
  return shared;
}

/** A re-iterable batch reader over a table's rows, for exports. */
export function tableSource(resource: string, batchSize?: number): () => AsyncIterable<Row[]> {
  return () => ({
    async *[Symbol.asyncIterator]() {
      const store = await openStore();
      yield* store.iterateRows(resource, batchSize);
    },
  });
}
