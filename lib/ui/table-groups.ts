/** The options page's Tables section: the config's resources under the preset's groups. */
import { RESOURCE_INFO, type ResourceGroup } from '@/lib/config';
import type { ResolvedResource } from '@/lib/config/types';
import type { KnownRateLimit } from '@/lib/messages';
import { msAtLimit } from '@/lib/sync/estimate';
import { formatDuration, plural } from './format';

export const GROUP_ORDER: readonly (ResourceGroup | 'Other')[] = ['Sales & customers', 'Catalogue', 'Inventory & stock', 'Store setup', 'Activity', 'Other'];

export interface TableChoice {
  name: string;
  description: string;
  /** Extra requests a child table costs, e.g. "one request per sale"; undefined for top-level tables. */
  cost?: string;
}

export interface TableGroup {
  group: ResourceGroup | 'Other';
  tables: TableChoice[];
}

export function groupTables(resources: readonly ResolvedResource[]): TableGroup[] {
  const groups = new Map<ResourceGroup | 'Other', TableChoice[]>();
  for (const r of resources) {
    const info = RESOURCE_INFO[r.name];
    const group = info?.group ?? 'Other';
    const selected = r.parentFilter?.length ? ' its parent_filter selects' : '';
    const cost = r.parent ? (info?.cost ?? `one request per ${r.parent.resource} row${selected}`) : undefined;
    const description = info?.description ?? (r.parent ? `Read for each row of ${r.parent.resource}` : `From ${r.path}`);
    groups.set(group, [...(groups.get(group) ?? []), { name: r.name, description, cost }]);
  }
  return GROUP_ORDER.filter((g) => groups.has(g)).map((group) => ({ group, tables: groups.get(group)! }));
}

/**
 * A child table's cost for this store: "about 480 requests, ~7 min at your store's limit" (the
 * time only once a sync has measured the store's rate-limit window).
 */
export function childCostText(requests: number, limit?: KnownRateLimit): string {
  const count = `about ${plural(requests, 'request')}`;
  if (!limit?.windowMs || !limit.limit) return count;
  if (requests <= limit.limit) return `${count}, within your store’s limit of ${plural(limit.limit, 'request')} per window`;
  return `${count}, ~${formatDuration(msAtLimit(requests, limit.limit, limit.windowMs))} at your store’s limit`;
}
