/**
 * Rows per request as high as the API serves. A config may ask for more rows per page than an API
 * accepts, and many APIs answer that with a plain 400 rather than clamping: the request is then
 * retried at the same position with half the rows, down to one, and the size that works is kept
 * for the rest of the walk and, through `TableState.pageSizeLimit`, for later syncs.
 */
import { SyncError } from '@/lib/errors';
import type { PageRequest, Paginator } from '@/lib/paginators/types';

/** Names APIs commonly give the page size, for paginators that do not write it themselves. */
export const PAGE_SIZE_PARAMS: readonly string[] = ['page_size', 'limit', 'per_page', 'pageSize'];

export interface PageSizeParam {
  param: string;
  /** The size the config asks for. */
  size: number;
  /** The paginator writes it (offset's `limit_param`), rather than the resource's params. */
  ownedByPaginator: boolean;
}

/** A walk's page-size parameter and configured size; null when it has none that is a whole number. */
export function findPageSize(base: PageRequest, paginator: Paginator): PageSizeParam | null {
  const own = paginator.pageSize?.();
  if (own) return { ...own, ownedByPaginator: true };
  const param = PAGE_SIZE_PARAMS.find((name) => name in base.params);
  const value = param === undefined ? undefined : base.params[param];
  if (param === undefined || typeof value !== 'string' || !/^\d+$/.test(value)) return null;
  return { param, size: Number(value), ownedByPaginator: false };
}

/**
 * What one resource's walk knows about its page size: the limit remembered from earlier syncs or
 * learned now, and the sizes that worked. One is shared by every parent's walk of a child
 * resource. Until a size has worked, requests go one at a time, so the parents running together
 * learn the limit once instead of each halving through the same refusals.
 */
export class PageSizeLimit {
  private readonly accepted = new Set<number>();
  private probe: Promise<void> | null = null;

  constructor(private max?: number) {}

  /** The largest size known to be worth asking for (remembered or learned); undefined: no limit known. */
  get limit(): number | undefined {
    return this.max;
  }

  sizeFor(configured: number): number {
    return this.max === undefined ? configured : Math.min(configured, this.max);
  }

  /**
   * Runs `attempt` at the size to ask for, and again at half that size while the API answers 400.
   * A 400 at one row, or at a size that already worked in this walk (so the size is not what it
   * objects to), fails with the first refusal, which says what the API objected to.
   */
  async run<T>(configured: number, attempt: (size: number) => Promise<T>): Promise<T> {
    let refused: SyncError | undefined;
    for (;;) {
      while (this.probe) await this.probe;
      const size = this.sizeFor(configured);
      let release: (() => void) | undefined;
      if (!this.accepted.has(size)) this.probe = new Promise((resolve) => (release = resolve));
      try {
        const result = await attempt(size);
        this.accepted.add(size);
        return result;
      } catch (err) {
        if (!(err instanceof SyncError) || err.status !== 400) throw err;
        if (size <= 1 || this.accepted.has(size)) throw refused ?? err;
        refused ??= err;
        this.max = Math.floor(size / 2);
      } finally {
        if (release) {
          this.probe = null;
          release();
        }
      }
    }
  }
}
