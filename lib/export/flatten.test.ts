import { describe, expect, it } from 'vitest';
import { flattenRow } from '@/lib/export';

describe('flattenRow', () => {
  it('turns nested objects into dotted columns at any depth', () => {
    expect(flattenRow({ id: 'a', customer: { first_name: 'Zoë', address: { city: 'Köln' } } })).toEqual({
      id: 'a',
      'customer.first_name': 'Zoë',
      'customer.address.city': 'Köln',
    });
  });

  it('keeps arrays whole as JSON text in one cell', () => {
    expect(flattenRow({ line_items: [{ id: 'a', qty: 2 }], tags: [] })).toEqual({
      line_items: '[{"id":"a","qty":2}]',
      tags: '[]',
    });
  });

  it('keeps numbers, booleans and numeric-string ids as they are and maps undefined to null', () => {
    expect(flattenRow({ id: '1234567890123456789', price: -5.5, active: false, note: null, gone: undefined })).toEqual({
      id: '1234567890123456789',
      price: -5.5,
      active: false,
      note: null,
      gone: null,
    });
  });

  it('gives an empty nested object one empty column instead of dropping it', () => {
    expect(flattenRow({ id: 'a', attributes: {} })).toEqual({ id: 'a', attributes: null });
  });

  it('does not change the row it is given', () => {
    const row = { id: 'a', customer: { name: 'x' } };
    flattenRow(row);
    expect(row).toEqual({ id: 'a', customer: { name: 'x' } });
  });
});
