/** The `/api/2.0/*` routes and their four pagination schemes (Mock server spec M5). */
import { categoryPath, compareText } from './dataset';
import {
  DELETED_PARAM_RESOURCES, ID_CURSOR_RESOURCES, SINGLE_PAGE_RESOURCES, isVersioned,
  type IdCursorResource, type SinglePageResource, type VersionedResource,
} from './resources';
import { MockError, isVisible, type RetailStore } from './store';
import type { Row } from './types';

export const API_PREFIX = '/api/2.0/';

export interface ApiResponse {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

export interface RouteContext {
  store: RetailStore;
  pageSizeDefault: number;
  /** Larger page sizes are refused with a 400; null: none. */
  pageSizeMax: number | null;
}

type Handler = (ctx: RouteContext, query: URLSearchParams) => ApiResponse;

/** Finds the handler for a path under /api/2.0/, or undefined when it is not a route. */
export function matchRoute(path: string): Handler | undefined {
  const parts = path.slice(API_PREFIX.length).replace(/\/$/, '').split('/');
  if (parts.length === 1) {
    const [resource] = parts;
    if (isVersioned(resource)) return (ctx, q) => versionCursor(ctx, resource, q);
    if (resource in ID_CURSOR_RESOURCES) return (ctx, q) => idCursor(ctx, resource as IdCursorResource, q);
    if (resource === 'product_categories') return productCategories;
    if ((SINGLE_PAGE_RESOURCES as readonly string[]).includes(resource)) {
      return (ctx, q) => singlePage(ctx, resource as SinglePageResource, q);
    }
    return undefined;
  }
  if (parts.length === 3 && parts[0] === 'consignments' && parts[2] === 'products' && parts[1]) {
    const consignmentId = decodeURIComponent(parts[1]);
    return (ctx, q) => consignmentProducts(ctx, consignmentId, q);
  }
  if (parts.length === 3 && parts[0] === 'sales' && parts[2] === 'fulfillments' && parts[1]) {
    const saleId = decodeURIComponent(parts[1]);
    return (ctx) => fulfillments(ctx, saleId);
  }
  return undefined;
}

// ---- Group A: version cursor -----------------------------------------------------------------

const FILTERS: Partial<Record<VersionedResource, readonly string[]>> = {
  serialnumbers: ['product_id', 'outlet_id', 'sale_id', 'line_item_id'],
  consignments: ['type', 'status', 'outlet_id'],
};

const PAGE_SIZE_CLAMP = 10_000;

function versionCursor(ctx: RouteContext, resource: VersionedResource, query: URLSearchParams): ApiResponse {
  const includeDeleted = DELETED_PARAM_RESOURCES.has(resource) && isTrue(query.get('deleted'));
  const filters = (FILTERS[resource] ?? []).flatMap((field) => {
    const value = query.get(field);
    return value === null ? [] : [[field, value] as const];
  });
  const include = (row: Row) =>
    isVisible(resource, row, includeDeleted) && filters.every(([field, value]) => row[field] === value);
  return versionPageResponse(ctx, ctx.store.table(resource), query, include);
}

function consignmentProducts(ctx: RouteContext, consignmentId: string, query: URLSearchParams): ApiResponse {
  const rows = ctx.store.productsOfConsignment(consignmentId);
  if (!rows) throw new MockError(404, 'Not Found', `consignment ${consignmentId} does not exist`);
  return versionPageResponse(ctx, rows, query, (row) => row.deleted_at == null);
}

function versionPageResponse(ctx: RouteContext, rows: readonly Row[], query: URLSearchParams, include: (r: Row) => boolean): ApiResponse {
  const after = intParam(query, 'after', 0) ?? 0;
  const before = intParam(query, 'before', Number.MIN_SAFE_INTEGER);
  const pageSize = Math.min(atMost(ctx, 'page_size', intParam(query, 'page_size', 1)) ?? ctx.pageSizeDefault, PAGE_SIZE_CLAMP);
  const page = ctx.store.versionPage(rows, after, before, pageSize, include);
  const min = page.length ? (page[0].version as number) : null;
  const max = page.length ? (page[page.length - 1].version as number) : null;
  return ok(`{"data":${rowsJson(page)},"version":{"min":${min},"max":${max}}}`);
}

// ---- Group B: id cursor with HasNext ---------------------------------------------------------

function idCursor(ctx: RouteContext, resource: IdCursorResource, query: URLSearchParams): ApiResponse {
  const rawAfter = query.get('after');
  if (rawAfter !== null && !/^\d+$/.test(rawAfter)) throw badInteger('after');
  const after = rawAfter === null ? 0n : BigInt(rawAfter);
  const limit = Math.min(Math.max(atMost(ctx, 'limit', intParam(query, 'limit', Number.MIN_SAFE_INTEGER)) ?? 100, 1), 1000);
  const { rows, hasNext, total } = ctx.store.idPage(resource, after, limit);
  return ok(`{"${ID_CURSOR_RESOURCES[resource]}":${rowsJson(rows)},"TotalCount":${total},"HasNext":${hasNext}}`);
}

// ---- Group C: product categories -------------------------------------------------------------

function productCategories(ctx: RouteContext, query: URLSearchParams): ApiResponse {
  const all = ctx.store.table('product_categories');
  const parent = query.get('parent');
  const include = query.get('include') ?? 'family';
  if (include !== 'family' && include !== 'children') {
    throw new MockError(400, 'Bad Request', 'include must be "family" or "children"');
  }
  let rows = all;
  if (parent !== null) {
    if (parent === 'none') {
      rows = include === 'children' ? all.filter((r) => r.parent_category_id === null) : all;
    } else {
      if (!all.some((r) => r.id === parent)) throw new MockError(404, 'Not Found', `category ${parent} does not exist`);
      rows = include === 'children'
        ? all.filter((r) => r.parent_category_id === parent)
        : all.filter((r) => (r.category_path as { id: string }[]).some((p) => p.id === parent));
    }
  }
  const pageSize = intParam(query, 'page_size', 1) ?? 1000;
  const after = query.get('after');
  let start = 0;
  if (after !== null && after !== '') {
    const seen = all.find((r) => r.id === after);
    if (!seen) throw new MockError(400, 'Bad Request', `after: unknown category id ${after}`);
    const seenPath = categoryPath(seen);
    start = rows.findIndex((r) => compareText(categoryPath(r), seenPath) > 0);
    if (start < 0) start = rows.length;
  }
  const page = rows.slice(start, start + pageSize);
  const hasNext = start + page.length < rows.length;
  const lastSeen = page.length ? (page[page.length - 1].id as string) : '';
  return ok(`{"data":{"categories":${rowsJson(page)}},"page_info":{"has_next":${hasNext},"last_seen":${JSON.stringify(lastSeen)}}}`);
}

// ---- Group D: single page ---------------------------------------------------------------------

function singlePage(ctx: RouteContext, resource: SinglePageResource, query: URLSearchParams): ApiResponse {
  const includeDeleted = DELETED_PARAM_RESOURCES.has(resource) && isTrue(query.get('deleted'));
  let rows = ctx.store.table(resource).filter((r) => isVisible(resource, r, includeDeleted));
  if (resource === 'security_events') rows.reverse();
  if (resource === 'promotions') {
    const from = timeParam(query, 'end_time_from');
    const to = timeParam(query, 'end_time_to');
    rows = rows.filter((r) => {
      const end = parseUtc(r.end_time as string);
      return (from === undefined || end >= from) && (to === undefined || end <= to);
    });
    const pageSize = intParam(query, 'page_size', 1);
    if (pageSize !== undefined) rows = rows.slice(0, pageSize);
  }
  return ok(`{"data":${rowsJson(rows)}}`);
}

function fulfillments(ctx: RouteContext, saleId: string): ApiResponse {
  const rows = ctx.store.fulfillmentsOfSale(saleId);
  if (!rows) throw new MockError(404, 'Not Found', `sale ${saleId} does not exist`);
  return ok(`{"data":${rowsJson(rows)}}`);
}

// ---- helpers ---------------------------------------------------------------------------------

/** Serialized rows, cached per row object: stored rows are immutable, so the cache never goes stale. */
const rowJsonCache = new WeakMap<Row, string>();

function rowsJson(rows: readonly Row[]): string {
  const parts = new Array<string>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    let json = rowJsonCache.get(rows[i]);
    if (json === undefined) {
      json = JSON.stringify(rows[i]);
      rowJsonCache.set(rows[i], json);
    }
    parts[i] = json;
  }
  return `[${parts.join(',')}]`;
}

function ok(body: string): ApiResponse {
  return { status: 200, body };
}

function isTrue(value: string | null): boolean {
  return value === 'true' || value === '1';
}

/** An optional integer parameter; a non-integer, or one below `min`, is a 400 (M5). */
function intParam(query: URLSearchParams, name: string, min: number): number | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  if (!/^-?\d+$/.test(raw)) throw badInteger(name);
  const value = Number(raw);
  if (value < min) throw badInteger(name);
  return value;
}

/** A page size above the configured maximum is refused rather than clamped, as some APIs do. */
function atMost(ctx: RouteContext, name: string, value: number | undefined): number | undefined {
  if (value !== undefined && ctx.pageSizeMax !== null && value > ctx.pageSizeMax) {
    throw new MockError(400, 'Bad Request', `${name} must be at most ${ctx.pageSizeMax}`);
  }
  return value;
}

function badInteger(name: string): MockError {
  return new MockError(400, 'Bad Request', `${name} must be an integer`);
}

/** Promotion times carry no zone; the mock reads them, and zone-less parameters, as UTC. */
function parseUtc(text: string): number {
  return Date.parse(/(Z|[+-]\d\d:?\d\d)$/.test(text) ? text : `${text}Z`);
}

function timeParam(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  const ms = parseUtc(raw);
  if (Number.isNaN(ms)) throw new MockError(400, 'Bad Request', `${name} must be a date-time such as 2024-03-01T00:00:00`);
  return ms;
}
