/**
 * Command-line parsing shared by the scripts: `--help`/`-h` prints the usage and exits 0, an
 * unknown or malformed option prints what was wrong plus the usage and exits 2 (no stack trace).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseCli<O extends Options>(options: O, usage: string, args: string[] = process.argv.slice(2)) {
  const all = { ...options, help: { type: 'boolean', short: 'h' } } as const;
  let parsed;
  try {
    parsed = parseArgs({ options: all, args, strict: true, allowPositionals: false });
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n\n${usage}`);
    process.exit(2);
  }
  if ((parsed.values as { help?: boolean }).help) {
    console.log(usage);
    process.exit(0);
  }
  return parsed.values as ReturnType<typeof parseArgs<{ options: O }>>['values'];
}

/** Prints `message` and the usage, then exits 2: for option values that parse but make no sense. */
export function usageError(message: string, usage: string): never {
  console.error(`${message}\n\n${usage}`);
  process.exit(2);
}

/** Runs `close` once on Ctrl-C or SIGTERM, then exits 0 (1 if closing failed). */
export function closeOnSignal(close: () => Promise<unknown>): void {
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** Ends the script with one plain line when a server cannot listen (port taken, no permission), else rethrows. */
export function failToListen(err: unknown, port: number, hint: string): never {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (code === 'EADDRINUSE') console.error(`Port ${port} is already in use (is another demo or server running?). ${hint}`);
  else if (code === 'EACCES') console.error(`Not allowed to listen on port ${port}. ${hint}`);
  else throw err;
  process.exit(1);
}
