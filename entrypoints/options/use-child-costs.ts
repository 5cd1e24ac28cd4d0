/**
 * Each child table's cost for this store, once its parent has been synced: the parent rows its
 * parent_filter selects (one request each), and the time that takes at the rate limit the last
 * sync learned. Read from the local database; the parent table is read once per child, when the
 * options page opens.
 */
import { useEffect, useState } from 'preact/hooks';
import type { ResolvedResource } from '@/lib/config/types';
import { openStore } from '@/lib/store';
import { knownRateLimit } from '@/lib/sync/controller';
import { countParentVisits, parentFilterTest } from '@/lib/sync/parent-visits';
import { childCostText } from '@/lib/ui/table-groups';

export function useChildCosts(resources: readonly ResolvedResource[]): Map<string, string> {
  const [costs, setCosts] = useState(new Map<string, string>());
  const children = resources.filter((r) => r.parent);
  const key = children.map((r) => `${r.name}<${r.parent!.resource}:${JSON.stringify(r.parentFilter ?? null)}`).join('|');
  useEffect(() => {
    let stopped = false;
    void (async () => {
      const store = await openStore();
      const limit = await knownRateLimit(store);
      const out = new Map<string, string>();
      for (const child of children) {
        const parent = await store.tableState(child.parent!.resource);
        if (!parent.lastSyncedAt) continue;
        const requests = await countParentVisits(store, parent.resource, parentFilterTest(child.parentFilter));
        if (stopped) return;
        out.set(child.name, childCostText(requests, limit));
        setCosts(new Map(out));
      }
    })().catch(() => undefined);
    return () => {
      stopped = true;
    };
  }, [key]);
  return costs;
}
