/**
 * Excel workbooks (.xlsx, ECMA-376 SpreadsheetML) written as a stream: each batch of rows becomes
 * sheet XML, is deflated by fflate's streaming `Zip` (the library the ZIP export uses) and only
 * the compressed bytes are kept, so a table is never held whole. The XLSX libraries measured for
 * this (exceljs, SheetJS, write-excel-file, excelts; README "Excel") either hold the whole sheet
 * in memory (350 MB – 1.4 GB of heap for the bench's 50k sales) or stream only in Node, or were
 * 3× slower; a sheet needs only a few XML parts, so they are written here.
 *
 * What a bookkeeper gets:
 * - Text stays text: every string is an inline string cell, so `00123`, a 19-digit id, `+1 VIP`
 *   or `=HYPERLINK(…)` open as typed, never as a number or a formula, with no apostrophe.
 * - Numbers the API sent as numbers are number cells; booleans are boolean cells; integers beyond
 *   2^53 (kept as bigint) are text, digit for digit.
 * - The header row is bold and frozen; column widths follow the header and the first rows.
 * - A table with more rows than a sheet holds (1,048,576 including the header) continues on
 *   further sheets, `sales (2)`, `sales (3)`, each with the header. A cell longer than Excel's
 *   32,767 characters, or more than 16,384 columns, is refused with a message naming the table.
 */
import { Zip, ZipDeflate } from 'fflate';
import { headerColumns, recordsOf } from './csv';
import type { ExportFormat, ExportTable } from './format';
import { liveBatches } from './live-rows';
import type { FlatValue } from './types';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Rows per sheet, the header included (Excel's limit). */
export const EXCEL_MAX_ROWS = 1_048_576;
export const EXCEL_MAX_COLUMNS = 16_384;
export const EXCEL_MAX_CELL_CHARS = 32_767;
const SHEET_NAME_MAX = 31;

export interface XlsxOptions {
  includeDeleted?: boolean;
  /** Start the workbook with a "Tables" sheet naming each sheet's table, rows, keys and parent. */
  index?: boolean;
  /** Rows per sheet including the header; only tests lower it. */
  maxRowsPerSheet?: number;
}

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** Excel's column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnLetters(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/**
 * Text as SpreadsheetML string content: XML-escaped, and characters XML 1.0 cannot carry (control
 * characters, CR which XML parsers turn into LF, lone surrogates) written as `_xHHHH_` (ECMA-376
 * Part 1, §22.9.2.19 ST_Xstring); a literal `_xHHHH_` in the text gets its `_` escaped so it
 * reads back unchanged.
 */
export function xmlText(text: string): string {
  let out = '';
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let rep: string | null = null;
    if (c === 0x26) rep = '&amp;';
    else if (c === 0x3c) rep = '&lt;';
    else if (c === 0x3e) rep = '&gt;';
    else if ((c < 0x20 && c !== 0x09 && c !== 0x0a) || c === 0xfffe || c === 0xffff) rep = `_x${c.toString(16).toUpperCase().padStart(4, '0')}_`;
    else if (c === 0x5f && /^_x[0-9A-Fa-f]{4}_/.test(text.slice(i, i + 7))) rep = '_x005F_';
    else if (c >= 0xd800 && c <= 0xdfff) {
      const pair = c <= 0xdbff && i + 1 < text.length && text.charCodeAt(i + 1) >= 0xdc00 && text.charCodeAt(i + 1) <= 0xdfff;
      if (pair) {
        i++;
        continue;
      }
      rep = `_x${c.toString(16).toUpperCase()}_`;
    }
    if (rep !== null) {
      out += text.slice(last, i) + rep;
      last = i + 1;
    }
  }
  return last === 0 ? text : out + text.slice(last);
}

function attr(text: string): string {
  return xmlText(text).replace(/"/g, '&quot;');
}

/**
 * A sheet name Excel accepts for `wanted`: none of `: \ / ? * [ ]`, no `'` at either end, at
 * most 31 characters, not "History", unique without regard to case among `used` (which it joins).
 */
export function sheetName(wanted: string, used: Set<string>): string {
  let base = wanted.replace(/[:\\/?*[\]\u0000-\u001f]/g, '_').replace(/^'+|'+$/g, '');
  if (base === '' || base.toLowerCase() === 'history') base = `${base}_`;
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? '' : ` (${n})`;
    const name = base.slice(0, SHEET_NAME_MAX - suffix.length) + suffix;
    if (!used.has(name.toLowerCase())) {
      used.add(name.toLowerCase());
      return name;
    }
  }
}

function cellXml(ref: string, value: FlatValue, table: string, column: string): string {
  if (value === null) return '';
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return `<c r="${ref}"><v>${value}</v></c>`;
    value = String(value);
  } else if (typeof value === 'boolean') {
    return `<c r="${ref}" t="b"><v>${value ? 1 : 0}</v></c>`;
  }
  if (value.length > EXCEL_MAX_CELL_CHARS) {
    throw new Error(
      `${table}: a value in column ${column} has ${value.length.toLocaleString('en-US')} characters; an Excel cell holds at most ${EXCEL_MAX_CELL_CHARS.toLocaleString('en-US')}. Export ${table} as CSV or JSON instead.`,
    );
  }
  const space = /^\s|\s$/.test(value) ? ' xml:space="preserve"' : '';
  return `<c r="${ref}" t="inlineStr"><is><t${space}>${xmlText(value)}</t></is></c>`;
}

/** Column widths in characters from the header and sample rows: at least 6, at most 60. */
function widths(columns: readonly string[], sample: readonly FlatValue[][]): number[] {
  return columns.map((column, i) => {
    let width = column.length + 2;
    for (const row of sample) {
      const v = row[i];
      if (v === null) continue;
      const text = typeof v === 'string' ? (v.split('\n', 1)[0] ?? '') : String(v);
      width = Math.max(width, text.length + 1);
    }
    return Math.min(60, Math.max(6, width));
  });
}

interface SheetEntry {
  name: string;
  table: string;
  rows: number;
  /** 1-based part number: xl/worksheets/sheet<n>.xml */
  part: number;
}

/** A workbook being written: sheets are added one after the other; `finish` writes the parts that list them. */
class WorkbookStream {
  private readonly output: Uint8Array[] = [];
  private readonly zip: Zip;
  private error: Error | null = null;
  private readonly encoder = new TextEncoder();
  readonly sheets: SheetEntry[] = [];
  readonly usedNames = new Set<string>();

  constructor() {
    // ZipDeflate is synchronous: the callback runs inside push(), so a failure is seen right after the call.
    this.zip = new Zip((err, chunk) => {
      if (err) this.error ??= err;
      else this.output.push(chunk);
    });
  }

  private check(): void {
    if (this.error) throw this.error;
  }

  file(path: string): { push(text: string): void; end(): void } {
    const file = new ZipDeflate(path, { level: 1 });
    this.zip.add(file);
    return {
      push: (text) => {
        file.push(this.encoder.encode(text));
        this.check();
      },
      end: () => {
        file.push(new Uint8Array(0), true);
        this.check();
      },
    };
  }

  private parts = 0;

  /** Starts a sheet; the caller pushes rows and ends it. */
  sheet(name: string, table: string, columns: readonly string[], sample: readonly FlatValue[][]) {
    const part = ++this.parts;
    const entry: SheetEntry = { name, table, rows: 0, part };
    this.sheets.push(entry);
    const file = this.file(`xl/worksheets/sheet${part}.xml`);
    const refs = columns.map((_, i) => columnLetters(i));
    const cols = widths(columns, sample)
      .map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`)
      .join('');
    const header = columns.map((c, i) => `<c r="${refs[i]}1" t="inlineStr" s="1"><is><t>${xmlText(c)}</t></is></c>`).join('');
    file.push(
      `${XML_HEAD}<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_REL}">` +
        '<sheetViews><sheetView workbookViewId="0"' +
        (columns.length ? '><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView>' : '/>') +
        '</sheetViews><sheetFormatPr defaultRowHeight="15"/>' +
        (cols ? `<cols>${cols}</cols>` : '') +
        `<sheetData>${columns.length ? `<row r="1">${header}</row>` : ''}`,
    );
    let rowNumber = 1;
    return {
      /** Writes rows; `table` and `columns` name what a refused cell belongs to. */
      push: (rows: readonly FlatValue[][]) => {
        let xml = '';
        for (const row of rows) {
          rowNumber++;
          xml += `<row r="${rowNumber}">`;
          for (let i = 0; i < row.length; i++) xml += cellXml(refs[i] + rowNumber, row[i], table, columns[i]);
          xml += '</row>';
        }
        entry.rows += rows.length;
        file.push(xml);
      },
      end: () => {
        file.push('</sheetData></worksheet>');
        file.end();
      },
    };
  }

  finish(): Blob {
    const sheetList = this.sheets.map((s) => `<sheet name="${attr(s.name)}" sheetId="${s.part}" r:id="rId${s.part}"/>`).join('');
    const parts: [string, string][] = [
      ['xl/workbook.xml', `${XML_HEAD}<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_REL}"><bookViews><workbookView/></bookViews><sheets>${sheetList}</sheets></workbook>`],
      [
        'xl/_rels/workbook.xml.rels',
        `${XML_HEAD}<Relationships xmlns="${NS_PKG_REL}">` +
          this.sheets.map((s) => `<Relationship Id="rId${s.part}" Type="${NS_REL}/worksheet" Target="worksheets/sheet${s.part}.xml"/>`).join('') +
          `<Relationship Id="rId${this.sheets.length + 1}" Type="${NS_REL}/styles" Target="styles.xml"/></Relationships>`,
      ],
      [
        'xl/styles.xml',
        `${XML_HEAD}<styleSheet xmlns="${NS_MAIN}">` +
          '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>' +
          '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
          '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
          '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
          '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>' +
          '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>',
      ],
      [
        '_rels/.rels',
        `${XML_HEAD}<Relationships xmlns="${NS_PKG_REL}"><Relationship Id="rId1" Type="${NS_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
      ],
      [
        '[Content_Types].xml',
        `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
          '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
          this.sheets.map((s) => `<Override PartName="/xl/worksheets/sheet${s.part}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('') +
          '</Types>',
      ],
    ];
    for (const [path, xml] of parts) {
      const file = this.file(path);
      file.push(xml);
      file.end();
    }
    this.zip.end();
    this.check();
    return new Blob(this.output as BlobPart[], { type: XLSX_MIME });
  }
}

/** What the index sheet says about one table. */
interface TableSummary {
  table: string;
  sheets: string[];
  rows: number;
  primaryKey: string[];
  parent?: ExportTable['parent'];
}

/** Writes one table as one sheet, or as several when it has more rows than a sheet holds. */
async function writeTable(book: WorkbookStream, table: ExportTable, opts: XlsxOptions): Promise<TableSummary> {
  const maxRows = opts.maxRowsPerSheet ?? EXCEL_MAX_ROWS;
  const columns = await headerColumns(table.source, { ...table, includeDeleted: opts.includeDeleted });
  if (columns.length > EXCEL_MAX_COLUMNS) {
    throw new Error(`${table.name}: ${columns.length.toLocaleString('en-US')} columns; an Excel sheet holds at most ${EXCEL_MAX_COLUMNS.toLocaleString('en-US')}. Export ${table.name} as CSV or JSON instead.`);
  }
  const records = recordsOf(table);
  const summary: TableSummary = { table: table.name, sheets: [], rows: 0, primaryKey: table.primaryKey, parent: table.parent };
  type Sheet = ReturnType<WorkbookStream['sheet']>;
  const current: { sheet: Sheet | null; rows: number } = { sheet: null, rows: 0 };
  const open = (sample: FlatValue[][]): Sheet => {
    current.sheet?.end();
    const name = sheetName(table.name, book.usedNames);
    summary.sheets.push(name);
    current.sheet = book.sheet(name, table.name, columns, sample);
    current.rows = 1;
    return current.sheet;
  };
  for await (const batch of liveBatches(table.source, opts.includeDeleted ?? false)) {
    const rows: FlatValue[][] = [];
    for (const row of batch) for (const flat of records(row)) rows.push(columns.map((c) => flat[c] ?? null));
    let start = 0;
    while (start < rows.length) {
      const sheet = current.sheet && current.rows < maxRows ? current.sheet : open(rows.slice(start, start + 500));
      const take = Math.min(rows.length - start, maxRows - current.rows);
      sheet.push(rows.slice(start, start + take));
      current.rows += take;
      summary.rows += take;
      start += take;
    }
  }
  (current.sheet ?? open([])).end();
  return summary;
}

function writeIndex(book: WorkbookStream, name: string, summaries: readonly TableSummary[]): void {
  const columns = ['sheet', 'table', 'rows', 'primary key', 'parent table', 'columns holding the parent key'];
  const rows: FlatValue[][] = summaries.flatMap((s) =>
    s.sheets.map((sheet) => [sheet, s.table, s.rows, s.primaryKey.join(', '), s.parent?.table ?? null, s.parent ? s.parent.columns.join(', ') : null]),
  );
  const sheet = book.sheet(name, name, columns, rows);
  sheet.push(rows);
  sheet.end();
}

/**
 * Tables as one workbook, a sheet per table in the order given (more for a table beyond a sheet's
 * rows). With `index`, the first sheet, "Tables", maps every sheet name to its table: names are
 * shortened to Excel's 31 characters (`sales__line_items__tax_comp…` loses its end).
 */
export async function exportXlsx(tables: readonly ExportTable[], opts: XlsxOptions = {}): Promise<Blob> {
  const book = new WorkbookStream();
  // The name is taken first so no table gets it; the sheet is written last, when its rows are known.
  const indexName = opts.index ? sheetName('Tables', book.usedNames) : null;
  const summaries: TableSummary[] = [];
  for (const table of tables) summaries.push(await writeTable(book, table, opts));
  if (indexName !== null) {
    writeIndex(book, indexName, summaries);
    // Listed first in the workbook, whatever part it was written to.
    book.sheets.unshift(book.sheets.pop()!);
  }
  return book.finish();
}

export const xlsxFormat: ExportFormat = {
  label: 'Excel',
  title: (table) => `Export ${table} as an Excel workbook (.xlsx): text stays text, numbers are numbers`,
  extension: () => 'xlsx',
  build: (table, choices) => exportXlsx([table], { includeDeleted: choices.includeDeleted }),
};
