import { describe, expect, it } from 'vitest';
import { keyId, liveIndex, readPlan, shouldCompact } from './chunks';
import type { ChunkIndex } from './schema';

const chunk = (seq: number, keys: (string | number)[] | null, n = keys?.length ?? 0): { seq: number; index: ChunkIndex } => ({ seq, index: { n, keys } });

describe('keyId', () => {
  it('is the key itself for one part and JSON for several', () => {
    expect(keyId(['a'])).toBe('a');
    expect(keyId([7])).toBe(7);
    expect(keyId(['c1', 'p1'])).toBe('["c1","p1"]');
  });
});

describe('liveIndex', () => {
  it('keeps the last copy of every key, across chunks and within one', () => {
    const index = liveIndex([chunk(0, ['a', 'b', 'c']), chunk(3, ['b', 'd', 'd'])]);
    expect(index.distinct).toBe(4);
    expect(index.copies).toBe(6);
    expect(index.keyed).toBe(true);
    expect(Array.from(index.chunks[0].live!)).toEqual([1, 0, 1]);
    expect(Array.from(index.chunks[1].live!)).toEqual([1, 0, 1]);
    expect(index.chunks.map((c) => c.liveCount)).toEqual([2, 2]);
  });

  it('marks a chunk without superseded rows as wholly live (no bitmap)', () => {
    const index = liveIndex([chunk(0, ['a']), chunk(1, ['b'])]);
    expect(index.chunks.map((c) => c.live)).toEqual([null, null]);
  });

  it('counts every row of a keyless chunk', () => {
    const index = liveIndex([chunk(0, null, 5), chunk(1, null, 2)]);
    expect(index).toMatchObject({ distinct: 7, copies: 7, keyed: false });
  });
});

describe('readPlan', () => {
  it('groups consecutive chunks up to the batch size and skips chunks with no live row', () => {
    const index = liveIndex([chunk(0, ['a', 'b']), chunk(1, ['c']), chunk(2, ['d']), chunk(3, ['a', 'b']), chunk(4, ['e', 'f', 'g'])]);
    const plan = readPlan(index.chunks, 3).map((g) => g.map((c) => c.seq));
    // Chunk 0 holds only superseded copies: it is not read, and no range spans it.
    expect(plan).toEqual([[1, 2], [3], [4]]);
  });
});

describe('shouldCompact', () => {
  const pages = (count: number, size: number) => Array.from({ length: count }, (_, c) => chunk(c, Array.from({ length: size }, (_, i) => `r${c * size + i}`)));

  it('leaves full, distinct pages alone', () => {
    expect(shouldCompact(liveIndex(pages(200, 250)))).toBe(false);
  });

  it('compacts when many small chunks hold the rows', () => {
    expect(shouldCompact(liveIndex(pages(100, 8)))).toBe(true);
    expect(shouldCompact(liveIndex(pages(60, 1)))).toBe(false);
  });

  it('compacts when a quarter of the copies are superseded', () => {
    const twice = [...pages(10, 250), ...pages(10, 250).map((c) => ({ ...c, seq: c.seq + 10 }))];
    expect(shouldCompact(liveIndex(twice))).toBe(true);
  });
});
