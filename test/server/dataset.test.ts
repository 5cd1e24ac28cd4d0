import { describe, expect, it } from 'vitest';
import { DEFAULT_SIZES, FIRST_VERSION, FULFILLMENT_STATUSES, buildDataset, resolveSizes } from './dataset';
import { VERSIONED_RESOURCES } from './resources';
import type { Row } from './types';

const { seed } = buildDataset(resolveSizes('default'));
const { tables } = seed;

describe('default dataset', () => {
  it('has the spec table\'s counts', () => {
    for (const [resource, count] of Object.entries(DEFAULT_SIZES)) {
      expect(tables[resource as keyof typeof tables], resource).toHaveLength(count);
    }
    expect(tables.inventory).toHaveLength(460);
    expect(tables.customers.filter((r) => r.deleted_at !== null)).toHaveLength(2);
    expect(tables.products.filter((r) => r.deleted_at !== null)).toHaveLength(1);
  });

  it('is identical on every build', () => {
    expect(JSON.stringify(buildDataset(resolveSizes('default')).seed.tables)).toBe(JSON.stringify(tables));
  });

  it('draws versions from one counter starting at 1000000, unique across resources', () => {
    const versions: number[] = [];
    for (const resource of VERSIONED_RESOURCES) versions.push(...tables[resource].map((r) => r.version as number));
    for (const rows of seed.consignmentProducts.values()) versions.push(...rows.map((r) => r.version as number));
    expect(Math.min(...versions)).toBe(FIRST_VERSION);
    expect(new Set(versions).size).toBe(versions.length);
    expect(Math.max(...versions)).toBe(seed.maxVersion);
  });

  it('uses lowercase UUIDs, and 19-digit snowflake strings above 2^53 for quotes, services, security_events, promotions, fulfillments', () => {
    expect(tables.customers[0].id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const fulfillments = [...seed.fulfillments.values()].flat();
    for (const rows of [tables.quotes, tables.services, tables.security_events, tables.promotions, fulfillments]) {
      for (const row of rows) {
        expect(row.id).toMatch(/^\d{19}$/);
        expect(BigInt(row.id as string) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
      }
    }
  });

  it('has quote ids that collide when parsed as Numbers, at the start and across the limit=100 boundary', () => {
    const ids = tables.quotes.map((q) => q.id as string);
    expect(ids[0]).not.toBe(ids[1]);
    expect(Number(ids[0])).toBe(Number(ids[1]));
    expect(Number(ids[99])).toBe(Number(ids[100]));
    const big = ids.map(BigInt);
    expect(big.every((id, i) => i === 0 || id > big[i - 1])).toBe(true);
  });

  it('contains accents, emoji, formula-looking text and newlines for exporters to survive', () => {
    expect(tables.customers.some((c) => c.first_name === 'Zoë')).toBe(true);
    const notes = tables.customers.map((c) => c.note as string);
    expect(notes).toContain('Café ☕ 🎉');
    expect(notes.some((n) => n.startsWith('='))).toBe(true);
    expect(notes.some((n) => n.includes('\n'))).toBe(true);
    expect(tables.products.some((p) => /^[+\-@]/.test(p.name as string))).toBe(true);
  });

  it('nests arrays and objects in sales, taxes and products', () => {
    const sale = tables.sales.find((s) => (s.payments as Row[]).length > 0)!;
    expect((sale.line_items as Row[])[0]).toMatchObject({ status: 'CONFIRMED', tax_components: expect.any(Array) });
    expect((sale.payments as Row[])[0].amount).toEqual(expect.any(Number));
    expect(tables.taxes.some((t) => (t.rates as Row[]).length > 1)).toBe(true);
    expect(tables.products.some((p) => (p.variant_options as Row[]).length > 0)).toBe(true);
    expect((tables.quotes[0].products as Row[])[0].product_tax_components).toEqual(expect.any(Array));
  });

  it('gives fulfillments only to sales in a fulfillment status, 1–2 each, for about a quarter of sales', () => {
    const statuses: readonly string[] = FULFILLMENT_STATUSES;
    const fulfilling = tables.sales.filter((s) => statuses.includes(s.status as string));
    expect(fulfilling.length).toBeGreaterThan(tables.sales.length * 0.2);
    expect(fulfilling.length).toBeLessThan(tables.sales.length * 0.3);
    for (const sale of tables.sales) {
      const rows = seed.fulfillments.get(sale.id as string) ?? [];
      if (statuses.includes(sale.status as string)) {
        expect(rows.length).toBeGreaterThanOrEqual(1);
        expect(rows.length).toBeLessThanOrEqual(2);
      } else {
        expect(rows).toEqual([]);
      }
    }
  });

  it('puts exactly every fourth sale (index % 4 === 1) in a fulfillment status by default, as it always did', () => {
    const statuses: readonly string[] = FULFILLMENT_STATUSES;
    expect(tables.sales.map((s, i) => [i % 4 === 1, statuses.includes(s.status as string)]).filter(([a, b]) => a !== b)).toEqual([]);
  });

  it.each([0.05, 0.25, 0.5, 0])('a fulfillment share of %s puts that share of sales, spread evenly, in a fulfillment status', (share) => {
    const statuses: readonly string[] = FULFILLMENT_STATUSES;
    const built = buildDataset(resolveSizes({ sales: 2000 }), share).seed;
    const flags = built.tables.sales.map((s) => statuses.includes(s.status as string));
    expect(flags.filter(Boolean).length).toBe(2000 * share);
    // Evenly: every block of 1/share sales has one.
    if (share > 0) expect(flags.slice(0, 1 / share).filter(Boolean)).toHaveLength(1);
    expect(built.fulfillments.size).toBe(2000 * share);
  });

  it('refuses a fulfillment share outside 0..1', () => {
    expect(() => buildDataset(resolveSizes('small'), 1.5)).toThrow(/fulfillment_share must be a number from 0 to 1/);
  });

  it('keeps consignment products between 0 and 150 per consignment with one over 100', () => {
    const sizes = [...seed.consignmentProducts.values()].map((rows) => rows.length);
    expect(Math.max(...sizes)).toBeGreaterThan(100);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(150);
  });

  it('builds two product-category roots with children, leaf flags and full paths', () => {
    const roots = tables.product_categories.filter((c) => c.parent_category_id === null);
    expect(roots).toHaveLength(2);
    for (const c of tables.product_categories) {
      const path = c.category_path as { id: string }[];
      expect(path.at(-1)!.id).toBe(c.id);
      expect(c.root_category_id).toBe(path[0].id);
      const hasChildren = tables.product_categories.some((x) => x.parent_category_id === c.id);
      expect(c.leaf_category).toBe(!hasChildren);
    }
  });
});

describe('dataset sizes', () => {
  it('resolves named datasets and custom counts over the default table', () => {
    expect(resolveSizes('empty').customers).toBe(0);
    expect(resolveSizes({ sales: 7 })).toEqual({ ...DEFAULT_SIZES, sales: 7 });
    expect(() => resolveSizes({ sales: -1 })).toThrow(/non-negative integer/);
    expect(() => resolveSizes('huge' as 'small')).toThrow(/'default', 'small', 'empty'/);
  });

  it('builds an empty dataset with no rows at all', () => {
    const empty = buildDataset(resolveSizes('empty')).seed;
    expect(Object.values(empty.tables).every((rows) => rows.length === 0)).toBe(true);
    expect(empty.consignmentProducts.size).toBe(0);
  });

  it('scales to tens of thousands of rows with inventory = products × outlets', () => {
    const big = buildDataset(resolveSizes({ sales: 5000, customers: 5000, products: 2000, outlets: 3 })).seed;
    expect(big.tables.inventory).toHaveLength(6000);
    expect(big.tables.sales).toHaveLength(5000);
    const versions = big.tables.sales.map((r) => r.version as number);
    expect(versions.every((v, i) => i === 0 || v > versions[i - 1])).toBe(true);
  });
});
