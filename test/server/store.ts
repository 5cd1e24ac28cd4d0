/**
 * The mock's live data: the seed plus control-plane mutations, kept in the orders the routes page
 * through (version, snowflake id, category path), so every page is a binary search plus a slice.
 * Rows are never changed in place — a mutation stores a new object — so callers may cache per row.
 */
import { DatasetBuilder, type Sizes, buildDataset, FIRST_VERSION, fulfillmentState, isFulfillmentStatus } from './dataset';
import { isoMicros, isoSeconds } from './prng';
import {
  DELETED_PARAM_RESOURCES, ID_CURSOR_RESOURCES, TOP_LEVEL_RESOURCES, isTopLevel, isVersioned,
  type IdCursorResource, type TopLevelResource,
} from './resources';
import type { MutationRequest, Row, RowsOptions } from './types';

/** An error the HTTP layer turns into a JSON error response. */
export class MockError extends Error {
  constructor(readonly status: 400 | 404, readonly error: string, message: string) {
    super(message);
  }
}

export class RetailStore {
  private readonly tables = new Map<TopLevelResource, Row[]>();
  private readonly byId = new Map<TopLevelResource, Map<string, Row>>();
  /** Parallel to the quotes/services tables: ids as BigInt, because they exceed 2^53. */
  private readonly bigIds = new Map<IdCursorResource, bigint[]>();
  private readonly consignmentProducts: Map<string, Row[]>;
  private readonly fulfillments: Map<string, Row[]>;
  private readonly builder: DatasetBuilder;
  private lastVersion: number;

  constructor(sizes: Sizes, private readonly now: () => number, fulfillmentShare?: number) {
    const { seed, builder } = buildDataset(sizes, fulfillmentShare);
    this.builder = builder;
    for (const resource of TOP_LEVEL_RESOURCES) {
      const rows = seed.tables[resource];
      this.tables.set(resource, rows);
      this.byId.set(resource, new Map(rows.map((r) => [r.id as string, r])));
    }
    for (const resource of Object.keys(ID_CURSOR_RESOURCES) as IdCursorResource[]) {
      this.bigIds.set(resource, this.table(resource).map((r) => BigInt(r.id as string)));
    }
    this.consignmentProducts = seed.consignmentProducts;
    this.fulfillments = seed.fulfillments;
    this.lastVersion = Math.max(seed.maxVersion, FIRST_VERSION - 1);
  }

  get maxVersion(): number {
    return this.lastVersion;
  }

  table(resource: TopLevelResource): Row[] {
    return this.tables.get(resource)!;
  }

  /** A consignment's product rows, or undefined for an unknown consignment. */
  productsOfConsignment(consignmentId: string): Row[] | undefined {
    if (!this.byId.get('consignments')!.has(consignmentId)) return undefined;
    return this.consignmentProducts.get(consignmentId) ?? [];
  }

  /** A sale's fulfillments, or undefined for an unknown sale. */
  fulfillmentsOfSale(saleId: string): Row[] | undefined {
    if (!this.byId.get('sales')!.has(saleId)) return undefined;
    return this.fulfillments.get(saleId) ?? [];
  }

  /**
   * Rows with version in (after, before), ascending, at most `size`, that pass `include`.
   * O(log N + page + skipped), so deep walks over big tables stay cheap.
   */
  versionPage(rows: readonly Row[], after: number, before: number | undefined, size: number, include: (r: Row) => boolean): Row[] {
    const out: Row[] = [];
    for (let i = firstIndexAbove(rows, after); i < rows.length && out.length < size; i++) {
      const row = rows[i];
      if (before !== undefined && (row.version as number) >= before) break;
      if (include(row)) out.push(row);
    }
    return out;
  }

  /** Quotes/services with id > after (as big integers), ascending; plus whether more remain. */
  idPage(resource: IdCursorResource, after: bigint, limit: number): { rows: Row[]; hasNext: boolean; total: number } {
    const rows = this.table(resource);
    const ids = this.bigIds.get(resource)!;
    let lo = 0;
    let hi = ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ids[mid] <= after) lo = mid + 1;
      else hi = mid;
    }
    const out: Row[] = [];
    let i = lo;
    for (; i < rows.length && out.length < limit; i++) if (isVisible(resource, rows[i], false)) out.push(rows[i]);
    let hasNext = false;
    for (; i < rows.length && !hasNext; i++) hasNext = isVisible(resource, rows[i], false);
    return { rows: out, hasNext, total: this.visibleCount(resource) };
  }

  mutate(m: MutationRequest): Row {
    if (!m || typeof m !== 'object') throw new MockError(400, 'Bad Request', 'mutate: body must be an object');
    const { resource, op, id, patch = {} } = m;
    if (!isTopLevel(resource) || resource === 'product_categories') {
      throw new MockError(400, 'Bad Request', `mutate: resource must be one of ${TOP_LEVEL_RESOURCES.filter((r) => r !== 'product_categories').join(', ')}; got ${JSON.stringify(resource)}`);
    }
    if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) throw new MockError(400, 'Bad Request', 'mutate: patch must be an object');
    this.visibleCounts.delete(resource);
    if (op === 'create') return this.create(resource, patch);
    if (op !== 'update' && op !== 'delete') throw new MockError(400, 'Bad Request', `mutate: op must be update, create or delete; got ${JSON.stringify(op)}`);
    if (typeof id !== 'string') throw new MockError(400, 'Bad Request', `mutate: ${op} needs an id`);
    const current = this.byId.get(resource)!.get(id);
    if (!current) throw new MockError(404, 'Not Found', `mutate: ${resource} has no row with id ${id}`);
    const changes: Row = op === 'delete' ? { deleted_at: isoSeconds(this.now()) } : { ...patch };
    return this.replace(resource, current, changes);
  }

  /** What a client should end up with; see RetailServer.rows. Returns copies. */
  rows(resource: string, opts: RowsOptions = {}): Row[] {
    const includeDeleted = opts.includeDeleted === true;
    let rows: Row[];
    if (resource === 'fulfillments') {
      if (!opts.saleId) throw new Error("rows('fulfillments') needs { saleId }");
      rows = this.fulfillmentsOfSale(opts.saleId) ?? fail(`rows: no sale with id ${opts.saleId}`);
    } else if (resource === 'consignment_products') {
      if (!opts.consignmentId) throw new Error("rows('consignment_products') needs { consignmentId }");
      rows = (this.productsOfConsignment(opts.consignmentId) ?? fail(`rows: no consignment with id ${opts.consignmentId}`))
        .filter((r) => r.deleted_at == null);
    } else if (isTopLevel(resource)) {
      rows = this.table(resource).filter((r) => isVisible(resource, r, includeDeleted));
      if (resource === 'security_events') rows.reverse();
    } else {
      throw new Error(`rows: unknown resource "${resource}"; valid names: ${[...TOP_LEVEL_RESOURCES, 'fulfillments', 'consignment_products'].join(', ')}`);
    }
    return JSON.parse(JSON.stringify(rows)) as Row[];
  }

  /** Stored rows per resource, soft-deleted ones included. */
  counts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const resource of TOP_LEVEL_RESOURCES) counts[resource] = this.table(resource).length;
    counts.consignment_products = sumLengths(this.consignmentProducts);
    counts.fulfillments = sumLengths(this.fulfillments);
    return counts;
  }

  /** Cached until the next mutation, so paging a big id-cursor collection stays O(page). */
  private visibleCount(resource: TopLevelResource): number {
    let n = this.visibleCounts.get(resource);
    if (n === undefined) {
      n = 0;
      for (const row of this.table(resource)) if (isVisible(resource, row, false)) n++;
      this.visibleCounts.set(resource, n);
    }
    return n;
  }

  private readonly visibleCounts = new Map<TopLevelResource, number>();

  private create(resource: TopLevelResource, patch: Row): Row {
    const rows = this.table(resource);
    const row = this.builder.makeRow(resource, rows.length);
    if (resource in ID_CURSOR_RESOURCES || resource === 'security_events' || resource === 'promotions') {
      row.id = DatasetBuilder.nextSnowflake(rows);
      if (resource === 'quotes') row.products = (row.products as Row[]).map((p) => ({ ...p, quote_id: row.id }));
    }
    const now = this.now();
    const stamp = resource in ID_CURSOR_RESOURCES ? isoMicros(now, (now % 1000) * 1000) : isoSeconds(now);
    for (const key of ['created_at', 'updated_at', 'occurred_at']) if (key in row) row[key] = stamp;
    const created: Row = { ...row, ...patch, id: row.id };
    // Every change takes the next global value (M4), even on resources that do not expose it.
    const version = this.nextVersion();
    if (isVersioned(resource)) created.version = version;
    rows.push(created);
    this.byId.get(resource)!.set(created.id as string, created);
    if (resource === 'sales') this.followSaleStatus(undefined, created);
    if (resource in ID_CURSOR_RESOURCES) this.bigIds.get(resource as IdCursorResource)!.push(BigInt(created.id as string));
    return created;
  }

  /** Stores a changed copy; a versioned row moves to the end with the next version (M6). */
  private replace(resource: TopLevelResource, current: Row, changes: Row): Row {
    const next: Row = { ...current, ...changes, id: current.id };
    if ('updated_at' in current) {
      next.updated_at = resource in ID_CURSOR_RESOURCES ? isoMicros(this.now(), 0) : isoSeconds(this.now());
    }
    const rows = this.table(resource);
    const version = this.nextVersion();
    if (isVersioned(resource)) {
      next.version = version;
      rows.splice(indexOfVersion(rows, current.version as number), 1);
      rows.push(next);
    } else {
      rows[rows.indexOf(current)] = next;
    }
    this.byId.get(resource)!.set(next.id as string, next);
    if (resource === 'sales') this.followSaleStatus(current, next);
    return next;
  }

  /**
   * A sale marked for pickup or delivery gets its fulfillments; one moving on within those statuses
   * (picked up, dispatched) has them updated. A sale moving out of them (voided, say) keeps the
   * fulfillments it had [judgment: the API documents no way to delete one, and they record what
   * was fulfilled], so a client that stops asking for them still holds the server's truth.
   */
  private followSaleStatus(before: Row | undefined, after: Row): void {
    if (!isFulfillmentStatus(after.status) || before?.status === after.status) return;
    const id = after.id as string;
    const existing = this.fulfillments.get(id);
    if (!existing?.length) {
      this.fulfillments.set(id, this.builder.fulfillmentsOf(after));
      return;
    }
    this.fulfillments.set(id, existing.map((f, p) => ({ ...f, status: fulfillmentState(after.status as string, p, existing.length) })));
  }

  private nextVersion(): number {
    this.lastVersion += 1;
    return this.lastVersion;
  }
}

/** Soft-deleted rows show only where `deleted=true` is a documented parameter (M5). */
export function isVisible(resource: string, row: Row, includeDeleted: boolean): boolean {
  return row.deleted_at == null || (includeDeleted && DELETED_PARAM_RESOURCES.has(resource));
}

function firstIndexAbove(rows: readonly Row[], after: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((rows[mid].version as number) <= after) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function indexOfVersion(rows: readonly Row[], version: number): number {
  const i = firstIndexAbove(rows, version - 1);
  if (rows[i]?.version !== version) throw new Error(`store invariant broken: version ${version} not found`);
  return i;
}

function sumLengths(map: Map<string, Row[]>): number {
  let n = 0;
  for (const rows of map.values()) n += rows.length;
  return n;
}

function fail(message: string): never {
  throw new Error(message);
}
