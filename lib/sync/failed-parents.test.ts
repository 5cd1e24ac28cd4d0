import { describe, expect, it } from 'vitest';
import type { ResolvedResource } from '@/lib/config/types';
import { SyncError } from '@/lib/errors';
import { emptyTableState } from '@/lib/store';
import { FailedParents, MAX_FAILED_PARENTS } from './failed-parents';

const lines = {
  name: 'lines',
  parent: { resource: 'sales', refs: [{ resource: 'sales', field: 'id' }] },
} as ResolvedResource;
const gone = (id: string) => new SyncError('not_found', `lines: the store has no /sales/${id}/lines (HTTP 404)`, { resource: 'lines', status: 404 });

describe('FailedParents', () => {
  it('knows a parent by its placeholder values, records why without the table name, and forgets it once it succeeds', () => {
    const failures = new FailedParents(lines, emptyTableState('lines'), true);
    expect(failures.isPending({ id: 's1' })).toBe(false);
    failures.record({ id: 's1', other: 1 }, gone('s1'));
    expect(failures.patch()).toEqual({ failedParents: [{ id: 's1', reason: 'the store has no /sales/s1/lines (HTTP 404)' }], failedParentsMore: 0 });
    expect(failures.patch()).toEqual({});
    const next = new FailedParents(lines, { ...emptyTableState('lines'), failedParents: [{ id: 's1', reason: 'x' }] }, true);
    expect(next.isPending({ id: 's1' })).toBe(true);
    expect(next.isPending({ id: 's2' })).toBe(false);
    next.succeeded({ id: 's1' });
    expect(next.patch()).toEqual({ failedParents: [], failedParentsMore: 0 });
    expect(next.summary('sales')).toBeUndefined();
  });

  it(`lists at most ${MAX_FAILED_PARENTS} parents; beyond that the next walk visits every parent`, () => {
    const failures = new FailedParents(lines, emptyTableState('lines'), true);
    for (let i = 0; i < MAX_FAILED_PARENTS + 2; i++) failures.record({ id: `s${i}` }, gone(`s${i}`));
    const patch = failures.patch();
    expect(patch.failedParents).toHaveLength(MAX_FAILED_PARENTS);
    expect(patch.failedParentsMore).toBe(2);
    expect(failures.summary('sales')?.message).toBe(
      `lines: the requests for ${MAX_FAILED_PARENTS + 2} sales rows failed, so their rows are missing; the next sync tries again. sales s0: the store has no /sales/s0/lines (HTTP 404); sales s1: the store has no /sales/s1/lines (HTTP 404); sales s2: the store has no /sales/s2/lines (HTTP 404); and ${MAX_FAILED_PARENTS - 1} more`,
    );
    const next = new FailedParents(lines, { ...emptyTableState('lines'), ...patch }, true);
    expect(next.isPending({ id: 'never-failed' })).toBe(true);
    expect(next.patch().failedParentsMore).toBe(0);
  });

  it('tells one parent’s failures from those that would fail every parent', () => {
    for (const kind of ['not_found', 'client', 'bad_response', 'server'] as const) expect(FailedParents.isPerParent(new SyncError(kind, 'x'))).toBe(true);
    for (const kind of ['network', 'timeout', 'rate_limited', 'auth', 'storage', 'cancelled', 'config'] as const) expect(FailedParents.isPerParent(new SyncError(kind, 'x'))).toBe(false);
  });
});
