import type { BatchSource, Row } from './types';

/** A re-iterable source over fixed batches that counts how many passes were started. */
export function sourceOf(...batches: Row[][]): BatchSource & { passes: number } {
  const source = Object.assign(
    () => {
      source.passes += 1;
      return (async function* () {
        for (const batch of batches) yield batch.map((row) => structuredClone(row));
      })();
    },
    { passes: 0 },
  );
  return source;
}

/** The blob's exact text, BOM included (Blob.text() strips a leading BOM). */
export async function blobText(blob: Blob): Promise<string> {
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(await blob.arrayBuffer());
}
