import { describe, expect, it } from 'vitest';
import { parentFilterTest } from '@/lib/sync/parent-visits';
import { resolveConfig } from './normalize';
import { FULFILLMENT_SALE_STATUSES, RETAIL_PRESET } from './preset';

function withFilter(filter: unknown, child: Record<string, unknown> = {}) {
  return resolveConfig({
    client: { base_url: 'https://shop.example.com' },
    resources: [
      { name: 'sales', endpoint: { path: '/sales', paginator: 'single_page' }, primary_key: 'id', write_disposition: 'merge' },
      { name: 'fulfillments', endpoint: { path: '/sales/{resources.sales.id}/fulfillments', paginator: 'single_page' }, primary_key: 'id', write_disposition: 'merge', parent_filter: filter, ...child },
    ],
  });
}

function errorsOf(result: ReturnType<typeof resolveConfig>) {
  return result.ok ? [] : result.errors;
}

describe('parent_filter (config)', () => {
  it('compiles a condition and a list of conditions, paths parsed once', () => {
    const one = withFilter({ field: 'status', one_of: ['A', 'B'] });
    expect(one.ok && one.source.resources[1].parentFilter).toEqual([{ field: 'status', path: ['status'], test: 'one_of', values: ['A', 'B'] }]);
    const many = withFilter([
      { field: 'customer.id', not_null: true },
      { field: 'lines[0].qty', equals: 2 },
    ]);
    // A known key: no "unknown key" warning.
    expect(many.ok && many.warnings).toEqual([]);
    expect(many.ok && many.source.resources[1].parentFilter).toEqual([
      { field: 'customer.id', path: ['customer', 'id'], test: 'not_null' },
      { field: 'lines[0].qty', path: ['lines', 0, 'qty'], test: 'equals', value: 2 },
    ]);
  });

  it.each([
    ['a string', 'status', /resources\[1\] \(fulfillments\)\.parent_filter/, /must be a condition such as/],
    ['an empty list', [], /parent_filter$/, /must be a condition/],
    ['no field', { one_of: ['A'] }, /parent_filter\.field$/, /needs "field"/],
    ['a bad path', { field: 'a..b', equals: 1 }, /parent_filter\.field$/, /can select several values/],
    ['no test', { field: 'status' }, /parent_filter$/, /exactly one test of equals, one_of, not_null \(found none\)/],
    ['two tests', { field: 'status', equals: 'A', one_of: ['A'] }, /parent_filter$/, /found equals and one_of/],
    ['a typo in a test', { field: 'status', oneof: ['A'] }, /parent_filter\.oneof$/, /unknown key "oneof".*one of equals, one_of, not_null/],
    ['one_of not a list', { field: 'status', one_of: 'A' }, /parent_filter\.one_of$/, /non-empty list/],
    ['one_of empty', { field: 'status', one_of: [] }, /parent_filter\.one_of$/, /non-empty list/],
    ['one_of with an object', { field: 'status', one_of: [{}] }, /parent_filter\.one_of$/, /non-empty list/],
    ['equals null', { field: 'status', equals: null }, /parent_filter\.equals$/, /not_null/],
    ['not_null false', { field: 'status', not_null: false }, /parent_filter\.not_null$/, /must be true/],
    ['the second of a list', [{ field: 'a', not_null: true }, { field: 'b' }], /parent_filter\[1\]$/, /exactly one test/],
  ])('rejects %s with the resource, the key and what was expected', (_what, filter, path, message) => {
    const errors = errorsOf(withFilter(filter));
    expect(errors).toHaveLength(1);
    expect(errors[0].path).toMatch(path);
    expect(errors[0].path).toContain('(fulfillments)');
    expect(errors[0].message).toMatch(message);
  });

  it('is an error on a resource without a parent', () => {
    const result = resolveConfig({
      client: { base_url: 'https://shop.example.com' },
      resources: [{ name: 'sales', endpoint: { path: '/sales' }, primary_key: 'id', parent_filter: { field: 'status', equals: 'X' } }],
    });
    expect(errorsOf(result)).toEqual([{ path: 'resources[0] (sales).parent_filter', message: expect.stringMatching(/needs a parent/) }]);
  });

  it('from resource_defaults, applies to children and is dropped (not refused) on resources without a parent', () => {
    const result = resolveConfig({
      client: { base_url: 'https://shop.example.com' },
      resource_defaults: { primary_key: 'id', parent_filter: { field: 'status', equals: 'OPEN' } },
      resources: [
        { name: 'sales', endpoint: { path: '/sales', paginator: 'single_page' } },
        { name: 'fulfillments', endpoint: { path: '/sales/{resources.sales.id}/fulfillments', paginator: 'single_page' } },
      ],
    });
    expect(errorsOf(result)).toEqual([]);
    expect(result.ok && result.source.resources.map((r) => r.parentFilter?.length ?? 0)).toEqual([0, 1]);
  });

  it('the preset asks for fulfillments only of sales in the four fulfillment statuses', () => {
    const result = resolveConfig(RETAIL_PRESET);
    const fulfillments = result.ok ? result.source.resources.find((r) => r.name === 'fulfillments') : undefined;
    expect(fulfillments?.parentFilter).toEqual([{ field: 'status', path: ['status'], test: 'one_of', values: FULFILLMENT_SALE_STATUSES }]);
    expect(FULFILLMENT_SALE_STATUSES).toEqual(['AWAITING_PICKUP', 'AWAITING_DISPATCH', 'PICKED_UP_CLOSED', 'DISPATCHED_CLOSED']);
  });
});

describe('parentFilterTest', () => {
  const compile = (filter: unknown) => {
    const result = withFilter(filter);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    return parentFilterTest(result.source.resources[1].parentFilter);
  };

  it('one_of, equals and not_null on nested fields; every condition must hold', () => {
    const test = compile([
      { field: 'status', one_of: ['AWAITING_PICKUP', 'DISPATCHED_CLOSED'] },
      { field: 'customer.id', not_null: true },
      { field: 'flags[0]', equals: true },
    ]);
    expect(test({ status: 'AWAITING_PICKUP', customer: { id: 'c1' }, flags: [true] })).toBe(true);
    expect(test({ status: 'CLOSED', customer: { id: 'c1' }, flags: [true] })).toBe(false);
    expect(test({ status: 'AWAITING_PICKUP', customer: { id: null }, flags: [true] })).toBe(false);
    expect(test({ status: 'AWAITING_PICKUP', flags: [true] })).toBe(false);
    expect(test({ status: 'AWAITING_PICKUP', customer: { id: 'c1' }, flags: [false] })).toBe(false);
  });

  it('compares strictly, except that a bigint equals the digits or number configured', () => {
    expect(compile({ field: 'n', equals: 1 })({ n: '1' })).toBe(false);
    expect(compile({ field: 'n', equals: '9007199254740993' })({ n: 9007199254740993n })).toBe(true);
    expect(compile({ field: 'n', one_of: ['9007199254740993'] })({ n: 9007199254740993n })).toBe(true);
    expect(compile({ field: 'n', one_of: ['9007199254740993'] })({ n: 9007199254740992n })).toBe(false);
  });

  it('without a filter every parent is requested', () => {
    expect(parentFilterTest(undefined)({})).toBe(true);
  });
});
