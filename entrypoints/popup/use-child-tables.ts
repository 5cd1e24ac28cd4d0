/**
 * The child tables each resource's rows split into (`sales__line_items`, …), as the sync recorded
 * them in the table states; read again when a sync ends, since a sync can find new lists.
 */
import { useEffect, useState } from 'preact/hooks';
import type { ResolvedResource } from '@/lib/config/types';
import { currentShape, tablePlanOf } from '@/lib/export';
import { openStore } from '@/lib/store';

/** `refreshKey` null: not yet (the popup shows its counts first, then reads the shapes). */
export function useChildTables(resources: readonly ResolvedResource[], refreshKey: string | null): Map<string, string[]> {
  const [children, setChildren] = useState<Map<string, string[]>>(new Map());
  const names = resources.map((r) => r.name).join('\n');
  useEffect(() => {
    if (refreshKey === null) return;
    let stale = false;
    void (async () => {
      const states = new Map((await (await openStore()).allTableStates()).map((s) => [s.resource, s]));
      const next = new Map<string, string[]>();
      for (const r of resources) {
        const shapes = currentShape(tablePlanOf(r), states.get(r.name)?.shape);
        if (shapes && shapes.length > 1) next.set(r.name, shapes.slice(1).map((s) => s.name));
      }
      if (!stale) setChildren(next);
    })().catch(() => undefined);
    return () => {
      stale = true;
    };
    // The resources' names and the refresh key say when to read again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [names, refreshKey]);
  return children;
}
