import { describe, expect, it } from 'vitest';
import { BlobParts } from './blob-parts';
import { blobText } from './test-helpers';

describe('BlobParts', () => {
  it('keeps every piece in order across part boundaries', async () => {
    const parts = new BlobParts();
    const piece = 'é'.repeat(300_000) + '\n';
    for (let i = 0; i < 8; i++) parts.push(`${i}:${piece}`);
    const blob = parts.toBlob('text/plain');
    const text = await blobText(blob);
    expect(text.length).toBe(8 * (piece.length + 2));
    expect(text.split('\n').slice(0, 8).map((line) => line.slice(0, 2))).toEqual(['0:', '1:', '2:', '3:', '4:', '5:', '6:', '7:']);
    expect(blob.size).toBe(new TextEncoder().encode(text).length);
    expect(blob.type).toBe('text/plain');
  });

  it('gives an empty blob when nothing was pushed', async () => {
    expect((new BlobParts().toBlob('application/json')).size).toBe(0);
  });
});
