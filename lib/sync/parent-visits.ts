/**
 * Which parent rows a child walk requests: the parents created or changed since the child last
 * finished (incremental), among those its `parent_filter` selects. The same test counts the work
 * left before a walk (progress, time estimates) and for the options page's cost estimate.
 */
import type { ParentCondition } from '@/lib/config/parent-filter';
import type { CursorValue, JsonPrimitive, ResolvedResource } from '@/lib/config/types';
import { getPath } from '@/lib/jsonpath';
import type { Row, RowPosition, Store } from '@/lib/store';
import { changedSince } from './cursor-value';

export type ParentTest = (row: Row) => boolean;

/** The compiled `parent_filter` as one test (every condition holds); no filter accepts every row. */
export function parentFilterTest(conditions: readonly ParentCondition[] | undefined): ParentTest {
  if (!conditions?.length) return () => true;
  const tests = conditions.map(conditionTest);
  return (row) => tests.every((t) => t(row));
}

function conditionTest(c: ParentCondition): ParentTest {
  switch (c.test) {
    case 'not_null':
      return (row) => {
        const v = getPath(row, c.path);
        return v !== undefined && v !== null;
      };
    case 'equals':
      return (row) => same(getPath(row, c.path), c.value);
    case 'one_of': {
      const values = new Set<unknown>(c.values);
      return (row) => {
        const v = getPath(row, c.path);
        return values.has(v) || (typeof v === 'bigint' && c.values.some((x) => same(v, x)));
      };
    }
  }
}

/** Integers beyond 2^53 arrive as bigint; they equal the number or digit string the config names. */
function same(actual: unknown, expected: JsonPrimitive): boolean {
  if (actual === expected) return true;
  return typeof actual === 'bigint' && (typeof expected === 'string' || typeof expected === 'number') && String(actual) === String(expected);
}

/**
 * The parent rows a child walk visits. `since`: the parent cursor the child last finished with (a
 * changed parent has a higher one); undefined visits every parent (first or full sync).
 */
export function parentVisitTest(child: ResolvedResource, parent: ResolvedResource | undefined, since: CursorValue | undefined): ParentTest {
  const filter = parentFilterTest(child.parentFilter);
  if (!parent?.incremental || since === undefined || since === null) return filter;
  const changed = changedSince(parent.incremental.cursorPath, since);
  return child.parentFilter?.length ? (row) => changed(row) && filter(row) : changed;
}

/** Parent rows stored after `after` (in stored order) that `test` accepts: the requests a child walk still needs. */
export async function countParentVisits(store: Store, parentName: string, test: ParentTest, after: RowPosition | null = null): Promise<number> {
  let n = 0;
  for await (const { rows } of store.iterateEntries(parentName, { after })) {
    for (const row of rows) if (test(row)) n++;
  }
  return n;
}
