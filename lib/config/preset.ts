/**
 * The built-in retail preset: the seed's 24 resources, names and paths, with the pagination the
 * API really uses (docs/retail-api.md §1.3, §3.9). The options page replaces base_url with the
 * user's Store URL; the token comes from extension storage through the placeholder.
 */
import type { EndpointConfig, JsonPrimitive, PaginatorConfig, ResourceConfig, ResponseActionConfig, RestApiSourceConfig } from './types';
import { TOKEN_PLACEHOLDER } from './types';

/**
 * Rows per request on version-cursor endpoints. 2.0 documents no maximum; the Singer tap for this
 * API uses 500 against 2.0 (doc §1.2), and fewer requests matter under a 350-per-5-minutes quota.
 */
export const VERSION_PAGE_SIZE = 500;
/** quotes/services `limit`: the documented default, the one value sure to be honoured (doc §1.4). */
export const ID_CURSOR_LIMIT = 100;
/** product_categories' documented default page size (doc §1.3). */
export const CATEGORY_PAGE_SIZE = 1000;

export const PRESET_BASE_URL = 'https://your-store.retail.lightspeed.app';

/** API 2.0's change-feed cursor: `after=<version.max>` until a page comes back empty. */
export const VERSION_CURSOR: PaginatorConfig = {
  type: 'cursor',
  cursor_path: 'version.max',
  cursor_param: 'after',
  stop_after_empty_page: true,
};

/**
 * The version cursor is also a change feed (doc §1.2): a sync starts after the highest version
 * already stored, so an unchanged table costs one request (the empty page).
 */
export const VERSION_INCREMENTAL = { cursor_path: 'version', initial_value: 0 };

function versioned(name: string, path: string, extra: Record<string, JsonPrimitive> = {}): ResourceConfig {
  return {
    name,
    endpoint: {
      path,
      data_selector: 'data',
      params: { after: '{incremental.start_value}', page_size: VERSION_PAGE_SIZE, ...extra },
      paginator: VERSION_CURSOR,
      incremental: VERSION_INCREMENTAL,
    },
  };
}

function singlePage(name: string, path: string, params?: Record<string, JsonPrimitive>): ResourceConfig {
  const endpoint: EndpointConfig = { path, data_selector: 'data', paginator: 'single_page' };
  return { name, endpoint: params ? { ...endpoint, params } : endpoint };
}

/** quotes and services: `after=<id of the last row>` with `limit`, until HasNext is false. */
function idCursor(name: string, path: string, selector: string): ResourceConfig {
  return {
    name,
    endpoint: {
      path,
      data_selector: selector,
      params: { limit: ID_CURSOR_LIMIT },
      paginator: { type: 'cursor', cursor_path: `${selector}[-1].id`, cursor_param: 'after', has_more_path: 'HasNext' },
    },
  };
}

/**
 * A child request for a parent deleted since it was synced answers 404: its child rows are gone
 * too, so the answer counts as none rather than failing the table (dlt's response_actions).
 */
const IGNORE_404: ResponseActionConfig[] = [{ status_code: 404, action: 'ignore' }];

/**
 * Sale statuses that can have fulfillments: sales "marked for fulfillment at a later time, either
 * for pickup or delivery" (docs/retail-api.md §1.8, changelog "2020-02 New Sales Fulfilment
 * Statuses"). Every other sale answers `[]`, so fulfillments are requested only for these.
 */
export const FULFILLMENT_SALE_STATUSES = ['AWAITING_PICKUP', 'AWAITING_DISPATCH', 'PICKED_UP_CLOSED', 'DISPATCHED_CLOSED'];

/** Soft-deleted rows arrive only with deleted=true; exports hide them by default (doc §1.7). */
// A string, not true: dlt (through requests) would send a boolean as "True", which the API does not read.
const WITH_DELETED = { deleted: 'true' };

export const RETAIL_PRESET: RestApiSourceConfig = {
  client: {
    base_url: PRESET_BASE_URL,
    auth: { type: 'bearer', token: TOKEN_PLACEHOLDER },
  },
  resource_defaults: { primary_key: 'id', write_disposition: 'merge' },
  resources: [
    versioned('users', '/api/2.0/users'),
    versioned('customers', '/api/2.0/customers', WITH_DELETED),
    singlePage('audit', '/api/2.0/security_events'),
    versioned('brands', '/api/2.0/brands'),
    singlePage('attributes', '/api/2.0/variant_attributes', WITH_DELETED),
    versioned('taxes', '/api/2.0/taxes'),
    versioned('tags', '/api/2.0/tags', WITH_DELETED),
    versioned('suppliers', '/api/2.0/suppliers'),
    versioned('serial_numbers', '/api/2.0/serialnumbers'),
    versioned('sales', '/api/2.0/sales'),
    versioned('registers', '/api/2.0/registers', WITH_DELETED),
    idCursor('quotes', '/api/2.0/quotes', 'Quotes'),
    idCursor('services', '/api/2.0/services', 'jobs'),
    singlePage('promotions', '/api/2.0/promotions'),
    versioned('products', '/api/2.0/products', WITH_DELETED),
    {
      name: 'product_categories',
      endpoint: {
        path: '/api/2.0/product_categories',
        data_selector: 'data.categories',
        params: { page_size: CATEGORY_PAGE_SIZE },
        paginator: { type: 'cursor', cursor_path: 'page_info.last_seen', cursor_param: 'after', has_more_path: 'page_info.has_next' },
      },
    },
    versioned('price_books', '/api/2.0/price_book_products'),
    versioned('payment_types', '/api/2.0/payment_types'),
    versioned('outlets', '/api/2.0/outlets', WITH_DELETED),
    versioned('inventory', '/api/2.0/inventory'),
    {
      name: 'fulfillments',
      endpoint: { path: '/api/2.0/sales/{resources.sales.id}/fulfillments', data_selector: 'data', paginator: 'single_page', response_actions: IGNORE_404 },
      include_from_parent: ['id'],
      parent_filter: { field: 'status', one_of: FULFILLMENT_SALE_STATUSES },
    },
    versioned('customer_groups', '/api/2.0/customer_groups', WITH_DELETED),
    versioned('consignments', '/api/2.0/consignments'),
    {
      // Rows have no id of their own: the key is the parent consignment plus the product. Each
      // consignment has its own version sequence, so one stored maximum across all consignments
      // would skip rows (dlt#2429): the walk per consignment starts at 0, and only consignments
      // created or changed since the last sync are visited.
      name: 'consignment_products',
      endpoint: {
        path: '/api/2.0/consignments/{resources.consignments.id}/products',
        data_selector: 'data',
        params: { page_size: VERSION_PAGE_SIZE },
        paginator: VERSION_CURSOR,
        response_actions: IGNORE_404,
      },
      include_from_parent: ['id'],
      primary_key: ['_consignments_id', 'product_id'],
    },
  ],
};

/**
 * References between the preset's tables that the API documents (docs/retail-api.md §1.8, §4):
 * `[table, column, referenced table, referenced column]`. The ZIP declares each as a foreign key
 * only when every exported value resolves (a sale may point at a deleted customer).
 */
export const PRESET_REFERENCES: readonly (readonly [string, string, string, string])[] = [
  ['sales', 'customer_id', 'customers', 'id'],
  ['sales', 'outlet_id', 'outlets', 'id'],
  ['sales', 'register_id', 'registers', 'id'],
  ['sales', 'user_id', 'users', 'id'],
  ['sales__line_items', 'product_id', 'products', 'id'],
  ['sales__line_items', 'tax_id', 'taxes', 'id'],
  ['sales__payments', 'retailer_payment_type_id', 'payment_types', 'id'],
  ['customers', 'customer_group_id', 'customer_groups', 'id'],
  ['products', 'brand_id', 'brands', 'id'],
  ['products', 'supplier_id', 'suppliers', 'id'],
  ['inventory', 'product_id', 'products', 'id'],
  ['inventory', 'outlet_id', 'outlets', 'id'],
  ['price_books', 'product_id', 'products', 'id'],
  ['registers', 'outlet_id', 'outlets', 'id'],
  ['serial_numbers', 'product_id', 'products', 'id'],
  ['serial_numbers', 'sale_id', 'sales', 'id'],
  ['quotes', 'customer_id', 'customers', 'id'],
  ['services', 'sale_id', 'sales', 'id'],
  ['consignments', 'outlet_id', 'outlets', 'id'],
  ['consignments', 'supplier_id', 'suppliers', 'id'],
  ['consignment_products', 'product_id', 'products', 'id'],
  ['fulfillments', 'outlet_id', 'outlets', 'id'],
];

export type ResourceGroup = 'Sales & customers' | 'Catalogue' | 'Inventory & stock' | 'Store setup' | 'Activity';

export interface ResourceInfo {
  title: string;
  description: string;
  group: ResourceGroup;
  /** A warning about request cost, shown next to the checkbox. */
  cost?: string;
}

/** One line per preset resource for the options page, keyed by resource name. */
export const RESOURCE_INFO: Record<string, ResourceInfo> = {
  users: { title: 'Users', description: 'Staff accounts, roles and sales targets', group: 'Store setup' },
  customers: { title: 'Customers', description: 'Customer records with contact details, balances and loyalty', group: 'Sales & customers' },
  audit: { title: 'Security events', description: 'Sign-ins and other security events of the token’s own user', group: 'Activity' },
  brands: { title: 'Brands', description: 'Product brands', group: 'Catalogue' },
  attributes: { title: 'Variant attributes', description: 'Attributes that define product variants, such as size or colour', group: 'Catalogue' },
  taxes: { title: 'Taxes', description: 'Sales taxes and their rates', group: 'Store setup' },
  tags: { title: 'Tags', description: 'Product tags', group: 'Catalogue' },
  suppliers: { title: 'Suppliers', description: 'Suppliers products are ordered from', group: 'Inventory & stock' },
  serial_numbers: { title: 'Serial numbers', description: 'Serial numbers recorded for products and sales', group: 'Inventory & stock' },
  sales: { title: 'Sales', description: 'Sales with line items, payments and taxes', group: 'Sales & customers' },
  registers: { title: 'Registers', description: 'Registers (tills) in each outlet', group: 'Store setup' },
  quotes: { title: 'Quotes', description: 'Quotes given to customers, with quoted products', group: 'Sales & customers' },
  services: { title: 'Service orders', description: 'Repair and service jobs', group: 'Sales & customers' },
  promotions: { title: 'Promotions', description: 'Discounts and promotions, current and past', group: 'Catalogue' },
  products: { title: 'Products', description: 'Products and variants with prices, SKUs and suppliers', group: 'Catalogue' },
  product_categories: { title: 'Product categories', description: 'The category tree products are filed under', group: 'Catalogue' },
  price_books: { title: 'Price book products', description: 'Special prices per product from price books', group: 'Catalogue' },
  payment_types: { title: 'Payment types', description: 'Payment methods the store accepts', group: 'Store setup' },
  outlets: { title: 'Outlets', description: 'Store locations', group: 'Store setup' },
  inventory: { title: 'Inventory', description: 'Stock levels per product and outlet', group: 'Inventory & stock' },
  fulfillments: {
    title: 'Fulfillments',
    description: 'Pickups and deliveries of each sale',
    group: 'Sales & customers',
    cost: 'one request per sale marked for pickup or delivery',
  },
  customer_groups: { title: 'Customer groups', description: 'Groups used for customer pricing and reporting', group: 'Sales & customers' },
  consignments: { title: 'Consignments', description: 'Stock orders, returns, transfers and stocktakes', group: 'Inventory & stock' },
  consignment_products: {
    title: 'Consignment products',
    description: 'Products and quantities on each consignment',
    group: 'Inventory & stock',
    cost: 'one request per consignment',
  },
};
