/** Which resources a sync runs, parents before their children. */
import type { ResolvedResource, ResolvedSource } from '@/lib/config/types';
import { SyncError } from '@/lib/errors';

export interface SyncPlan {
  /** Resources in an order where every parent precedes its children. */
  resources: ResolvedResource[];
  /** Parents not selected but needed to walk a selected child. */
  addedParents: string[];
}

export function buildPlan(source: ResolvedSource, selected: readonly string[]): SyncPlan {
  const byName = new Map(source.resources.map((r) => [r.name, r]));
  const unknown = selected.filter((n) => !byName.has(n));
  if (unknown.length) {
    throw new SyncError('config', `Unknown table${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}; the config defines ${[...byName.keys()].join(', ')}`);
  }
  const wanted = new Set(selected);
  const addedParents: string[] = [];
  for (const name of selected) {
    for (let p = byName.get(name)!.parent?.resource; p && !wanted.has(p); p = byName.get(p)?.parent?.resource) {
      wanted.add(p);
      addedParents.push(p);
    }
  }
  const ordered: ResolvedResource[] = [];
  const placed = new Set<string>();
  const place = (r: ResolvedResource) => {
    if (placed.has(r.name)) return;
    if (r.parent) place(byName.get(r.parent.resource)!);
    placed.add(r.name);
    ordered.push(r);
  };
  // Config order, so independent tables start in the order the user sees them.
  for (const r of source.resources) if (wanted.has(r.name)) place(r);
  return { resources: ordered, addedParents };
}
