/**
 * How the Parquet library was chosen: each candidate writes the bench's 50k-row `sales` table
 * (the same seeded dataset as `npm run bench`, flattened and typed as lib/export/parquet.ts does)
 * in its own Node process, timed, with the process's peak resident memory against a process that
 * only builds the rows; plus the size of the browser bundle each adds (esbuild, minified, gzipped,
 * wasm included).
 *
 *   npm install --no-save parquet-wasm@0.8.0 apache-arrow@21.2.0 @dsnp/parquetjs@1.8.8
 *   npx tsx bench/parquet-libraries.ts
 *
 * Only hyparquet-writer is a dependency of the product; the others are installed for this run only.
 * Results (2 cores, Node 20) are in bench/README.md.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { buildSync } from 'esbuild';
import { exportParquet, parquetColumns, ROW_GROUP_ROWS } from '../lib/export/parquet';
import { flattenLeaves } from '../lib/export/flatten';
import { parquetValue, type ParquetColumn } from '../lib/export/parquet-columns';
import type { Row } from '../lib/export/types';
import { buildDataset, resolveSizes } from '../test/server/dataset';
import { throughputDataset } from './config';

type Candidate = 'baseline' | 'hyparquet-writer' | 'parquet-wasm' | '@dsnp/parquetjs';
const CANDIDATES: Exclude<Candidate, 'baseline'>[] = ['hyparquet-writer', 'parquet-wasm', '@dsnp/parquetjs'];

/** The losing candidates are not dependencies: loaded by name so a fresh checkout type-checks without them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const load = (name: string): Promise<any> => import(name);

interface Measurement {
  candidate: Candidate;
  rows: number;
  writeMs: number;
  fileBytes: number;
  maxRssBytes: number;
}

function salesRows(): Row[] {
  const { seed } = buildDataset(resolveSizes(throughputDataset()));
  return seed.tables.sales as Row[];
}

/** Column arrays in the product's types (for the libraries that take whole columns). */
function columnArrays(rows: Row[], columns: ParquetColumn[]): unknown[][] {
  const index = new Map(columns.map((c, i) => [c.name, i]));
  const values = columns.map(() => new Array<unknown>(rows.length).fill(null));
  rows.forEach((row, r) => {
    const flat = flattenLeaves(row);
    for (const name in flat) {
      const at = index.get(name)!;
      values[at][r] = parquetValue(columns[at].kind, flat[name]);
    }
  });
  return values;
}

async function writeWith(candidate: Candidate, rows: Row[]): Promise<number> {
  const source = () => ({
    async *[Symbol.asyncIterator]() {
      for (let i = 0; i < rows.length; i += 250) yield rows.slice(i, i + 250);
    },
  });
  if (candidate === 'baseline') return 0;
  if (candidate === 'hyparquet-writer') {
    return (await exportParquet({ name: 'sales', source }, { primaryKey: ['id'] })).size;
  }
  const columns = await parquetColumns({ source }, { primaryKey: ['id'] });
  const values = columnArrays(rows, columns);
  if (candidate === 'parquet-wasm') {
    const arrow = await load('apache-arrow');
    const wasm = await load('parquet-wasm');
    const types = { string: new arrow.Utf8(), json: new arrow.Utf8(), int64: new arrow.Int64(), double: new arrow.Float64(), boolean: new arrow.Bool() };
    const vectors = Object.fromEntries(columns.map((c, i) => [c.name, arrow.vectorFromArray(values[i], types[c.kind])]));
    const table = new arrow.Table(vectors);
    const ipc = arrow.tableToIPC(table, 'stream');
    const props = new wasm.WriterPropertiesBuilder().setCompression(wasm.Compression.SNAPPY).setMaxRowGroupSize(ROW_GROUP_ROWS).build();
    return wasm.writeParquet(wasm.Table.fromIPCStream(ipc), props).byteLength;
  }
  const parquetjs = await load('@dsnp/parquetjs');
  const typeOf = { string: 'UTF8', json: 'JSON', int64: 'INT64', double: 'DOUBLE', boolean: 'BOOLEAN' } as const;
  const schema = new parquetjs.ParquetSchema(
    Object.fromEntries(columns.map((c) => [c.name, { type: typeOf[c.kind], optional: true, compression: 'SNAPPY' }])) as never,
  );
  let bytes = 0;
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      done();
    },
  });
  const writer = await parquetjs.ParquetWriter.openStream(schema, sink as never, { rowGroupSize: ROW_GROUP_ROWS } as never);
  for (let r = 0; r < rows.length; r++) {
    const record: Record<string, unknown> = {};
    columns.forEach((c, i) => {
      const v = values[i][r];
      // parquetjs stringifies JSON values itself: hand it the parsed value.
      if (v !== null) record[c.name] = c.kind === 'json' ? JSON.parse(v as string) : v;
    });
    await writer.appendRow(record);
  }
  await writer.close();
  return bytes;
}

async function child(candidate: Candidate): Promise<void> {
  const rows = salesRows();
  (globalThis as { gc?: () => void }).gc?.();
  const t0 = performance.now();
  const fileBytes = await writeWith(candidate, rows);
  const writeMs = performance.now() - t0;
  const result: Measurement = { candidate, rows: rows.length, writeMs, fileBytes, maxRssBytes: process.resourceUsage().maxRSS * 1024 };
  process.stdout.write(JSON.stringify(result));
}

const ENTRIES: Record<Exclude<Candidate, 'baseline'>, { code: string; wasm?: string }> = {
  'hyparquet-writer': { code: `import { ParquetWriter, ByteWriter } from 'hyparquet-writer'; globalThis.x = [ParquetWriter, ByteWriter];` },
  'parquet-wasm': {
    code: `import * as arrow from 'apache-arrow'; import { writeParquet, Table } from 'parquet-wasm/esm'; globalThis.x = [arrow.tableToIPC, arrow.vectorFromArray, writeParquet, Table];`,
    wasm: 'node_modules/parquet-wasm/esm/parquet_wasm_bg.wasm',
  },
  '@dsnp/parquetjs': { code: `import { ParquetWriter, ParquetSchema } from '@dsnp/parquetjs/dist/browser/parquet.esm.js'; globalThis.x = [ParquetWriter, ParquetSchema];` },
};

function bundleSize(candidate: Exclude<Candidate, 'baseline'>): { minified: number; gzipped: number } | string {
  const { code, wasm } = ENTRIES[candidate];
  try {
    const out = buildSync({ stdin: { contents: code, resolveDir: process.cwd() }, bundle: true, minify: true, write: false, platform: 'browser', format: 'esm', logLevel: 'silent' });
    const js = out.outputFiles[0].contents;
    const wasmBytes = wasm ? fs.readFileSync(wasm) : new Uint8Array();
    return { minified: js.length + wasmBytes.length, gzipped: gzipSync(js).length + gzipSync(wasmBytes).length };
  } catch (err) {
    return `bundle failed: ${(err as Error).message.split('\n')[0]}`;
  }
}

function runChild(candidate: Candidate): Measurement | string {
  try {
    const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', import.meta.filename, '--child', candidate], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return JSON.parse(out) as Measurement;
  } catch (err) {
    return `failed: ${String((err as { stderr?: string }).stderr ?? err).trim().split('\n').slice(-1)[0]}`;
  }
}

async function main(): Promise<void> {
  const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
  console.log(`Parquet writers on the bench's sales table (${os.cpus().length} cores, Node ${process.version})`);
  const baseline = runChild('baseline');
  if (typeof baseline === 'string') throw new Error(`baseline ${baseline}`);
  console.log(`baseline (build ${baseline.rows} rows only): peak RSS ${mb(baseline.maxRssBytes)}`);
  for (const candidate of CANDIDATES) {
    const size = bundleSize(candidate);
    const bundle = typeof size === 'string' ? size : `bundle ${(size.minified / 1024).toFixed(0)} KB min, ${(size.gzipped / 1024).toFixed(0)} KB gzip`;
    const runs = [runChild(candidate), runChild(candidate)];
    const ok = runs.filter((r): r is Measurement => typeof r !== 'string');
    if (!ok.length) {
      console.log(`${candidate.padEnd(18)} ${runs[0]}; ${bundle}`);
      continue;
    }
    const times = ok.map((r) => `${(r.writeMs / 1000).toFixed(2)} s`).join(', ');
    const peaks = ok.map((r) => mb(r.maxRssBytes - baseline.maxRssBytes)).join(', ');
    console.log(`${candidate.padEnd(18)} write ${times}; peak RSS above baseline ${peaks}; file ${mb(ok[0].fileBytes)}; ${bundle}`);
  }
}

const childAt = process.argv.indexOf('--child');
if (childAt > 0) await child(process.argv[childAt + 1] as Candidate);
else await main();
