/**
 * The walks the throughput baselines repeat: every top-level version-cursor resource of the
 * built-in preset, with the preset's own query parameters (page_size 500, deleted=true where the
 * preset asks for it), from after=0 until an empty page. Children (fulfillments: one request per
 * sale; consignment_products: one walk per consignment) and the few non-version-cursor tables are
 * left out of the comparison and synced separately afterwards.
 */
import { RETAIL_PRESET } from '../lib/config/preset';

export interface Walk {
  /** The preset's resource name, which is also the product's table name. */
  table: string;
  path: string;
  /** Fixed query parameters; `after` is added per page. */
  params: Record<string, string>;
}

export function versionCursorWalks(): Walk[] {
  const walks: Walk[] = [];
  for (const r of RETAIL_PRESET.resources) {
    if (typeof r === 'string' || typeof r.endpoint !== 'object') continue;
    const { path, paginator, params = {} } = r.endpoint;
    const isVersionCursor = typeof paginator === 'object' && paginator.type === 'cursor' && paginator.cursor_path === 'version.max';
    if (!isVersionCursor || !path || path.includes('{')) continue;
    const fixed: Record<string, string> = {};
    for (const [key, value] of Object.entries(params)) {
      if (key === 'after' || value === null || typeof value === 'object') continue;
      fixed[key] = String(value);
    }
    walks.push({ table: r.name, path, params: fixed });
  }
  return walks;
}

/** Every preset table not in the walks: children and the id-cursor / single-page tables. */
export function otherTables(walks: Walk[]): string[] {
  const walked = new Set(walks.map((w) => w.table));
  return RETAIL_PRESET.resources.map((r) => (typeof r === 'string' ? r : r.name)).filter((n) => !walked.has(n));
}
