export * from './schema';
export { Store, type Entries, type PageWrite, type StatePatch } from './store';
export { keyId } from './chunks';

import { Store } from './store';
import type { Row } from './schema';

let shared: Promise<Store> | null = null;

/** One connection per extension page or worker. */
export function openStore(): Promise<Store> {
  shared ??= Store.open();
  return shared;
}

/**
 * Export batch: small enough that the rows being read, the rows being written out and their text
 * stay a few MB of heap even for nested rows such as sales; large enough to keep `getAll` calls few.
 */
const EXPORT_BATCH = 250;

/** A re-iterable batch reader over a table's rows, for exports. */
export function tableSource(resource: string, batchSize = EXPORT_BATCH): () => AsyncIterable<Row[]> {
  return () => ({
    async *[Symbol.asyncIterator]() {
      const store = await openStore();
      yield* store.iterateRows(resource, batchSize);
    },
  });
}
