/** Which resources exist and how each one pages (Mock server spec M5). Keyed by URL resource name. */

/** Group A: `after`/`before`/`page_size` over the global version counter. */
export const VERSIONED_RESOURCES = [
  'users', 'customers', 'brands', 'taxes', 'tags', 'suppliers', 'serialnumbers', 'sales',
  'registers', 'price_book_products', 'payment_types', 'outlets', 'inventory', 'customer_groups',
  'consignments', 'products',
] as const;
export type VersionedResource = (typeof VERSIONED_RESOURCES)[number];

/** Group B: id cursor with HasNext; the body key holding the rows. */
export const ID_CURSOR_RESOURCES = { quotes: 'Quotes', services: 'jobs' } as const;
export type IdCursorResource = keyof typeof ID_CURSOR_RESOURCES;

/** Group D: one page, no cursor. */
export const SINGLE_PAGE_RESOURCES = ['security_events', 'variant_attributes', 'promotions'] as const;
export type SinglePageResource = (typeof SINGLE_PAGE_RESOURCES)[number];

/** Child resources, addressed through their parent's id. */
export const CHILD_RESOURCES = ['fulfillments', 'consignment_products'] as const;

/** Top-level collections that are stored as a flat list of rows with an `id`. */
export type TopLevelResource = VersionedResource | IdCursorResource | SinglePageResource | 'product_categories';

export const TOP_LEVEL_RESOURCES: readonly TopLevelResource[] = [
  ...VERSIONED_RESOURCES,
  ...(Object.keys(ID_CURSOR_RESOURCES) as IdCursorResource[]),
  ...SINGLE_PAGE_RESOURCES,
  'product_categories',
];

/** `deleted=true` is honoured only here (SPEC20, §1.7); elsewhere deleted rows are always hidden. */
export const DELETED_PARAM_RESOURCES: ReadonlySet<string> = new Set([
  'customers', 'products', 'tags', 'registers', 'outlets', 'customer_groups', 'variant_attributes',
]);

export function isVersioned(resource: string): resource is VersionedResource {
  return (VERSIONED_RESOURCES as readonly string[]).includes(resource);
}

export function isTopLevel(resource: string): resource is TopLevelResource {
  return (TOP_LEVEL_RESOURCES as readonly string[]).includes(resource);
}
