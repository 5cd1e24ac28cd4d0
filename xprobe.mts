import { buildDataset, resolveSizes } from './test/server/dataset';
import { exportXlsx, ShapeCollector, exportTables } from './lib/export';
const { seed } = buildDataset(resolveSizes({ sales: 50000, products: 2000, customers: 5000 }));
const rows = seed.tables.sales;
const batches: any[][] = []; for (let i = 0; i < rows.length; i += 250) batches.push(rows.slice(i, i + 250));
const source = () => (async function* () { for (const b of batches) yield b; })();
const plan = { root: 'sales', primaryKey: ['id'] };
const sc = new ShapeCollector(plan); rows.forEach((r) => sc.add(r));
const tables = exportTables(plan, sc.shapes(), source);
for (let i = 0; i < 2; i++) { const t0 = performance.now(); const x = await exportXlsx([tables[0]]); console.log(Math.round(performance.now() - t0), 'ms', (x.size/1e6).toFixed(1)); }
