/**
 * The deterministic retail dataset (Mock server spec M4): one retailer, cross-referenced rows,
 * versions drawn from one global counter and interleaved across resources.
 */
import { Prng, isoMicros, isoNoZone, isoSeconds, round2, snowflake } from './prng';
import { VERSIONED_RESOURCES, type TopLevelResource, type VersionedResource } from './resources';
import type { DatasetChoice, DatasetSizes, Row } from './types';
import * as words from './vocabulary';

export type Sizes = Required<DatasetSizes>;

export const DEFAULT_SIZES: Sizes = {
  outlets: 2, registers: 2, users: 3, payment_types: 4, taxes: 3, tags: 6, brands: 5, suppliers: 4,
  customer_groups: 3, variant_attributes: 3, product_categories: 8, customers: 250, products: 230,
  price_book_products: 120, sales: 150, serialnumbers: 10, consignments: 12, promotions: 3,
  quotes: 120, services: 5, security_events: 10,
};

/** A few rows per resource, for fast tests; no walk needs more than one page at page_size 100. */
export const SMALL_SIZES: Sizes = {
  outlets: 2, registers: 1, users: 2, payment_types: 2, taxes: 2, tags: 3, brands: 2, suppliers: 2,
  customer_groups: 2, variant_attributes: 2, product_categories: 4, customers: 8, products: 6,
  price_book_products: 4, sales: 8, serialnumbers: 2, consignments: 2, promotions: 2, quotes: 5,
  services: 2, security_events: 3,
};

const EMPTY_SIZES = Object.fromEntries(Object.keys(DEFAULT_SIZES).map((k) => [k, 0])) as Sizes;

export function resolveSizes(choice: DatasetChoice = 'default'): Sizes {
  if (choice === 'default') return { ...DEFAULT_SIZES };
  if (choice === 'small') return { ...SMALL_SIZES };
  if (choice === 'empty') return { ...EMPTY_SIZES };
  if (typeof choice !== 'object' || choice === null) {
    throw new Error(`dataset must be 'default', 'small', 'empty' or an object of counts, got ${JSON.stringify(choice)}`);
  }
  const sizes = { ...DEFAULT_SIZES };
  for (const [key, value] of Object.entries(choice)) {
    if (!(key in DEFAULT_SIZES)) {
      throw new Error(`dataset: unknown resource count "${key}"; valid names: ${Object.keys(DEFAULT_SIZES).join(', ')}`);
    }
    if (!Number.isInteger(value) || value < 0) throw new Error(`dataset: ${key} must be a non-negative integer`);
    sizes[key as keyof Sizes] = value;
  }
  return sizes;
}

export interface Seed {
  /** Every top-level collection. Versioned ones ascend by version, quotes/services by id,
   *  product_categories by full path; security_events are in creation order. */
  tables: Record<TopLevelResource, Row[]>;
  /** consignment id → its product rows, ascending by version. */
  consignmentProducts: Map<string, Row[]>;
  /** sale id → its fulfillments (only sales in a fulfillment status have any). */
  fulfillments: Map<string, Row[]>;
  maxVersion: number;
}

/** The version counter's first value [judgment, as VF]. */
export const FIRST_VERSION = 1_000_000;

export const FULFILLMENT_STATUSES = ['AWAITING_PICKUP', 'AWAITING_DISPATCH', 'PICKED_UP_CLOSED', 'DISPATCHED_CLOSED'] as const;

export function isFulfillmentStatus(status: unknown): boolean {
  return (FULFILLMENT_STATUSES as readonly unknown[]).includes(status);
}

/** Share of seeded sales in a fulfillment status: about a quarter by default; a walk-in shop has ~5 %. */
export const DEFAULT_FULFILLMENT_SHARE = 0.25;

/** Checks a fulfillment share (0..1) given to the server. */
export function checkFulfillmentShare(share: unknown): number {
  if (typeof share !== 'number' || !(share >= 0 && share <= 1)) throw new Error(`fulfillment_share must be a number from 0 to 1, got ${JSON.stringify(share)}`);
  return share;
}

const SEED = 'retail-exporter/v1';
const TIMELINE_START = Date.UTC(2024, 0, 1);
const TIMELINE_SPAN = 365 * 24 * 3600 * 1000;
const DAY = 24 * 3600 * 1000;

const SNOWFLAKE_BASE: Record<'quotes' | 'services' | 'security_events' | 'fulfillments' | 'promotions' | 'quote_products', bigint> = {
  quotes: 1582323235375263744n,
  services: 1612345678901248000n,
  security_events: 1650000000000000000n,
  fulfillments: 1700000000000000000n,
  promotions: 1550000000000000000n,
  quote_products: 1800000000000000000n,
};

interface ProductRef { id: string; sku: string; price: number; cost: number; taxId: string | null }

/**
 * Builds rows resource by resource; each resource draws from its own PRNG stream, so resizing one
 * resource does not reshuffle the others. The builder stays alive after the seed so control-plane
 * creates produce rows of the same shape that reference the same seeded entities.
 */
export class DatasetBuilder {
  private readonly streams = new Map<string, Prng>();
  private readonly retailerId: string;
  private readonly ids: Partial<Record<TopLevelResource, string[]>> = {};
  private products: ProductRef[] = [];
  private priceBookIds: string[] = [];
  private taxRates = new Map<string, { rate: number; rateIds: string[] }>();
  private sales: Row[] = [];
  /** Fulfillments made so far: numbers their snowflake ids. */
  private fulfillmentCount = 0;
  /** The fulfillment share in basis points: whole numbers keep the spread exact. */
  private readonly fulfillmentBp: number;

  constructor(private readonly sizes: Sizes, fulfillmentShare = DEFAULT_FULFILLMENT_SHARE) {
    this.retailerId = this.rng('retailer').uuid();
    this.fulfillmentBp = Math.round(checkFulfillmentShare(fulfillmentShare) * 10_000);
  }

  build(): Seed {
    const s = this.sizes;
    const tables = {} as Record<TopLevelResource, Row[]>;
    const make = (resource: TopLevelResource, count: number) => {
      const rows: Row[] = new Array(count);
      for (let i = 0; i < count; i++) rows[i] = this.makeRow(resource, i);
      tables[resource] = rows;
      this.ids[resource] = rows.map((r) => r.id as string);
    };
    // Dependency order: later resources reference ids of earlier ones.
    make('taxes', s.taxes);
    make('outlets', s.outlets);
    make('registers', s.registers);
    make('users', s.users);
    make('payment_types', s.payment_types);
    make('tags', s.tags);
    make('brands', s.brands);
    make('suppliers', s.suppliers);
    make('customer_groups', s.customer_groups);
    make('variant_attributes', s.variant_attributes);
    make('product_categories', s.product_categories);
    markLeafCategories(tables.product_categories);
    make('customers', s.customers);
    this.priceBookIds = [this.rng('price_books').uuid(), this.rng('price_books').uuid()];
    make('products', s.products);
    tables.inventory = this.inventory(tables.products, tables.outlets);
    make('price_book_products', s.price_book_products);
    make('sales', s.sales);
    this.sales = tables.sales;
    make('serialnumbers', s.serialnumbers);
    make('consignments', s.consignments);
    const consignmentProducts = this.consignmentProducts(tables.consignments);
    const fulfillments = this.fulfillments(tables.sales);
    make('quotes', s.quotes);
    make('services', s.services);
    make('promotions', s.promotions);
    make('security_events', s.security_events);

    tables.product_categories.sort((a, b) => compareText(categoryPath(a), categoryPath(b)));

    let version = this.assignInterleavedVersions(tables, consignmentProducts);
    version = this.softDeleteSeededRows(tables, version);
    return { tables, consignmentProducts, fulfillments, maxVersion: version - 1 };
  }

  /** A new row for `resource` at position `index` of its collection, without `version`. */
  makeRow(resource: TopLevelResource, index: number): Row {
    const rng = this.rng(resource);
    const at = this.timeOf(resource, index);
    switch (resource) {
      case 'taxes': return this.tax(rng, index);
      case 'outlets': return this.outlet(rng, index);
      case 'registers': return this.register(rng, index, at);
      case 'users': return this.user(rng, index, at);
      case 'payment_types': return this.paymentType(rng, index);
      case 'tags': return { id: rng.uuid(), name: nth(words.TAG_NAMES, index), deleted_at: null };
      case 'brands': return { id: rng.uuid(), name: nth(words.BRAND_NAMES, index), deleted_at: null };
      case 'suppliers': return this.supplier(rng, index);
      case 'customer_groups': return this.customerGroup(rng, index, at);
      case 'variant_attributes': return { id: rng.uuid(), name: nth(words.VARIANT_ATTRIBUTE_NAMES, index), deleted_at: null };
      case 'product_categories': return this.category(rng, index);
      case 'customers': return this.customer(rng, index, at);
      case 'products': return this.product(rng, index, at);
      case 'inventory': return this.inventoryRow(rng, rng.pick(this.products) ?? this.orphanProduct(), this.idsOf('outlets')[0] ?? null);
      case 'price_book_products': return this.priceBookProduct(rng, index, at);
      case 'sales': return this.sale(rng, index, at);
      case 'serialnumbers': return this.serialNumber(rng, index);
      case 'consignments': return this.consignment(rng, index, at);
      case 'quotes': return this.quote(rng, index, at);
      case 'services': return this.service(rng, index, at);
      case 'promotions': return this.promotion(rng, index, at);
      case 'security_events': return this.securityEvent(rng, index, at);
    }
  }

  /** Snowflake id for a row created after the seed, above every existing one. */
  static nextSnowflake(existing: readonly Row[]): string {
    let max = 0n;
    for (const row of existing) {
      const id = BigInt(row.id as string);
      if (id > max) max = id;
    }
    return String(max + 4_194_304_000n);
  }

  // ---- versions ----------------------------------------------------------------------------

  /**
   * Gives every versioned row a value from one counter, interleaving resources the way a store's
   * history would, so a resource's versions have gaps [doc: "shouldn't be assumed … +1"].
   * Each row gets a sort key (index + jitter) / count, which keeps each resource in creation order.
   */
  private assignInterleavedVersions(tables: Record<TopLevelResource, Row[]>, children: Map<string, Row[]>): number {
    const rng = this.rng('versions');
    const groups: Row[][] = [...VERSIONED_RESOURCES.map((r) => tables[r]), ...children.values()];
    let total = 0;
    for (const g of groups) total += g.length;
    const keys = new Float64Array(total);
    const rows: Row[] = new Array(total);
    let k = 0;
    for (const g of groups) {
      for (let i = 0; i < g.length; i++) {
        keys[k] = (i + rng.next()) / g.length;
        rows[k] = g[i];
        k++;
      }
    }
    const order = new Uint32Array(total);
    for (let i = 0; i < total; i++) order[i] = i;
    order.sort((a, b) => keys[a] - keys[b]);
    let version = FIRST_VERSION;
    for (let i = 0; i < total; i++) rows[order[i]].version = version++;
    return version;
  }

  /** The default dataset has 2 soft-deleted customers and 1 soft-deleted product (M4). */
  private softDeleteSeededRows(tables: Record<TopLevelResource, Row[]>, version: number): number {
    const victims: [VersionedResource, number[]][] = [
      ['customers', spread(tables.customers.length, 2)],
      ['products', spread(tables.products.length, 1)],
    ];
    for (const [resource, indexes] of victims) {
      const rows = tables[resource];
      const deleted = indexes.map((i) => rows[i]);
      for (const row of deleted) {
        const at = isoSeconds(Date.parse(row.updated_at as string) + 30 * DAY);
        row.deleted_at = at;
        row.updated_at = at;
        row.version = version++;
      }
      tables[resource] = rows.filter((r) => !deleted.includes(r)).concat(deleted);
    }
    return version;
  }

  // ---- helpers -----------------------------------------------------------------------------

  private rng(stream: string): Prng {
    let rng = this.streams.get(stream);
    if (!rng) {
      rng = new Prng(`${SEED}/${stream}`);
      this.streams.set(stream, rng);
    }
    return rng;
  }

  private idsOf(resource: TopLevelResource): string[] {
    return this.ids[resource] ?? [];
  }

  /** Creation time of row `index`, spread over the seed's one-year timeline. */
  private timeOf(resource: TopLevelResource, index: number): number {
    const count = Math.max(1, this.sizes[resource as keyof Sizes] ?? 1);
    const slot = Math.min(index, count) / count;
    return TIMELINE_START + Math.floor(slot * TIMELINE_SPAN) + (hashOf(resource) % 3600) * 1000;
  }

  private orphanProduct(): ProductRef {
    return { id: this.rng('orphans').uuid(), sku: 'SKU-00000', price: 10, cost: 5, taxId: null };
  }

  private stamps(rng: Prng, at: number): { created_at: string; updated_at: string } {
    return { created_at: isoSeconds(at), updated_at: isoSeconds(at + rng.int(0, 20) * DAY + rng.int(0, 86399) * 1000) };
  }

  // ---- row factories -----------------------------------------------------------------------

  private tax(rng: Prng, index: number): Row {
    const id = rng.uuid();
    const shapes = [
      { name: 'GST', rates: [{ name: 'GST', rate: 0.15 }] },
      { name: 'No Tax', rates: [{ name: 'No Tax', rate: 0 }] },
      { name: 'GST + Levy', rates: [{ name: 'GST', rate: 0.15 }, { name: 'Environmental Levy', rate: 0.02 }] },
    ];
    const shape = shapes[index % shapes.length];
    const rates = shape.rates.map((r) => ({ id: rng.uuid(), name: r.name, rate: r.rate, display_name: `${r.name} ${round2(r.rate * 100)}%` }));
    const name = index < shapes.length ? shape.name : `${shape.name} ${index}`;
    this.taxRates.set(id, { rate: rates.reduce((sum, r) => sum + r.rate, 0), rateIds: rates.map((r) => r.id) });
    return { id, name, display_name: `${name} (${rates.map((r) => r.display_name).join(' + ')})`, is_default: index === 0, rates, deleted_at: null };
  }

  private address(rng: Prng, prefix: 'physical' | 'postal'): Row {
    const place = rng.pick(words.CITIES);
    return {
      [`${prefix}_address_1`]: `${rng.int(1, 400)} ${rng.pick(words.STREETS)}`,
      [`${prefix}_address_2`]: rng.chance(0.2) ? `Unit ${rng.int(1, 30)}` : null,
      [`${prefix}_suburb`]: null,
      [`${prefix}_city`]: place.city,
      [`${prefix}_postcode`]: place.postcode,
      [`${prefix}_state`]: place.state,
      [`${prefix}_country_id`]: place.country,
    };
  }

  private outlet(rng: Prng, index: number): Row {
    const name = numbered(words.OUTLET_NAMES, index, 'Outlet');
    return {
      id: rng.uuid(), name, time_zone: 'Pacific/Auckland', default_tax_id: this.idsOf('taxes')[0] ?? null,
      currency: 'NZD', currency_symbol: '$', display_prices: index % 2 === 0 ? 'inclusive' : 'exclusive',
      email: `${slug(name)}@example-store.co.nz`, ...this.address(rng, 'physical'),
      attributes: [{ key: 'opening_hours', value: '9am–5pm' }], deleted_at: null,
    };
  }

  private register(rng: Prng, index: number, at: number): Row {
    const outlets = this.idsOf('outlets');
    return {
      id: rng.uuid(), name: `Register ${index + 1}`, outlet_id: outlets.length ? outlets[index % outlets.length] : null,
      ask_for_note_on_save: index % 3, print_note_on_receipt: true, ask_for_user_on_sale: false,
      show_discounts_on_receipts: true, print_receipt: true, email_receipt: index % 2 === 0,
      invoice_prefix: `R${index + 1}-`, invoice_suffix: '', invoice_sequence: 1000 + index * 500,
      button_layout_id: rng.uuid(), is_open: index === 0, is_quick_keys_enabled: true, receipt_template_id: rng.uuid(),
      register_open_time: isoSeconds(at), register_close_time: null, register_open_sequence_id: rng.uuid(),
      cash_managed_payment_type_id: null, deleted_at: null,
    };
  }

  private user(rng: Prng, index: number, at: number): Row {
    const first = nth(words.FIRST_NAMES, index + 3);
    const last = nth(words.LAST_NAMES, index + 5);
    const accountType = index === 0 ? 'admin' : index === 1 ? 'manager' : 'cashier';
    const outlets = this.idsOf('outlets');
    return {
      id: rng.uuid(), username: `${slug(first)}.${slug(last)}`, display_name: `${first} ${last}`,
      email: `${slug(first)}.${slug(last)}@example-store.co.nz`, email_verified_at: isoSeconds(at), switch_id: null,
      account_type: accountType, roles: [{ id: rng.uuid(), name: accountType, system_role_id: rng.uuid() }],
      enabled: true, restricted_outlet_id: accountType === 'cashier' ? outlets[0] ?? null : null,
      restricted_outlet_ids: accountType === 'cashier' && outlets[0] ? [outlets[0]] : [],
      permissions: accountType === 'admin' ? ['all'] : ['sell', 'view_customers'], rules: {},
      is_primary_user: index === 0, image_source: null, images: {},
      target_daily: 500 * (index + 1), target_weekly: 3000 * (index + 1), target_monthly: 12000 * (index + 1),
      seen_at: isoSeconds(at + 300 * DAY), ...this.stamps(rng, at), deleted_at: null, time_until_deletion: null,
      enabled_mfa: index === 0, require_password_change: false,
    };
  }

  private paymentType(rng: Prng, index: number): Row {
    const kind = nth(words.PAYMENT_TYPES, index);
    return {
      id: rng.uuid(), name: kind.name, type_id: kind.type_id,
      config: { rounding: kind.name === 'Cash' ? '0.10' : '0.01', gateway_url: null }, deleted_at: null,
    };
  }

  private supplier(rng: Prng, index: number): Row {
    const name = nth(words.SUPPLIER_NAMES, index);
    return {
      id: rng.uuid(), name, source: 'USER', description: `Supplier of ${rng.pick(words.PRODUCT_NOUNS).toLowerCase()}s`,
      contact: { company_name: name, email: `orders@${slug(name)}.example.com`, phone: `+64 9 ${rng.int(300, 999)} ${rng.int(1000, 9999)}` },
      default_markup: rng.int(30, 120), deleted_at: null,
    };
  }

  private customerGroup(rng: Prng, index: number, at: number): Row {
    const names = ['All Customers', 'VIP', 'Wholesale', 'Staff'];
    return { id: rng.uuid(), name: nth(names, index), group_id: rng.alnum(8), retailer_id: this.retailerId, ...this.stamps(rng, at), deleted_at: null };
  }

  private category(rng: Prng, index: number): Row {
    const rows = this.categoryDraft;
    const roots = Math.min(2, this.sizes.product_categories);
    const id = rng.uuid();
    const parent = index < roots || rows.length < roots ? null : rows[Math.floor((index - roots) / 2) % rows.length];
    const siblings = rows.filter((r) => r.parent_category_id === (parent?.id ?? null)).length;
    const name = numbered(words.CATEGORY_TREE[(parent?.name as string | undefined) ?? ''] ?? [], siblings, `${parent?.name ?? 'Category'} Range`);
    const path = [...((parent?.category_path as { id: string; name: string }[] | undefined) ?? []), { id, name }];
    const row: Row = { id, name, parent_category_id: parent?.id ?? null, root_category_id: path[0].id, leaf_category: true, category_path: path };
    rows.push(row);
    return row;
  }

  private readonly categoryDraft: Row[] = [];

  private customer(rng: Prng, index: number, at: number): Row {
    // Fixed rows first: exporters must survive accents, emoji, formula-looking text and newlines.
    const first = index === 0 ? 'Zoë' : rng.pick(words.FIRST_NAMES);
    const last = rng.pick(words.LAST_NAMES);
    const note = index === 0 ? 'Café ☕ 🎉'
      : index === 1 ? '=HYPERLINK("http://x","click me")'
      : index === 2 ? 'Line one\nLine two, with "quotes"'
      : rng.pick(words.NOTES);
    let company = index === 3 ? '@Risk Consulting' : rng.chance(0.2) ? rng.pick(words.COMPANIES) : null;
    // Spreadsheet traps without drawing from the PRNG (other rows stay as they were): text that
    // starts like a number, and a code whose leading zeros a spreadsheet would drop.
    if (index === 4) company = '+1 VIP';
    const groups = this.idsOf('customer_groups');
    const physical = this.address(rng, 'physical');
    const postal = Object.fromEntries(Object.entries(physical).map(([k, v]) => [k.replace('physical_', 'postal_'), v]));
    return {
      id: rng.uuid(), customer_code: `C-${String(10001 + index)}`, first_name: first, last_name: last, name: `${first} ${last}`,
      email: `${slug(first)}.${slug(last)}${index}@example.com`, phone: `+64 9 ${rng.int(300, 999)} ${rng.int(1000, 9999)}`,
      mobile: rng.chance(0.7) ? `+64 21 ${rng.int(100, 999)} ${rng.int(1000, 9999)}` : null, fax: null, company_name: company,
      gender: rng.pick(['F', 'M', 'X', null]), date_of_birth: rng.chance(0.6) ? `19${rng.int(55, 99)}-${pad2(rng.int(1, 12))}-${pad2(rng.int(1, 28))}` : null,
      note, customer_group_id: groups.length ? groups[index % groups.length] : null, enable_loyalty: rng.chance(0.5),
      loyalty_balance: rng.money(0, 80), balance: rng.chance(0.1) ? -rng.money(5, 300) : 0, year_to_date: rng.money(0, 4000),
      on_account_limit: rng.chance(0.1) ? 500 : null, do_not_email: rng.chance(0.15), ...physical, ...postal,
      custom_field_1: index % 5 === 0 ? 'newsletter' : null, custom_field_2: index === 0 ? '00123' : index === 1 ? '-1,234.56' : null, custom_field_3: null, custom_field_4: null,
      twitter: null, website: company ? `https://${slug(company)}.example.com` : null, ...this.stamps(rng, at), deleted_at: null,
    };
  }

  private product(rng: Prng, index: number, at: number): Row {
    const special = ['+Plus Gift Card', '-50% Clearance Mug', '@Home Scented Candle'];
    const noun = rng.pick(words.PRODUCT_NOUNS);
    const name = index >= 1 && index <= 3 ? special[index - 1] : `${rng.pick(words.PRODUCT_ADJECTIVES)} ${noun}`;
    const id = rng.uuid();
    const sku = `SKU-${String(index + 1).padStart(5, '0')}`;
    const taxes = this.idsOf('taxes');
    const taxId = taxes.length ? taxes[0] : null;
    const priceEx = rng.money(4, 180);
    const rate = taxId ? this.taxRates.get(taxId)?.rate ?? 0 : 0;
    const cost = round2(priceEx * (0.35 + rng.next() * 0.25));
    const hasVariants = index % 3 === 0;
    const variantOptions = hasVariants
      ? [{ id: rng.uuid(), name: 'Size', value: rng.pick(words.SIZES) }, { id: rng.uuid(), name: 'Colour', value: rng.pick(words.COLOURS) }]
      : [];
    const brandIdx = this.idsOf('brands').length ? rng.int(0, this.idsOf('brands').length - 1) : -1;
    const supplierIdx = this.idsOf('suppliers').length ? rng.int(0, this.idsOf('suppliers').length - 1) : -1;
    const brand = brandIdx >= 0 ? { id: this.idsOf('brands')[brandIdx], name: nth(words.BRAND_NAMES, brandIdx) } : null;
    const supplier = supplierIdx >= 0 ? { id: this.idsOf('suppliers')[supplierIdx], name: nth(words.SUPPLIER_NAMES, supplierIdx) } : null;
    const categories = this.categoryDraft.filter((c) => c.leaf_category);
    const category = categories.length ? rng.pick(categories) : null;
    const tags = this.idsOf('tags');
    const supplierCode = supplier ? `${slug(supplier.name).slice(0, 4).toUpperCase()}-${rng.int(1000, 9999)}` : null;
    this.products.push({ id, sku, price: priceEx, cost, taxId });
    return {
      id, name, variant_name: hasVariants ? `${name} / ${variantOptions.map((o) => o.value).join(' / ')}` : name,
      handle: slug(name) || `product-${index}`, sku, description: `<p>${name}. Made with care in Aotearoa.</p>`,
      active: true, is_active: true, has_inventory: true, is_composite: false, has_variants: hasVariants,
      variant_parent_id: null, variant_options: variantOptions, variant_count: hasVariants ? 1 : 0,
      price_including_tax: round2(priceEx * (1 + rate)), price_excluding_tax: priceEx, supply_price: cost,
      supplier_id: supplier?.id ?? null, supplier_code: supplierCode, supplier,
      product_type_id: null, type: null, brand_id: brand?.id ?? null, brand,
      tag_ids: tags.length ? [tags[index % tags.length]] : [],
      categories: category ? [{ id: category.id, name: category.name }] : [],
      product_category: category ? { id: category.id, name: category.name } : null,
      product_codes: [{ type: 'UPC', code: String(940000000000 + index * 7) }],
      product_suppliers: supplier ? [{ supplier_id: supplier.id, supplier_name: supplier.name, code: supplierCode, price: cost }] : [],
      attributes: [], images: [], image_url: `https://images.example-store.co.nz/${sku}.jpg`,
      image_thumbnail_url: `https://images.example-store.co.nz/${sku}-thumb.jpg`, source: 'USER',
      ...this.stamps(rng, at), deleted_at: null,
      weight: rng.int(50, 2000), weight_unit: 'g', length: rng.int(5, 60), width: rng.int(5, 40), height: rng.int(1, 30),
      dimensions_unit: 'cm', account_code: '200', account_code_purchase: '300', button_order: index, loyalty_amount: round2(priceEx * 0.01),
    };
  }

  private inventory(products: Row[], outlets: Row[]): Row[] {
    const rng = this.rng('inventory');
    const rows: Row[] = [];
    for (let p = 0; p < products.length; p++) {
      for (const outlet of outlets) rows.push(this.inventoryRow(rng, this.products[p], outlet.id as string));
    }
    this.ids.inventory = rows.map((r) => r.id as string);
    return rows;
  }

  private inventoryRow(rng: Prng, product: ProductRef, outletId: string | null): Row {
    const level = rng.int(-2, 120);
    return {
      id: rng.uuid(), product_id: product.id, outlet_id: outletId, inventory_level: level, current_amount: level,
      average_cost: product.cost, reorder_point: rng.int(0, 10), reorder_amount: rng.int(5, 40),
    };
  }

  private priceBookProduct(rng: Prng, index: number, at: number): Row {
    const product = this.products.length ? this.products[index % this.products.length] : this.orphanProduct();
    const priceBook = this.priceBookIds[Math.floor(index / Math.max(1, this.products.length)) % this.priceBookIds.length];
    const discount = rng.pick([0, 5, 10, 15]);
    const price = round2(product.price * (1 - discount / 100));
    return {
      id: rng.uuid(), product_id: product.id, price_book_id: priceBook, price, tax_id: product.taxId,
      loyalty_value: round2(price * 0.01), min_units: index % 7 === 0 ? 5 : null, max_units: null,
      retail_tax: round2(price * 0.15), default_display_price: round2(price * 1.15), rounding: '0.01',
      adjustment_type: discount ? 'PERCENTAGE' : null, adjustment: discount || null, discount, ...this.stamps(rng, at), deleted_at: null,
    };
  }

  private sale(rng: Prng, index: number, at: number): Row {
    const status = this.inFulfillment(index) ? rng.pick(FULFILLMENT_STATUSES) : weighted(rng, [
      ['CLOSED', 70], ['SAVED', 8], ['LAYBY', 5], ['ONACCOUNT', 5], ['ONACCOUNT_CLOSED', 5], ['VOIDED', 4], ['LAYBY_CLOSED', 3],
    ]);
    const outlets = this.idsOf('outlets');
    const registers = this.idsOf('registers');
    const users = this.idsOf('users');
    const customers = this.idsOf('customers');
    const userId = rng.pickOr(users, null);
    const lineItems: Row[] = [];
    const taxTotals = new Map<string, number>();
    let totalPrice = 0;
    let totalTax = 0;
    const lines = this.products.length ? rng.int(1, 4) : 0;
    for (let seq = 0; seq < lines; seq++) {
      const product = rng.pick(this.products);
      const quantity = rng.chance(0.8) ? 1 : rng.int(2, 5);
      const discount = rng.chance(0.15) ? round2(product.price * 0.1) : 0;
      const unitPrice = round2(product.price - discount);
      const rate = product.taxId ? this.taxRates.get(product.taxId) : undefined;
      const unitTax = round2(unitPrice * (rate?.rate ?? 0));
      const lineTotal = round2(unitPrice * quantity);
      const lineTax = round2(unitTax * quantity);
      totalPrice += lineTotal;
      totalTax += lineTax;
      if (product.taxId) taxTotals.set(product.taxId, round2((taxTotals.get(product.taxId) ?? 0) + lineTax));
      const loyalty = round2(unitPrice * 0.01);
      lineItems.push({
        id: rng.uuid(), product_id: product.id, tax_id: product.taxId, quantity, price: unitPrice, cost: product.cost,
        tax: unitTax, discount, loyalty_value: loyalty,
        price_total: lineTotal, cost_total: round2(product.cost * quantity), tax_total: lineTax,
        discount_total: round2(discount * quantity), loyalty_value_total: round2(loyalty * quantity),
        unit_price: unitPrice, unit_cost: product.cost, unit_tax: unitTax, unit_discount: discount, unit_loyalty_value: loyalty,
        total_price: lineTotal, total_cost: round2(product.cost * quantity), total_tax: lineTax,
        total_discount: round2(discount * quantity), total_loyalty_value: round2(loyalty * quantity),
        price_set: false, status: 'CONFIRMED', sequence: seq,
        tax_components: (rate?.rateIds ?? []).map((rateId) => ({ rate_id: rateId, total_tax: round2(lineTax / (rate?.rateIds.length ?? 1)) })),
        is_return: false, note: seq === 0 && index === 0 ? 'Gift wrap 🎁' : null, salesperson_id: userId,
      });
    }
    totalPrice = round2(totalPrice);
    totalTax = round2(totalTax);
    const paid = round2(totalPrice + totalTax);
    const paymentTypes = this.idsOf('payment_types');
    const payments: Row[] = [];
    const splits = status === 'SAVED' || status === 'VOIDED' || lines === 0 ? [] : rng.chance(0.15) ? [round2(paid / 2), round2(paid - round2(paid / 2))] : [paid];
    for (const amount of splits) {
      const typeIdx = paymentTypes.length ? rng.int(0, paymentTypes.length - 1) : -1;
      payments.push({
        id: rng.uuid(), register_id: registers[index % Math.max(1, registers.length)] ?? null, outlet_id: outlets[index % Math.max(1, outlets.length)] ?? null,
        retailer_payment_type_id: typeIdx >= 0 ? paymentTypes[typeIdx] : null, payment_type_id: typeIdx >= 0 ? nth(words.PAYMENT_TYPES, typeIdx).type_id : null,
        name: typeIdx >= 0 ? nth(words.PAYMENT_TYPES, typeIdx).name : 'Cash', amount, payment_date: isoSeconds(at + 60_000),
        external_attributes: [],
      });
    }
    const stamps = this.stamps(rng, at);
    return {
      id: rng.uuid(), outlet_id: outlets.length ? outlets[index % outlets.length] : null,
      register_id: registers.length ? registers[index % registers.length] : null, user_id: userId,
      customer_id: rng.chance(0.8) ? rng.pickOr(customers, null) : null,
      invoice_number: `SO-${1001 + index}`, invoice_sequence: 1001 + index, receipt_number: String(1001 + index),
      status, state: saleState(status), note: index === 0 ? 'Merci beaucoup — à bientôt! 🙏' : rng.chance(0.1) ? rng.pick(words.NOTES) : '',
      short_code: rng.alnum(6), return_for: null, source: 'USER', source_id: null,
      total_price: totalPrice, total_tax: totalTax, total_loyalty: round2(totalPrice * 0.01),
      sale_date: stamps.created_at, ...stamps, deleted_at: null,
      line_items: lineItems, payments, taxes: [...taxTotals].map(([id, amount]) => ({ id, amount })),
      attributes: [], adjustments: [], ecom_custom_charges: [],
    };
  }

  private serialNumber(rng: Prng, index: number): Row {
    const withItems = this.sales.filter((s) => (s.line_items as Row[]).length > 0);
    const sale = withItems.length ? withItems[(index * 7) % withItems.length] : null;
    const line = sale ? (sale.line_items as Row[])[0] : null;
    return {
      id: rng.uuid(), code: `SN-${rng.alnum(4).toUpperCase()}-${String(index + 1).padStart(4, '0')}`,
      product_id: (line?.product_id as string | undefined) ?? rng.pickOr(this.products, this.orphanProduct()).id,
      outlet_id: (sale?.outlet_id as string | null | undefined) ?? null, sale_id: (sale?.id as string | undefined) ?? null,
      line_item_id: (line?.id as string | undefined) ?? null,
    };
  }

  private consignment(rng: Prng, index: number, at: number): Row {
    const kinds = ['SUPPLIER', 'SUPPLIER', 'OUTLET', 'STOCKTAKE', 'SUPPLIER', 'RETURN'] as const;
    const type = kinds[index % kinds.length];
    const statusByType = { SUPPLIER: ['OPEN', 'SENT', 'RECEIVED', 'CANCELLED'], OUTLET: ['SENT', 'DISPATCHED', 'RECEIVED'], STOCKTAKE: ['STOCKTAKE_IN_PROGRESS', 'STOCKTAKE_COMPLETE'], RETURN: ['OPEN', 'SENT', 'CLOSED'] };
    const status = rng.pick(statusByType[type]);
    const outlets = this.idsOf('outlets');
    const suppliers = this.idsOf('suppliers');
    const received = status === 'RECEIVED' || status === 'STOCKTAKE_COMPLETE' || status === 'CLOSED';
    return {
      id: rng.uuid(), outlet_id: outlets.length ? outlets[index % outlets.length] : null,
      name: `${type === 'STOCKTAKE' ? 'Stocktake' : 'Order'} ${String(index + 1).padStart(4, '0')}`, type, status,
      consignment_date: isoSeconds(at), due_at: isoSeconds(at + 7 * DAY), received_at: received ? isoSeconds(at + 5 * DAY) : null,
      supplier_id: type === 'SUPPLIER' || type === 'RETURN' ? rng.pickOr(suppliers, null) : null,
      source_outlet_id: type === 'OUTLET' && outlets.length > 1 ? outlets[(index + 1) % outlets.length] : null,
      supplier_invoice: type === 'SUPPLIER' ? `INV-${rng.int(10000, 99999)}` : null, reference: `REF-${rng.alnum(5).toUpperCase()}`,
      total_count_gain: type === 'STOCKTAKE' ? rng.int(0, 20) : 0, total_cost_gain: type === 'STOCKTAKE' ? rng.money(0, 400) : 0,
      total_count_loss: type === 'STOCKTAKE' ? rng.int(0, 20) : 0, total_cost_loss: type === 'STOCKTAKE' ? rng.money(0, 400) : 0,
      ...this.stamps(rng, at), deleted_at: null,
    };
  }

  /**
   * 0–150 products per consignment, product_id unique within each, and the first consignment over
   * 100 so its walk needs a second page at page_size 100 (M4).
   */
  private consignmentProducts(consignments: Row[]): Map<string, Row[]> {
    const rng = this.rng('consignment_products');
    const byConsignment = new Map<string, Row[]>();
    const productCount = this.products.length;
    consignments.forEach((consignment, c) => {
      const wanted = c === 0 && productCount > 100 ? rng.int(101, 150) : rng.int(0, 150);
      const count = Math.min(wanted, productCount);
      const start = rng.int(0, Math.max(0, productCount - 1));
      const at = Date.parse(consignment.created_at as string);
      const received = consignment.received_at !== null;
      const rows: Row[] = [];
      for (let j = 0; j < count; j++) {
        const product = this.products[(start + j) % productCount];
        const ordered = rng.int(1, 48);
        rows.push({
          product_id: product.id, product_sku: product.sku, count: ordered.toFixed(5),
          received: (received ? ordered - (rng.chance(0.1) ? 1 : 0) : 0).toFixed(5), cost: product.cost.toFixed(5),
          status: received ? 'SUCCESS' : 'PENDING', is_included: true, ...this.stamps(rng, at), deleted_at: null,
        });
      }
      byConsignment.set(consignment.id as string, rows);
    });
    return byConsignment;
  }

  /**
   * Whether the index-th sale is in a fulfillment status: spread evenly, `share` of them. At the
   * default quarter this is every sale with index % 4 === 1, as the dataset always had.
   */
  private inFulfillment(index: number): boolean {
    const bp = this.fulfillmentBp;
    return Math.floor(((index + 3) * bp) / 10_000) > Math.floor(((index + 2) * bp) / 10_000);
  }

  private fulfillments(sales: Row[]): Map<string, Row[]> {
    const bySale = new Map<string, Row[]>();
    for (const sale of sales) {
      if (isFulfillmentStatus(sale.status)) bySale.set(sale.id as string, this.fulfillmentsOf(sale));
    }
    return bySale;
  }

  /**
   * The fulfillments of a sale in a fulfillment status: one, or two for a sale split in parts; a
   * closed (picked up or dispatched) sale's are fulfilled. Also used when a sale moves into a
   * fulfillment status through the control plane.
   */
  fulfillmentsOf(sale: Row): Row[] {
    const rng = this.rng('fulfillments');
    const status = sale.status as string;
    const lines = (sale.line_items as Row[] | undefined) ?? [];
    const parts = lines.length >= 2 && rng.chance(0.4) ? [lines.slice(0, 1), lines.slice(1)] : [lines];
    const at = Date.parse(sale.created_at as string);
    return parts.map((part, p) => ({
      id: String(snowflake(SNOWFLAKE_BASE.fulfillments, this.fulfillmentCount++, rng.int(0, 4095))), sale_id: sale.id, outlet_id: sale.outlet_id,
      user_id: sale.user_id, status: fulfillmentState(status, p, parts.length),
      created_at: isoSeconds(at + (p + 1) * 3600_000),
      line_items: part.map((line) => ({ id: line.id, product_id: line.product_id, quantity: line.quantity })),
    }));
  }

  private quote(rng: Prng, index: number, at: number): Row {
    // Pairs one apart (first two, and across the limit=100 page boundary) are equal once parsed as
    // doubles: a client that turns ids into Numbers collides or resumes at the wrong row.
    let id = snowflake(SNOWFLAKE_BASE.quotes, index, rng.int(0, 4000));
    if (index === 0 || index === 99) id = id - (id % 256n) + 16n; // doubles here are 256 apart
    if (index === 1 || index === 100) id = this.previousQuoteId + 1n;
    this.previousQuoteId = id;
    const quoteId = String(id);
    const users = this.idsOf('users');
    const products: Row[] = [];
    let totalPrice = 0;
    let totalTax = 0;
    const lines = this.products.length ? rng.int(1, 3) : 0;
    for (let seq = 0; seq < lines; seq++) {
      const product = rng.pick(this.products);
      const quantity = rng.int(1, 3);
      const tax = round2(product.price * 0.15);
      const lineId = String(snowflake(SNOWFLAKE_BASE.quote_products, index * 4 + seq, rng.int(0, 4095)));
      totalPrice += product.price * quantity;
      totalTax += tax * quantity;
      products.push({
        id: lineId, product_id: product.id, quote_id: quoteId, price: product.price, discount: 0, tax, tax_id: product.taxId,
        quantity, sequence: seq, note: null, salesperson_id: rng.pickOr(users, null),
        product_tax_components: (product.taxId ? this.taxRates.get(product.taxId)?.rateIds ?? [] : []).map((rateId) => ({
          id: rng.uuid(), quote_product_id: lineId, rate_id: rateId, total_tax: round2(tax * quantity),
        })),
      });
    }
    const outlets = this.idsOf('outlets');
    const registers = this.idsOf('registers');
    const micros = () => rng.int(0, 999_999);
    return {
      id: quoteId, status: rng.pick(['CREATED', 'SENT', 'ACCEPTED', 'EXPIRED', 'CONVERTED']),
      customer_id: rng.pickOr(this.idsOf('customers'), null), register_id: rng.pickOr(registers, null), retailer_id: this.retailerId,
      user_id: rng.pickOr(users, null), outlet_id: rng.pickOr(outlets, null), total_tax: round2(totalTax), loyalty: round2(totalPrice * 0.01),
      total_price: round2(totalPrice), grand_total: round2(totalPrice + totalTax), expired_at: isoMicros(at + 30 * DAY, micros()),
      short_code: rng.alnum(6), note: index === 0 ? 'Quote for Zoë — «special order»' : '', deleted_at: null,
      created_at: isoMicros(at, micros()), updated_at: isoMicros(at + rng.int(0, 5) * DAY, micros()), sales_ids: [], products,
    };
  }

  private previousQuoteId = 0n;

  private service(rng: Prng, index: number, at: number): Row {
    const micros = () => rng.int(0, 999_999);
    return {
      id: String(snowflake(SNOWFLAKE_BASE.services, index, rng.int(0, 4095))), retailer_id: this.retailerId,
      sale_id: this.sales.length ? this.sales[(index * 5) % this.sales.length].id : null,
      status: rng.pick(['JOB_STATUS_NEW', 'JOB_STATUS_IN_PROGRESS', 'JOB_STATUS_COMPLETED']),
      created_at: isoMicros(at, micros()), updated_at: isoMicros(at + DAY, micros()), updated_by: rng.pickOr(this.idsOf('users'), null),
      agenda: { date: isoMicros(at + 3 * DAY, 0), minutes_scheduled: rng.pick([30, 45, 60, 90]) },
    };
  }

  private promotion(rng: Prng, index: number, at: number): Row {
    const start = at;
    const end = at + rng.int(7, 60) * DAY;
    const products = this.products.slice(index, index + 3).map((p) => p.id);
    return {
      id: String(snowflake(SNOWFLAKE_BASE.promotions, index, rng.int(0, 4095))), name: nth(words.PROMOTION_NAMES, index),
      description: 'Automatically applied at checkout', start_time: isoNoZone(start), end_time: isoNoZone(end),
      status: 'active', channels: ['retail', 'ecommerce'], outlet_ids: this.idsOf('outlets'), customer_group_ids: this.idsOf('customer_groups').slice(0, 1),
      use_promo_code: index % 2 === 1, add_promo_code: index % 2 === 1 ? [`SAVE${10 + index}`] : [],
      promo_code_summary: { redeemed_amount: rng.int(0, 40), total_promo_code: index % 2 === 1 ? 1 : 0 },
      loyalty_multiplier: index === 2 ? 2 : 1,
      condition: { type: 'product_set', include: products, exclude: [], min_price: index === 0 ? 20 : null },
      action: { type: 'percent_off', value: rng.pick([10, 15, 20, 25]) }, recurring_promotion: {},
    };
  }

  private securityEvent(rng: Prng, index: number, at: number): Row {
    const userId = this.idsOf('users')[0] ?? null;
    const occurred = isoSeconds(at);
    return {
      id: String(snowflake(SNOWFLAKE_BASE.security_events, index, rng.int(0, 4095))), user_id: userId, type: 'security',
      action: rng.pick(['signin', 'signin', 'signout', 'password_change', 'personal_token_created']), entity_id: userId,
      ip_address: `203.0.113.${rng.int(1, 254)}`, user_agent: rng.pick(words.USER_AGENTS), occurred_at: occurred, created_at: occurred,
      data: { method: rng.pick(['password', 'sso']) }, old_data: {},
    };
  }
}

/** A fulfillment's status for its sale's status: closed sales are fulfilled; of an open split sale, the first part is. */
export function fulfillmentState(saleStatus: string, part: number, parts: number): 'FULFILLED' | 'PENDING' {
  return saleStatus.endsWith('_CLOSED') ? 'FULFILLED' : part === 0 && parts > 1 ? 'FULFILLED' : 'PENDING';
}

export function buildDataset(sizes: Sizes, fulfillmentShare = DEFAULT_FULFILLMENT_SHARE): { seed: Seed; builder: DatasetBuilder } {
  const builder = new DatasetBuilder(sizes, fulfillmentShare);
  return { seed: builder.build(), builder };
}

// ---- small pure helpers ----------------------------------------------------------------------

function nth<T>(items: readonly T[], index: number): T {
  return items[index % items.length];
}

/** The index-th name, or a numbered fallback once the list runs out, so names stay unique. */
function numbered(items: readonly string[], index: number, fallback: string): string {
  return index < items.length ? items[index] : `${fallback} ${index + 1}`;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function slug(text: string): string {
  return text.normalize('NFD').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

function hashOf(text: string): number {
  let h = 7;
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) >>> 0;
  return h;
}

/** `count` indexes spread through [0, n): which seeded rows get soft-deleted. */
function spread(n: number, count: number): number[] {
  if (n < count + 1) return [];
  return Array.from({ length: count }, (_, k) => Math.floor(((k + 1) * n) / (count + 1)));
}

function weighted<T>(rng: Prng, options: readonly [T, number][]): T {
  const total = options.reduce((sum, [, w]) => sum + w, 0);
  let roll = rng.next() * total;
  for (const [value, weight] of options) {
    roll -= weight;
    if (roll < 0) return value;
  }
  return options[options.length - 1][0];
}

function saleState(status: string): string {
  if (status === 'SAVED') return 'parked';
  if (status === 'VOIDED') return 'voided';
  if (status === 'LAYBY' || status === 'ONACCOUNT' || status.startsWith('AWAITING_')) return 'pending';
  return 'closed';
}

/** The sort key of product_categories: root name / … / name. */
export function categoryPath(row: Row): string {
  return (row.category_path as { name: string }[]).map((p) => p.name).join(' / ');
}

/** Code-unit order: deterministic on every machine, unlike localeCompare. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function markLeafCategories(rows: Row[]): void {
  const parents = new Set(rows.map((r) => r.parent_category_id).filter(Boolean));
  for (const row of rows) row.leaf_category = !parents.has(row.id);
}
