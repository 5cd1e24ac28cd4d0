import { describe, expect, it } from 'vitest';
import { JSON_MIME, NDJSON_MIME, exportJson } from '@/lib/export';
import { blobText, sourceOf } from './test-helpers';

const sale = {
  id: '0242ac12-0002-11e9-e8c4-659494e33153',
  _register_id: '0af7b240-ab83-11e7-eddc-6b3c5f1e4d4e',
  customer: { id: '1234567890123456789', first_name: 'Zoë 🌸' },
  line_items: [{ product_id: '9223372036854775807', quantity: -1, price: '-10.00000' }],
  total_price: 12.5,
  note: null,
  deleted_at: null,
};

describe('exportJson', () => {
  it('writes an array that parses back to exactly the stored rows, big string ids included', async () => {
    const rows = [sale, { ...sale, id: '9999999999999999999' }];
    const blob = await exportJson(sourceOf([rows[0]], [rows[1]]));
    expect(blob.type).toBe(JSON_MIME);
    const text = await blobText(blob);
    expect(JSON.parse(text)).toEqual(rows);
    expect(text).toContain('"id":"9999999999999999999"');
  });

  it('puts one compact row per line between the brackets', async () => {
    const text = await blobText(await exportJson(sourceOf([{ id: 'a' }, { id: 'b' }], [{ id: 'c' }])));
    expect(text).toBe('[\n{"id":"a"},\n{"id":"b"},\n{"id":"c"}\n]\n');
  });

  it('writes an empty table as an empty array', async () => {
    const text = await blobText(await exportJson(sourceOf([], [])));
    expect(text).toBe('[]\n');
    expect(JSON.parse(text)).toEqual([]);
  });

  it('writes NDJSON as one object per line', async () => {
    const blob = await exportJson(sourceOf([{ id: 'a', n: { x: 1 } }], [], [{ id: 'b' }]), { format: 'ndjson' });
    expect(blob.type).toBe(NDJSON_MIME);
    const text = await blobText(blob);
    expect(text).toBe('{"id":"a","n":{"x":1}}\n{"id":"b"}\n');
    expect(text.trimEnd().split('\n').map((line) => JSON.parse(line))).toEqual([{ id: 'a', n: { x: 1 } }, { id: 'b' }]);
  });

  it('writes an empty NDJSON file for an empty table', async () => {
    expect(await blobText(await exportJson(sourceOf([]), { format: 'ndjson' }))).toBe('');
  });

  it('leaves soft-deleted rows out by default and keeps them with includeDeleted', async () => {
    const rows = [{ id: 'a', deleted_at: null }, { id: 'b', deleted_at: '2024-02-02T00:00:00Z' }, { id: 'c' }];
    expect(JSON.parse(await blobText(await exportJson(sourceOf(rows))))).toEqual([rows[0], rows[2]]);
    expect(JSON.parse(await blobText(await exportJson(sourceOf(rows), { includeDeleted: true })))).toEqual(rows);
    const ndjson = await blobText(await exportJson(sourceOf(rows), { format: 'ndjson' }));
    expect(ndjson).toBe('{"id":"a","deleted_at":null}\n{"id":"c"}\n');
  });

  it('keeps the array valid when the first batch is all deleted rows', async () => {
    const text = await blobText(await exportJson(sourceOf([{ id: 'x', deleted_at: 'y' }], [{ id: 'a' }])));
    expect(JSON.parse(text)).toEqual([{ id: 'a' }]);
  });

  it('reads the source once', async () => {
    const source = sourceOf([{ id: 'a' }]);
    await exportJson(source);
    expect(source.passes).toBe(1);
  });
});
