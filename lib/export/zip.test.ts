import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ZIP_MIME, exportCsv, exportZip } from '@/lib/export';
import { sourceOf } from './test-helpers';

const date = new Date(2024, 6, 9, 15, 30);

/** A file's exact text, BOM included (TextDecoder drops it unless told not to). */
function strFromU8(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
}

async function unzipped(blob: Blob): Promise<Record<string, Uint8Array>> {
  return unzipSync(new Uint8Array(await blob.arrayBuffer()));
}

describe('exportZip', () => {
  const tables = () => [
    { name: 'sales', primaryKey: ['id'], source: sourceOf([{ id: 's1', total: 10, customer: { name: 'Zoë 🌸' } }], [{ id: 's2', total: -5, deleted_at: '2024-01-01' }]) },
    { name: 'sale_line_items', primaryKey: ['_sales_id', 'id'], source: sourceOf([{ id: 'l1', _sales_id: 's1', note: '=cmd' }]) },
    { name: 'outlets', primaryKey: ['id'], source: sourceOf() },
  ];

  it('holds one CSV per table, named by exportFileName, with the same bytes as a single CSV export', async () => {
    const blob = await exportZip(tables(), {}, date);
    expect(blob.type).toBe(ZIP_MIME);
    const files = await unzipped(blob);
    expect(Object.keys(files)).toEqual(['sales-2024-07-09.csv', 'sale_line_items-2024-07-09.csv', 'outlets-2024-07-09.csv']);
    for (const table of tables()) {
      const alone = new Uint8Array(await (await exportCsv(table.source, { primaryKey: table.primaryKey })).arrayBuffer());
      expect(files[`${table.name}-2024-07-09.csv`]).toEqual(alone);
    }
    expect(strFromU8(files['sales-2024-07-09.csv'])).toBe('\uFEFFid,total,customer.name\r\ns1,10,Zoë 🌸\r\n');
    expect(strFromU8(files['sale_line_items-2024-07-09.csv'])).toBe("\uFEFF_sales_id,id,note\r\ns1,l1,\"'=cmd\"\r\n");
    expect(strFromU8(files['outlets-2024-07-09.csv'])).toBe('\uFEFFid\r\n');
  });

  it('passes bom and includeDeleted to every CSV', async () => {
    const files = await unzipped(await exportZip(tables(), { bom: false, includeDeleted: true }, date));
    expect(strFromU8(files['sales-2024-07-09.csv'])).toBe('id,total,customer.name,deleted_at\r\ns1,10,Zoë 🌸,\r\ns2,-5,,2024-01-01\r\n');
    expect(strFromU8(files['outlets-2024-07-09.csv'])).toBe('id\r\n');
  });

  it('stamps the files with the export date', async () => {
    const blob = await exportZip([tables()[2]], {}, date);
    const bytes = new Uint8Array(await blob.arrayBuffer());
    // Local file header: DOS time at offset 10, DOS date at offset 12 (little-endian).
    const view = new DataView(bytes.buffer);
    const dosDate = view.getUint16(12, true);
    expect({ year: (dosDate >> 9) + 1980, month: (dosDate >> 5) & 0xf, day: dosDate & 0x1f }).toEqual({ year: 2024, month: 7, day: 9 });
  });

  it('compresses a large table and still unzips it whole', async () => {
    const batches = Array.from({ length: 20 }, (_, b) => Array.from({ length: 500 }, (_, i) => ({ id: String(b * 500 + i), name: 'same text every row' })));
    const blob = await exportZip([{ name: 'products', primaryKey: ['id'], source: sourceOf(...batches) }], {}, date);
    const csv = strFromU8((await unzipped(blob))['products-2024-07-09.csv']);
    expect(csv.split('\r\n')).toHaveLength(10_002); // header, 10,000 rows, final empty string
    expect(blob.size).toBeLessThan(csv.length / 3);
  });

  it('refuses two tables that would get the same file name', async () => {
    const twins = [
      { name: 'a/b', primaryKey: ['id'], source: sourceOf() },
      { name: 'a:b', primaryKey: ['id'], source: sourceOf() },
    ];
    await expect(exportZip(twins, {}, date)).rejects.toThrow('two tables would both be saved as a_b-2024-07-09.csv');
  });

  it('gives a valid empty archive for no tables', async () => {
    expect(await unzipped(await exportZip([], {}, date))).toEqual({});
  });

  it('reads each table twice and in the order given', async () => {
    const list = tables();
    await exportZip(list, {}, date);
    expect(list.map((t) => t.source.passes)).toEqual([2, 2, 2]);
  });
});
