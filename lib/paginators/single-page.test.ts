import { describe, expect, it } from 'vitest';
import { singlePagePaginator } from './single-page';
import { BASE_REQUEST, page } from './testing';

describe('single_page paginator', () => {
  it('sends the base request unchanged and stops after the first page', () => {
    const p = singlePagePaginator.create({});
    expect(p.apply(BASE_REQUEST)).toEqual(BASE_REQUEST);
    expect(p.advance(page({ data: [1, 2] }, [1, 2]))).toBe(false);
    expect(p.state()).toBeNull();
  });

  it('rejects any option, saying it takes none', () => {
    expect(singlePagePaginator.validate({ limit: 10 })).toEqual([
      { path: 'limit', message: 'unknown option "limit" for the single_page paginator; it takes no options' },
    ]);
  });
});
