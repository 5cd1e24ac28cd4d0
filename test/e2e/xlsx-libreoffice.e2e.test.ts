/**
 * The Excel export opened by a real spreadsheet: the demo store's tables that carry the hard
 * cases (accents, emoji, =HYPERLINK(…), +1 VIP, leading zeros, 19-digit ids, negative numbers,
 * multi-line notes) and their child tables are written as one workbook, LibreOffice
 * (`soffice --headless`) converts every sheet to CSV, and every cell must equal the source value:
 * text character for character, numbers as the same number, booleans as TRUE/FALSE.
 *
 * Needs LibreOffice Calc (`apt-get install -y libreoffice-calc`; CI's .ci/run installs it) and,
 * like the browser tests, the machine lock (`flock /tmp/browser.lock npm test`).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, describe, expect, it } from 'vitest';
import { exportTables, exportXlsx, ShapeCollector, type ExportTable, type FlatValue } from '@/lib/export';
import { isSoftDeleted } from '@/lib/export/live-rows';
import { sourceOf } from '@/lib/export/test-helpers';
import { buildDataset, resolveSizes } from '../server/dataset';

const SOFFICE = process.env.SOFFICE_PATH || '/usr/bin/soffice';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rx-libreoffice-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const { seed } = buildDataset(resolveSizes('default'));
const resources = { customers: seed.tables.customers, products: seed.tables.products, quotes: seed.tables.quotes, sales: seed.tables.sales } as const;

function tablesOf(name: string, rows: Record<string, unknown>[]): ExportTable[] {
  const plan = { root: name, primaryKey: ['id'] };
  const shape = new ShapeCollector(plan);
  rows.forEach((r) => shape.add(r));
  return exportTables(plan, shape.shapes(), sourceOf(rows));
}

/** LibreOffice's CSV of a cell holding `value`, as the source says it should read. */
function matches(cell: string, value: FlatValue): boolean {
  if (value === null) return cell === '';
  if (typeof value === 'number') return cell !== '' && Number(cell) === value;
  if (typeof value === 'boolean') return cell === (value ? 'TRUE' : 'FALSE');
  return cell === value;
}

describe('Excel workbook round trip through LibreOffice', () => {
  it('every cell of every sheet equals the source value', async () => {
    if (!fs.existsSync(SOFFICE)) throw new Error(`LibreOffice not found at ${SOFFICE}: apt-get install -y libreoffice-calc (or set SOFFICE_PATH)`);
    const tables = Object.entries(resources).flatMap(([name, rows]) => tablesOf(name, rows));
    const workbook = path.join(dir, 'demo.xlsx');
    fs.writeFileSync(workbook, new Uint8Array(await (await exportXlsx(tables, { index: true })).arrayBuffer()));

    // 44,34,76: comma, double quote, UTF-8; "save as shown" off (raw values); -1: every sheet to <name>-<sheet>.csv.
    execFileSync(
      SOFFICE,
      [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1', '--outdir', dir, workbook],
      { stdio: 'pipe', timeout: 120_000 },
    );
    const sheetCsv = (sheet: string) => {
      const file = path.join(dir, `demo-${sheet}.csv`);
      expect(fs.existsSync(file), `${file} written by LibreOffice`).toBe(true);
      const parsed = Papa.parse<string[]>(fs.readFileSync(file, 'utf8'), { skipEmptyLines: false });
      return parsed.data.filter((row, i, all) => !(i === all.length - 1 && row.length === 1 && row[0] === ''));
    };

    const index = sheetCsv('Tables');
    expect(index[0]).toEqual(['sheet', 'table', 'rows', 'primary key', 'parent table', 'columns holding the parent key']);
    const sheetOf = new Map(index.slice(1).map((row) => [row[1], row[0]]));
    const hard = { accents: 0, emoji: 0, formula: 0, vip: 0, zeros: 0, longIds: 0, negative: 0, multiline: 0 };
    let cells = 0;
    for (const table of tables) {
      const sheet = sheetOf.get(table.name)!;
      expect(sheet, `${table.name} has a sheet`).toBeDefined();
      const got = sheetCsv(sheet);
      const want = (await collect(table)).map((r) => table.columns!.map((c) => r[c] ?? null));
      expect(got[0], `${table.name} header`).toEqual(table.columns);
      expect(got.length - 1, `${table.name} rows`).toBe(want.length);
      want.forEach((row, i) =>
        row.forEach((value, j) => {
          cells++;
          const cell = got[i + 1][j];
          if (!matches(cell, value)) expect(cell, `${table.name} row ${i + 1} column ${table.columns![j]}`).toBe(value === null ? '' : String(value));
          if (typeof value === 'string') {
            if (/[À-ÿ]/.test(value)) hard.accents++;
            if (/\p{Extended_Pictographic}/u.test(value)) hard.emoji++;
            if (value.startsWith('=HYPERLINK(')) hard.formula++;
            if (value === '+1 VIP') hard.vip++;
            if (/^0\d/.test(value)) hard.zeros++;
            if (/^\d{19}$/.test(value)) hard.longIds++;
            if (value.includes('\n')) hard.multiline++;
          }
          if (typeof value === 'number' && value < 0) hard.negative++;
        }),
      );
    }
    expect(cells).toBeGreaterThan(10_000);
    for (const [kind, n] of Object.entries(hard)) expect(n, `the tables hold ${kind}`).toBeGreaterThan(0);
  });
});

async function collect(table: ExportTable): Promise<Record<string, FlatValue>[]> {
  const out: Record<string, FlatValue>[] = [];
  for await (const batch of table.source()) for (const row of batch) if (!isSoftDeleted(row)) out.push(...table.records!(row));
  return out;
}
