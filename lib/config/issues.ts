/** Collecting config problems with their location, and the small helpers messages share. */
import type { ConfigIssue } from './types';

export class IssueLog {
  readonly errors: ConfigIssue[] = [];
  readonly warnings: ConfigIssue[] = [];
  error(path: string, message: string): void {
    this.errors.push({ path, message });
  }
  warn(path: string, message: string): void {
    this.warnings.push({ path, message });
  }
}

export type PlainObject = Record<string, unknown>;

export function isPlainObject(value: unknown): value is PlainObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `resources[9] (sales)`: the index finds it in the file, the name finds it in the head. */
export function resourceLabel(index: number, name?: unknown): string {
  return typeof name === 'string' && name !== '' ? `resources[${index}] (${name})` : `resources[${index}]`;
}

export function join(base: string, key: string): string {
  return base ? `${base}.${key}` : key;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = above;
    }
  }
  return row[b.length];
}

/** The closest known name for a probable typo, if one is close enough to be a useful hint. */
export function closest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  if (best === undefined) return undefined;
  // Plural/singular slips ("retries" for "retry") are further apart but share a long prefix.
  const sharesStem = name.slice(0, 4).toLowerCase() === best.slice(0, 4).toLowerCase();
  return bestDistance <= 2 || (bestDistance <= 3 && sharesStem) ? best : undefined;
}

/**
 * dlt validates its config dicts against their TypedDicts and refuses unexpected keys
 * (`validate_dict`: "following fields are unexpected"), so an unknown key is an error here too,
 * with the closest known key as a hint. `ignored` are keys dlt accepts that do nothing here: a
 * warning names each.
 */
export function rejectUnknownKeys(
  log: IssueLog,
  path: string,
  value: PlainObject,
  known: readonly string[],
  ignored: readonly string[] = [],
  what = path || 'the config',
): void {
  for (const key of Object.keys(value)) {
    if (known.includes(key)) continue;
    if (ignored.includes(key)) {
      log.warn(join(path, key), `"${key}" is a dlt option this extension does not use; it is ignored`);
      continue;
    }
    const hint = closest(key, known);
    log.error(
      join(path, key),
      hint ? `unknown key "${key}" in ${what}; did you mean "${hint}"?` : `unknown key "${key}" in ${what}; valid keys: ${known.join(', ')}`,
    );
  }
}
