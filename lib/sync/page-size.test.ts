import { describe, expect, it } from 'vitest';
import { SyncError } from '@/lib/errors';
import { createPaginator } from '@/lib/paginators';
import { findPageSize, PageSizeLimit } from './page-size';

const refusal = (size: number) =>
  new SyncError('client', `things: the store refused the request (HTTP 400): Bad Request — page_size ${size} must be at most 120`, { resource: 'things', status: 400 });

/** An API that refuses page sizes above `max`, recording every size asked for. */
function api(max: number) {
  const asked: number[] = [];
  const attempt = async (size: number) => {
    asked.push(size);
    await Promise.resolve();
    if (size > max) throw refusal(size);
    return size;
  };
  return { asked, attempt };
}

describe('findPageSize', () => {
  const cursor = createPaginator({ type: 'cursor', options: { cursor_path: 'next' } });

  it("uses the paginator's own limit parameter when it has one", () => {
    const offset = createPaginator({ type: 'offset', options: { limit: 200, limit_param: 'take' } });
    expect(findPageSize({ path: '/x', params: { page_size: '500' } }, offset)).toEqual({ param: 'take', size: 200, ownedByPaginator: true });
  });

  it('otherwise finds page_size, limit, per_page or pageSize among the params', () => {
    for (const param of ['page_size', 'limit', 'per_page', 'pageSize']) {
      expect(findPageSize({ path: '/x', params: { after: '5', [param]: '50' } }, cursor), param).toEqual({ param, size: 50, ownedByPaginator: false });
    }
  });

  it('finds none without such a param, or when its value is not a whole number', () => {
    expect(findPageSize({ path: '/x', params: { size: '50' } }, cursor)).toBeNull();
    expect(findPageSize({ path: '/x', params: { limit: 'all' } }, cursor)).toBeNull();
  });
});

describe('PageSizeLimit', () => {
  it('halves on each 400 (floor) until a size is served, and keeps that size as the limit', async () => {
    const { asked, attempt } = api(120);
    const sizes = new PageSizeLimit();
    expect(await sizes.run(500, attempt)).toBe(62);
    expect(asked).toEqual([500, 250, 125, 62]);
    expect(sizes.limit).toBe(62);
    expect(await sizes.run(500, attempt)).toBe(62);
    expect(asked).toHaveLength(5);
  });

  it('asks for the configured size when it is below the limit', async () => {
    const { asked, attempt } = api(120);
    await new PageSizeLimit(62).run(50, attempt);
    expect(asked).toEqual([50]);
  });

  it('starts at a remembered limit, and halves further if the API now refuses that too', async () => {
    const { asked, attempt } = api(40);
    const sizes = new PageSizeLimit(62);
    await sizes.run(500, attempt);
    expect(asked).toEqual([62, 31]);
    expect(sizes.limit).toBe(31);
  });

  it('fails with the first refusal when one row per request is refused too', async () => {
    const { asked, attempt } = api(0);
    const error = await new PageSizeLimit().run(4, attempt).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncError);
    expect((error as SyncError).message).toContain('page_size 4 must be at most 120');
    expect(asked).toEqual([4, 2, 1]);
  });

  it('does not halve on a 400 at a size that already worked: the API objects to something else', async () => {
    const sizes = new PageSizeLimit();
    await sizes.run(100, async (size) => size);
    const asked: number[] = [];
    const other = new SyncError('client', 'things: the store refused the request (HTTP 400): Bad Request — after must be an integer', { status: 400 });
    const run = sizes.run(100, async (size) => {
      asked.push(size);
      throw other;
    });
    await expect(run).rejects.toBe(other);
    expect(asked).toEqual([100]);
  });

  it('passes other failures through without halving', async () => {
    const sizes = new PageSizeLimit();
    const down = new SyncError('server', 'things: the store had a server error (HTTP 500)', { status: 500 });
    const asked: number[] = [];
    await expect(
      sizes.run(100, async (size) => {
        asked.push(size);
        throw down;
      }),
    ).rejects.toBe(down);
    expect(asked).toEqual([100]);
    expect(sizes.limit).toBeUndefined();
  });

  it('lets one request find the limit while concurrent ones wait, so it is learned once', async () => {
    const { asked, attempt } = api(120);
    const sizes = new PageSizeLimit();
    const results = await Promise.all(Array.from({ length: 5 }, () => sizes.run(500, attempt)));
    expect(results).toEqual([62, 62, 62, 62, 62]);
    expect(asked).toEqual([500, 250, 125, 62, 62, 62, 62, 62]);
  });
});
