import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { CSV_MIME, exportCsv } from '@/lib/export';
import { blobText, sourceOf } from './test-helpers';

const BOM = '\uFEFF';

/** The CSV as rows of cells, header first; the BOM must be there and is removed. */
async function parsedCsv(blob: Blob): Promise<string[][]> {
  const text = await blobText(blob);
  expect(text.startsWith(BOM)).toBe(true);
  const parsed = Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

describe('exportCsv header', () => {
  it('puts primary key columns first in key order, then columns in first-seen order across all batches', async () => {
    const source = sourceOf(
      [{ name: 'a', register_id: 'r1', id: '1' }],
      [{ id: '2', register_id: 'r1', note: 'late column', name: 'b' }],
    );
    const rows = await parsedCsv(await exportCsv(source, { primaryKey: ['register_id', 'id'] }));
    expect(rows).toEqual([
      ['register_id', 'id', 'name', 'note'],
      ['r1', '1', 'a', ''],
      ['r1', '2', 'b', 'late column'],
    ]);
  });

  it('reads the source twice (columns, then rows) and writes lines with CRLF', async () => {
    const source = sourceOf([{ id: '1', v: 'x' }], [{ id: '2', v: 'y' }]);
    const text = await blobText(await exportCsv(source, { primaryKey: ['id'] }));
    expect(source.passes).toBe(2);
    expect(text).toBe(`${BOM}id,v\r\n1,x\r\n2,y\r\n`);
  });

  it('flattens nested objects to dotted columns and writes arrays as JSON in one cell', async () => {
    const source = sourceOf([
      { id: 's1', customer: { first_name: 'Ana', last_name: 'Lee' }, line_items: [{ id: 'a' }, { id: 'b' }] },
      { id: 's2', customer: null, line_items: [] },
    ]);
    const rows = await parsedCsv(await exportCsv(source, { primaryKey: ['id'] }));
    expect(rows).toEqual([
      ['id', 'customer.first_name', 'customer.last_name', 'line_items', 'customer'],
      ['s1', 'Ana', 'Lee', '[{"id":"a"},{"id":"b"}]', ''],
      ['s2', '', '', '[]', ''],
    ]);
  });

  it('writes null and undefined as empty cells and booleans as true/false', async () => {
    const text = await blobText(await exportCsv(sourceOf([{ id: '1', a: null, b: undefined, c: true, d: false }]), { primaryKey: ['id'] }));
    expect(text).toBe(`${BOM}id,a,b,c,d\r\n1,,,true,false\r\n`);
  });

  it('keeps cells aligned for a row that has none of the columns', async () => {
    const text = await blobText(await exportCsv(sourceOf([{ id: '1', v: 'x' }, {}]), { primaryKey: ['id'] }));
    expect(text).toBe(`${BOM}id,v\r\n1,x\r\n,\r\n`);
  });
});

describe('exportCsv encoding', () => {
  it('starts with the UTF-8 BOM bytes EF BB BF by default and has the CSV media type', async () => {
    const blob = await exportCsv(sourceOf([{ id: '1' }]), { primaryKey: ['id'] });
    expect(blob.type).toBe(CSV_MIME);
    expect([...new Uint8Array(await blob.arrayBuffer()).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('leaves the BOM out when bom is false', async () => {
    const blob = await exportCsv(sourceOf([{ id: '1' }]), { primaryKey: ['id'], bom: false });
    expect([...new Uint8Array(await blob.arrayBuffer()).slice(0, 3)]).toEqual([...new TextEncoder().encode('id\r')]);
  });

  it('round-trips accents, emoji, quotes, commas and line breaks through Papa.parse', async () => {
    const tricky = ['Crème brûlée', 'Ñandú 🦙', '👩🏽‍🍳 chef', 'say "hi", then', 'two\nlines', '  padded  ', '日本語'];
    const source = sourceOf(tricky.map((name, i) => ({ id: String(i), name })));
    const rows = await parsedCsv(await exportCsv(source, { primaryKey: ['id'] }));
    expect(rows.slice(1).map((row) => row[1])).toEqual(tricky);
  });
});

describe('exportCsv formula escaping', () => {
  const cases: [label: string, value: unknown, cell: string][] = [
    ['= formula', '=1+2', "'=1+2"],
    ['+ formula', '+SUM(A1:A9)', "'+SUM(A1:A9)"],
    ['- command', '-cmd|/C calc', "'-cmd|/C calc"],
    ['- expression that starts like a number', '-1+2', "'-1+2"],
    ['@ function', '@x', "'@x"],
    ['leading tab', '\t=1', "'\t=1"],
    ['leading carriage return', '\r=1', "'\r=1"],
    ['negative JS number', -5, '-5'],
    ['negative JS decimal', -10.5, '-10.5'],
    ['negative decimal string (consignment count)', '-10.00000', '-10.00000'],
    ['signed integer string', '+5', '+5'],
    ['exponent string', '-1.5e3', '-1.5e3'],
    ['formula character later in the text', 'a=b', 'a=b'],
    ['plain text', 'hello', 'hello'],
    // Issue 9, kind 10: digits, spaces and number punctuation cannot call a function or link.
    ['grouped negative number', '-1,234.56', '-1,234.56'],
    ['phone number', '+1 555 0100', '+1 555 0100'],
    ['phone number with brackets and dashes', '+1 (555) 010-0100', '+1 (555) 010-0100'],
    ['phone number with dashes', '+64-9-555-0100', '+64-9-555-0100'],
    ['Swiss grouping', "-1'234.50", "-1'234.50"],
    ['percentage', '-5%', '-5%'],
    ['plus then a letter', '+1 VIP', "'+1 VIP"],
    ['plus then a cell reference', '+A1', "'+A1"],
    ['minus then an operator', '-1+cmd', "'-1+cmd"],
    // A sign with nothing but spaces or number punctuation after it ("none" in many shops' data).
    ['lone minus', '-', '-'],
    ['lone plus', '+', '+'],
    ['double minus', '--', '--'],
    ['sign then a space', '- ', '- '],
    ['minus then a letter', '-a', "'-a"],
    ['plus then a quote', '+"', "'+\""],
    ['full-width lone minus', '－', "'－"],
    ['equals then a number', '=1', "'=1"],
    ['at then a number', '@1', "'@1"],
    ['full-width equals', '＝1+2', "'＝1+2"],
  ];

  it.each(cases)('%s: %j is written as %j', async (_label, value, cell) => {
    const rows = await parsedCsv(await exportCsv(sourceOf([{ id: '1', v: value }]), { primaryKey: ['id'] }));
    expect(rows[1][1]).toBe(cell);
  });

  it('escapes a header name that looks like a formula too', async () => {
    const rows = await parsedCsv(await exportCsv(sourceOf([{ id: '1', '=HYPERLINK("x")': 'y' }]), { primaryKey: ['id'] }));
    expect(rows[0]).toEqual(['id', `'=HYPERLINK("x")`]);
  });
});

describe('exportCsv column collisions (issue 9, kind 9)', () => {
  it('keeps a dotted key and a nested object of the same path as two columns', async () => {
    const rows = await parsedCsv(await exportCsv(sourceOf([{ id: 'p1', 'custom.size': 'M', custom: { size: 'L' } }]), { primaryKey: ['id'] }));
    expect(rows).toEqual([
      ['id', "['custom.size']", 'custom.size'],
      ['p1', 'M', 'L'],
    ]);
  });

  it('keeps them apart across rows too, whichever comes first', async () => {
    const rows = await parsedCsv(await exportCsv(sourceOf([{ id: '1', custom: { size: 'L' } }], [{ id: '2', 'custom.size': 'M' }]), { primaryKey: ['id'] }));
    expect(rows).toEqual([
      ['id', 'custom.size', "['custom.size']"],
      ['1', 'L', ''],
      ['2', '', 'M'],
    ]);
  });
});

describe('exportCsv deleted rows and empty tables', () => {
  const source = () =>
    sourceOf([
      { id: '1', deleted_at: null },
      { id: '2', deleted_at: '2024-03-01T10:00:00+00:00', only_on_deleted: 'x' },
      { id: '3', deleted_at: '' },
      { id: '4' },
    ]);

  it('leaves soft-deleted rows and their columns out by default', async () => {
    const rows = await parsedCsv(await exportCsv(source(), { primaryKey: ['id'] }));
    expect(rows).toEqual([['id', 'deleted_at'], ['1', ''], ['3', ''], ['4', '']]);
  });

  it('keeps soft-deleted rows with includeDeleted', async () => {
    const rows = await parsedCsv(await exportCsv(source(), { primaryKey: ['id'], includeDeleted: true }));
    expect(rows.map((row) => row[0])).toEqual(['id', '1', '2', '3', '4']);
    expect(rows[0]).toEqual(['id', 'deleted_at', 'only_on_deleted']);
  });

  it('writes the BOM and the primary key header line for an empty table', async () => {
    const text = await blobText(await exportCsv(sourceOf([], []), { primaryKey: ['sale_id', 'id'] }));
    expect(text).toBe(`${BOM}sale_id,id\r\n`);
  });

  it('treats a table whose rows are all deleted as empty', async () => {
    const text = await blobText(await exportCsv(sourceOf([{ id: '1', name: 'x', deleted_at: '2024-01-01' }]), { primaryKey: ['id'] }));
    expect(text).toBe(`${BOM}id\r\n`);
  });

  it('writes nothing but the BOM when there is neither a key nor a row', async () => {
    expect(await blobText(await exportCsv(sourceOf(), { primaryKey: [] }))).toBe(BOM);
  });
});

describe('exportCsv volume', () => {
  it('writes every row of many batches in order', async () => {
    const batches = Array.from({ length: 50 }, (_, b) =>
      Array.from({ length: 200 }, (_, i) => ({ id: String(b * 200 + i), name: `row ${b * 200 + i}`, nested: { n: b * 200 + i } })),
    );
    const rows = await parsedCsv(await exportCsv(sourceOf(...batches), { primaryKey: ['id'] }));
    expect(rows).toHaveLength(10_001);
    expect(rows[0]).toEqual(['id', 'name', 'nested.n']);
    expect(rows[10_000]).toEqual(['9999', 'row 9999', '9999']);
    expect(rows.slice(1).every((row, i) => row[0] === String(i))).toBe(true);
  });
});

describe('exportCsv with the columns the sync recorded', () => {
  it('reads the table once and writes the same file as the two-pass export', async () => {
    const { collectColumns } = await import('./flatten');
    const rows = [
      { id: 'b', customer: { first_name: 'Zoë', tags: ['x'] }, total: 5 },
      { id: 'a', note: '=1+1', customer: { first_name: 'Ana' }, extra: { deep: { x: 1 } } },
    ];
    const seen = new Set<string>();
    for (const row of rows) collectColumns(row, seen);
    let passes = 0;
    const source = () => ({
      async *[Symbol.asyncIterator]() {
        passes++;
        yield rows;
      },
    });
    const twoPass = await exportCsv(source, { primaryKey: ['id'] });
    expect(passes).toBe(2);
    passes = 0;
    const onePass = await exportCsv(source, { primaryKey: ['id'], columns: [...seen] });
    expect(passes).toBe(1);
    expect(await onePass.text()).toBe(await twoPass.text());
  });
});
