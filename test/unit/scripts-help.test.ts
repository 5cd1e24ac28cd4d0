/** Every runnable script answers `--help` with its usage and exit code 0, and a wrong option with a message, not a stack trace. */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** Modules in scripts/ that are imported by the others, not run. */
const LIBRARIES = new Set(['scripts/cli.ts']);
const SCRIPTS = [
  ...fs
    .readdirSync('scripts')
    .filter((f) => f.endsWith('.ts'))
    .map((f) => `scripts/${f}`)
    .filter((f) => !LIBRARIES.has(f)),
  'bench/run.ts',
  'bench/write-experiment.ts',
];

function run(script: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(path.resolve('node_modules/.bin/tsx'), [script, ...args], { timeout: 60_000, env: { ...process.env, DISPLAY: '' } }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }),
    );
  });
}

// Each run starts tsx (~2 s of CPU); they run side by side.
describe.concurrent('script --help', () => {
  it('finds the scripts, and each parses its options with scripts/cli.ts', () => {
    expect(SCRIPTS).toEqual(expect.arrayContaining(['scripts/serve-api.ts', 'scripts/start.ts', 'scripts/demo.ts', 'bench/run.ts']));
    for (const script of SCRIPTS) expect(fs.readFileSync(script, 'utf8'), script).toMatch(/\bparseCli\(/);
  });

  it.each(SCRIPTS)('%s --help prints its usage and exits 0', async (script) => {
    const { code, stdout, stderr } = await run(script, ['--help']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: /);
  }, 60_000);

  // Every script parses its options with scripts/cli.ts; one run checks that shared path.
  it('a wrong option is named, with the usage, exit code 2 and no stack trace', async () => {
    const { code, stderr } = await run('scripts/serve-api.ts', ['--no-such-option']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/no-such-option/);
    expect(stderr).toMatch(/Usage: /);
    expect(stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});
