import * as XLSX from '@e965/xlsx';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { EXPORT_FORMATS } from '@/lib/export';
import { exportTables } from './resource-tables';
import { ShapeCollector, type TablePlan } from './tables';
import { sourceOf } from './test-helpers';
import { XLSX_MIME, columnLetters, exportXlsx, sheetName, xmlText } from './xlsx';
import type { Row } from './types';

/** The workbook as SheetJS reads it: sheet name → rows of raw cell objects (type and value). */
async function read(blob: Blob) {
  const wb = XLSX.read(new Uint8Array(await blob.arrayBuffer()), { type: 'array', cellText: false, cellDates: false });
  return { wb, sheet: (name: string) => XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[name], { header: 1, raw: true, defval: null }) };
}

function cell(wb: XLSX.WorkBook, sheet: string, ref: string): XLSX.CellObject | undefined {
  return wb.Sheets[sheet][ref] as XLSX.CellObject | undefined;
}

const hard: Row[] = [
  { id: '00123', n: 5, big: 1582323235375263745n, phone: '+1 555 0100', vip: '+1 VIP', f: '=HYPERLINK("http://x","click me")', neg: -10.5, note: 'Line one\nLine two, "quoted" & <b>' },
  { id: '1582323235375263744', n: -0.25, big: null, phone: '@Risk', vip: '-1,234.56', f: '_x0041_ literal', neg: -1, note: 'Zoë 🌸 Crème brûlée\ttab\u0001ctl' },
];

describe('exportXlsx: text stays text, numbers are numbers', () => {
  it('writes strings as text cells exactly (leading zeros, 19 digits, formulas, phone numbers, controls, emoji)', async () => {
    const blob = await exportXlsx([{ name: 'customers', source: sourceOf(hard), primaryKey: ['id'] }]);
    expect(blob.type).toBe(XLSX_MIME);
    const { wb, sheet } = await read(blob);
    expect(wb.SheetNames).toEqual(['customers']);
    const rows = sheet('customers');
    expect(rows[0]).toEqual(['id', 'n', 'big', 'phone', 'vip', 'f', 'neg', 'note']);
    expect(rows[1]).toEqual(['00123', 5, '1582323235375263745', '+1 555 0100', '+1 VIP', '=HYPERLINK("http://x","click me")', -10.5, 'Line one\nLine two, "quoted" & <b>']);
    expect(rows[2]).toEqual(['1582323235375263744', -0.25, null, '@Risk', '-1,234.56', '_x0041_ literal', -1, 'Zoë 🌸 Crème brûlée\ttab\u0001ctl']);
    expect(cell(wb, 'customers', 'A2')).toMatchObject({ t: 's', v: '00123' });
    expect(cell(wb, 'customers', 'F2')?.f).toBeUndefined();
    expect(cell(wb, 'customers', 'B2')).toMatchObject({ t: 'n', v: 5 });
    expect(cell(wb, 'customers', 'C2')).toMatchObject({ t: 's', v: '1582323235375263745' });
  });

  it('writes booleans as booleans and leaves null cells empty', async () => {
    const { wb } = await read(await exportXlsx([{ name: 't', source: sourceOf([{ id: 'a', yes: true, no: false, none: null }]), primaryKey: ['id'] }]));
    expect(cell(wb, 't', 'B2')).toMatchObject({ t: 'b', v: true });
    expect(cell(wb, 't', 'C2')).toMatchObject({ t: 'b', v: false });
    expect(cell(wb, 't', 'D2')).toBeUndefined();
  });

  it('freezes and bolds the header and gives columns widths', async () => {
    const files = unzipSync(new Uint8Array(await (await exportXlsx([{ name: 't', source: sourceOf(hard), primaryKey: ['id'] }])).arrayBuffer()));
    const xml = new TextDecoder().decode(files['xl/worksheets/sheet1.xml']);
    expect(xml).toContain('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>');
    expect(xml).toMatch(/<row r="1"><c r="A1" t="inlineStr" s="1">/);
    expect(new TextDecoder().decode(files['xl/styles.xml'])).toContain('<font><b/>');
    expect(xml).toMatch(/<col min="8" max="8" width="\d+" customWidth="1"\/>/);
    const styled = XLSX.read(new Uint8Array(await (await exportXlsx([{ name: 't', source: sourceOf(hard), primaryKey: ['id'] }])).arrayBuffer()), { type: 'array', cellStyles: true });
    expect(styled.Sheets.t['!cols']?.map((c) => c.wch ?? c.width)).toHaveLength(8);
  });

  it('leaves soft-deleted rows out unless asked, and writes an empty table as its header', async () => {
    const rows = [{ id: '1' }, { id: '2', deleted_at: '2024-01-01' }];
    // As in CSV: a column only deleted rows have is left out with them.
    expect((await read(await exportXlsx([{ name: 't', source: sourceOf(rows), primaryKey: ['id'] }]))).sheet('t')).toEqual([['id'], ['1']]);
    expect((await read(await exportXlsx([{ name: 't', source: sourceOf(rows), primaryKey: ['id'] }], { includeDeleted: true }))).sheet('t')).toHaveLength(3);
    expect((await read(await exportXlsx([{ name: 'empty', source: sourceOf(), primaryKey: ['id'] }]))).sheet('empty')).toEqual([['id']]);
  });
});

describe('exportXlsx limits', () => {
  it('continues a table on further sheets, header repeated, when it has more rows than a sheet holds', async () => {
    const rows = Array.from({ length: 7 }, (_, i) => ({ id: String(i) }));
    const { wb, sheet } = await read(await exportXlsx([{ name: 'big', source: sourceOf(rows.slice(0, 4), rows.slice(4)), primaryKey: ['id'] }], { maxRowsPerSheet: 3 }));
    expect(wb.SheetNames).toEqual(['big', 'big (2)', 'big (3)', 'big (4)']);
    expect(wb.SheetNames.flatMap((n) => sheet(n).slice(1).map((r) => r[0]))).toEqual(rows.map((r) => r.id));
    expect(wb.SheetNames.every((n) => sheet(n)[0][0] === 'id')).toBe(true);
  });

  it('refuses a cell longer than Excel holds, naming the table and column', async () => {
    const table = { name: 'notes', source: sourceOf([{ id: '1', note: 'x'.repeat(32_768) }]), primaryKey: ['id'] };
    await expect(exportXlsx([table])).rejects.toThrow('notes: a value in column note has 32,768 characters; an Excel cell holds at most 32,767');
    const ok = { name: 'notes', source: sourceOf([{ id: '1', note: 'x'.repeat(32_767) }]), primaryKey: ['id'] };
    expect((await read(await exportXlsx([ok]))).sheet('notes')[1][1]).toHaveLength(32_767);
  });

  it('names sheets as Excel allows: 31 characters, no []:*?/\\, unique without regard to case', () => {
    const used = new Set<string>();
    expect(sheetName('sales__line_items__tax_components', used)).toBe('sales__line_items__tax_componen');
    expect(sheetName('sales__line_items__tax_components_x', used)).toBe('sales__line_items__tax_comp (2)');
    expect(sheetName("a/b:c*d?e[f]g\\h'", used)).toBe('a_b_c_d_e_f_g_h');
    expect(sheetName('History', used)).toBe('History_');
    expect(sheetName('A_B_C_D_E_F_G_H', used)).toBe('A_B_C_D_E_F_G_H (2)');
    expect([...used].every((n) => n.length <= 31)).toBe(true);
  });

  it('writes a carriage return as _x000D_ (an XML parser would turn a raw CR into LF)', async () => {
    const files = unzipSync(new Uint8Array(await (await exportXlsx([{ name: 't', source: sourceOf([{ a: 'x\r\ny' }]), primaryKey: [] }])).arrayBuffer()));
    expect(new TextDecoder().decode(files['xl/worksheets/sheet1.xml'])).toContain('<t>x_x000D_\ny</t>');
  });

  it('encodes what XML cannot carry and reads it back', () => {
    expect(xmlText('a\u0000b\rc_x0041_d&<>')).toBe('a_x0000_b_x000D_c_x005F_x0041_d&amp;&lt;&gt;');
    expect(columnLetters(0) + columnLetters(25) + columnLetters(26) + columnLetters(16_383)).toBe('AZAAXFD');
  });
});

describe('"Export all (Excel)": one workbook, a sheet per table with an index', () => {
  it('holds every table, child tables included, and maps sheet names to tables in the first sheet', async () => {
    const plan: TablePlan = { root: 'sales', primaryKey: ['id'] };
    const rows: Row[] = [{ id: 's1', total: 5, line_items: [{ sku: '00123', tax_components: [{ rate: 0.15 }] }] }];
    const shape = new ShapeCollector(plan);
    rows.forEach((r) => shape.add(r));
    const tables = exportTables(plan, shape.shapes(), sourceOf(rows));
    const { wb, sheet } = await read(await exportXlsx(tables, { index: true }));
    expect(wb.SheetNames).toEqual(['Tables', 'sales', 'sales__line_items', 'sales__line_items__tax_componen']);
    expect(sheet('Tables')).toEqual([
      ['sheet', 'table', 'rows', 'primary key', 'parent table', 'columns holding the parent key'],
      ['sales', 'sales', 1, 'id', null, null],
      ['sales__line_items', 'sales__line_items', 1, '_sales_id, _idx', 'sales', '_sales_id'],
      ['sales__line_items__tax_componen', 'sales__line_items__tax_components', 1, '_sales_id, _line_items_idx, _idx', 'sales__line_items', '_sales_id, _line_items_idx'],
    ]);
    expect(sheet('sales__line_items')).toEqual([['_sales_id', '_idx', 'sku'], ['s1', 0, '00123']]);
  });
});

describe('the Excel format in the registry', () => {
  it('is labelled Excel and downloads .xlsx', () => {
    const excel = EXPORT_FORMATS.find((f) => f.label === 'Excel')!;
    expect(excel.extension({ bom: true, includeDeleted: false, jsonFormat: 'json' })).toBe('xlsx');
  });
});
