/** The config's resources under the preset's groups, for the options page's Tables section and the popup's list. */
import { RESOURCE_INFO, type ResourceGroup } from '@/lib/config';
import type { ResolvedResource } from '@/lib/config/types';
import type { KnownRateLimit } from '@/lib/messages';
import { msAtLimit } from '@/lib/sync/estimate';
import { formatDuration, plural } from './format';

export const GROUP_ORDER: readonly TableGroupName[] = ['Sales & customers', 'Catalogue', 'Inventory & stock', 'Store setup', 'Activity', 'Other'];

export type TableGroupName = ResourceGroup | 'Other';

/**
 * Resources under the preset's groups (`RESOURCE_INFO`), groups in `GROUP_ORDER` (sales and
 * customers first), config order inside a group; resources the preset does not know (a custom
 * config) go under "Other". The one grouping both the options page and the popup list tables by.
 */
export function groupResources<R extends Pick<ResolvedResource, 'name'>>(resources: readonly R[]): { group: TableGroupName; resources: R[] }[] {
  const groups = new Map<TableGroupName, R[]>();
  for (const r of resources) {
    const group = RESOURCE_INFO[r.name]?.group ?? 'Other';
    groups.set(group, [...(groups.get(group) ?? []), r]);
  }
  return GROUP_ORDER.filter((g) => groups.has(g)).map((group) => ({ group, resources: groups.get(group)! }));
}

export interface TableChoice {
  name: string;
  description: string;
  /** Extra requests a child table costs, e.g. "one request per sale"; undefined for top-level tables. */
  cost?: string;
}

export interface TableGroup {
  group: TableGroupName;
  tables: TableChoice[];
}

/** The options page's Tables section: each group's tables with a description and, for child tables, their cost. */
export function groupTables(resources: readonly ResolvedResource[]): TableGroup[] {
  return groupResources(resources).map(({ group, resources: members }) => ({ group, tables: members.map(tableChoice) }));
}

function tableChoice(r: ResolvedResource): TableChoice {
  const info = RESOURCE_INFO[r.name];
  const selected = r.parentFilter?.length ? ' its parent_filter selects' : '';
  const cost = r.parent ? (info?.cost ?? `one request per ${r.parent.resource} row${selected}`) : undefined;
  const description = info?.description ?? (r.parent ? `Read for each row of ${r.parent.resource}` : `From ${r.path}`);
  return { name: r.name, description, cost };
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
