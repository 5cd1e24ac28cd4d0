/** The printed table: one line per figure, the target beside it, and whether it is met. */

export type Verdict = 'ok' | 'MISS' | '';

export interface Line {
  /** A figure starting with "## " is a section heading. */
  figure: string;
  value?: string;
  target?: string;
  verdict?: Verdict;
}

export const na = (reason: string) => `n/a (${reason})`;

export function ms(n: number): string {
  return n >= 10_000 ? `${(n / 1000).toFixed(1)} s` : `${Math.round(n)} ms`;
}

export function int(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

export function ratio(x: number): string {
  return `${x.toFixed(2)}×`;
}

/** `ok` when value ≤ limit (or < for strict targets). */
export function atMost(value: number, limit: number, strict = false): Verdict {
  return (strict ? value < limit : value <= limit) ? 'ok' : 'MISS';
}

export function formatTable(lines: Line[]): string {
  const header: Line = { figure: 'figure', value: 'measured', target: 'target', verdict: '' };
  const all = [header, ...lines];
  const w0 = Math.max(...all.filter((l) => !l.figure.startsWith('## ')).map((l) => l.figure.length));
  const w1 = Math.max(...all.map((l) => (l.value ?? '').length));
  const w2 = Math.max(...all.map((l) => (l.target ?? '').length));
  const row = (l: Line) => `${l.figure.padEnd(w0)}  ${(l.value ?? '').padEnd(w1)}  ${(l.target ?? '').padEnd(w2)}  ${l.verdict ?? ''}`.trimEnd();
  const rule = `${'-'.repeat(w0)}  ${'-'.repeat(w1)}  ${'-'.repeat(w2)}  ----`;
  return [row(header), rule, ...lines.map((l) => (l.figure.startsWith('## ') ? `\n${l.figure.slice(3)}` : row(l)))].join('\n');
}
