/**
 * `npm run lint:firefox`: Mozilla's add-on linter (`web-ext lint`, the checks addons.mozilla.org
 * runs on upload) over the Firefox store zip that `npm run zip` wrote. Fails on any error and on
 * any warning in our code; a warning in a bundled dependency passes only if it is listed in
 * DEPENDENCY_WARNINGS below with the reason it is harmless here.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';
import { parseCli, usageError } from './cli';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const OUTPUT_DIR = path.join(ROOT, '.output');

export interface LintMessage {
  code: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
}

export interface DependencyWarning extends LintMessage {
  /** The library the flagged code comes from, and why the warning does not apply to us. */
  dependency: string;
  why: string;
}

export interface LintReport {
  errors: LintMessage[];
  /** Warnings in our own code (or code no rule below explains). */
  warnings: LintMessage[];
  /** Warnings in bundled library code, each explained. */
  dependencyWarnings: DependencyWarning[];
  notices: LintMessage[];
}

/**
 * Warnings addons-linter raises on library code bundled into our chunks. A warning matches when
 * its code is `code` and the minified source around the reported position matches `context`.
 */
const DEPENDENCY_WARNINGS: { code: string; context: RegExp; dependency: string; why: string }[] = [
  {
    code: 'UNSAFE_VAR_ASSIGNMENT',
    // Preact's diff: `if (dangerouslySetInnerHTML) … e.innerHTML = f.__html`.
    context: /dangerouslySetInnerHTML[\s\S]*innerHTML\s*=\s*\w+\.__html/,
    dependency: 'preact',
    why: 'Preact assigns innerHTML only for the dangerouslySetInnerHTML prop, which this code never passes (test/package/store-build.test.ts checks the sources).',
  },
];

/**
 * `.output/<name>-<version>-<suffix>.zip` as `npm run zip` names it from package.json (WXT's
 * default artifact template), so zips left from an older version are never picked up.
 */
export function findStoreZip(suffix: 'chrome' | 'firefox' | 'sources'): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
  const file = path.join(OUTPUT_DIR, `${pkg.name}-${pkg.version}-${suffix}.zip`);
  if (!fs.existsSync(file)) throw new Error(`No ${path.relative(ROOT, file)}; run "npm run zip" first.`);
  return file;
}

/** Every file of a zip, by its path inside the zip. */
export function readZip(zipPath: string): Record<string, Uint8Array> {
  return unzipSync(new Uint8Array(fs.readFileSync(zipPath)));
}

/** Unpacks the zip into a temporary folder, runs `web-ext lint` on it and sorts what it reports. */
export async function lintFirefoxZip(zipPath: string): Promise<LintReport> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rx-lint-'));
  try {
    for (const [name, bytes] of Object.entries(readZip(zipPath))) {
      if (name.endsWith('/')) continue;
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), bytes);
    }
    const raw = await runWebExtLint(dir);
    const report: LintReport = { errors: raw.errors, warnings: [], dependencyWarnings: [], notices: raw.notices };
    for (const w of raw.warnings) {
      const context = sourceAround(dir, w);
      const rule = DEPENDENCY_WARNINGS.find((r) => r.code === w.code && context !== null && r.context.test(context));
      if (rule) report.dependencyWarnings.push({ ...w, dependency: rule.dependency, why: rule.why });
      else report.warnings.push(w);
    }
    return report;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function runWebExtLint(dir: string): Promise<{ errors: LintMessage[]; warnings: LintMessage[]; notices: LintMessage[] }> {
  const bin = path.join(ROOT, 'node_modules', 'web-ext', 'bin', 'web-ext.js');
  // web-ext exits 1 when it finds errors; the JSON on stdout is the answer either way.
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(
      process.execPath,
      [bin, 'lint', '--source-dir', dir, '--output', 'json', '--no-config-discovery'],
      { maxBuffer: 32 * 1024 * 1024, env: { ...process.env, NO_UPDATE_NOTIFIER: '1' } },
      (err, out, stderr) => (out.trim().startsWith('{') ? resolve(out) : reject(new Error(`web-ext lint failed: ${stderr || err?.message}`))),
    );
  });
  const json = JSON.parse(stdout) as Record<'errors' | 'warnings' | 'notices', (LintMessage & Record<string, unknown>)[]>;
  const pick = (m: LintMessage): LintMessage => ({ code: m.code, message: m.message, file: m.file, line: m.line, column: m.column });
  return { errors: json.errors.map(pick), warnings: json.warnings.map(pick), notices: json.notices.map(pick) };
}

/** About 600 characters of the flagged file around the reported line and column (minified files are one line). */
function sourceAround(dir: string, m: LintMessage): string | null {
  if (!m.file || !m.line) return null;
  const file = path.join(dir, m.file);
  if (!fs.existsSync(file)) return null;
  const line = fs.readFileSync(file, 'utf8').split('\n')[m.line - 1] ?? '';
  const at = m.column ?? 0;
  return line.slice(Math.max(0, at - 300), at + 300);
}

export function formatReport(r: LintReport): string {
  const where = (m: LintMessage) => (m.file ? ` (${m.file}${m.line ? `:${m.line}:${m.column ?? 0}` : ''})` : '');
  const lines = [`web-ext lint: ${r.errors.length} errors, ${r.warnings.length} warnings of ours, ${r.dependencyWarnings.length} in dependencies, ${r.notices.length} notices`];
  for (const m of r.errors) lines.push(`  error   ${m.code}: ${m.message}${where(m)}`);
  for (const m of r.warnings) lines.push(`  warning ${m.code}: ${m.message}${where(m)}`);
  for (const m of r.dependencyWarnings) lines.push(`  allowed ${m.code} in ${m.dependency}${where(m)}: ${m.why}`);
  for (const m of r.notices) lines.push(`  notice  ${m.code}: ${m.message}${where(m)}`);
  return lines.join('\n');
}

const USAGE = `Usage: npm run lint:firefox [-- --zip FILE]

Runs web-ext lint (Mozilla's add-on linter) on the Firefox store zip and fails on
any error or on any warning in our own code. Run "npm run zip" first.

  --zip FILE  the zip to lint (default: .output/<name>-<version>-firefox.zip)
  -h, --help  show this help`;

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { zip } = parseCli({ zip: { type: 'string' } }, USAGE);
  let zipPath: string;
  try {
    zipPath = zip ? path.resolve(zip) : findStoreZip('firefox');
  } catch (err) {
    usageError((err as Error).message, USAGE);
  }
  const report = await lintFirefoxZip(zipPath);
  console.log(`${path.relative(process.cwd(), zipPath)}\n${formatReport(report)}`);
  process.exitCode = report.errors.length || report.warnings.length ? 1 : 0;
}
