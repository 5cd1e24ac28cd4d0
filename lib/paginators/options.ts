/**
 * Option checking and response reading shared by the paginator types. Each type declares its
 * options as a small schema; `checkOptions` turns it into ConfigIssues a person can act on.
 */
import type { ConfigIssue, JsonValue } from '@/lib/config/types';
import { SyncError } from '@/lib/errors';
import { stringifyJson } from '@/lib/json-text';
import { jsonPathIssue, lookup } from '@/lib/jsonpath';

export type OptionKind =
  | 'string' // non-empty string (a query parameter or key name)
  | 'path' // a JSONPath into the response body (lib/jsonpath.ts)
  | 'nonNegativeInt'
  | 'positiveInt'
  | 'boolean'
  // One of a `*_param` / `*_body_path` pair, checked together by request-slot.ts `slotIssues`.
  | 'slot';

export interface OptionSpec {
  kind: OptionKind;
  /** `null` is accepted and means "disabled" (e.g. `total_path: null`). */
  nullable?: boolean;
  required?: boolean;
}

export type OptionSchema = Record<string, OptionSpec>;

const EXPECTED: Record<OptionKind, string> = {
  string: 'a non-empty string',
  path: "a JSONPath such as data.items, ['@odata.nextLink'] or Quotes[-1].id",
  nonNegativeInt: 'a whole number ≥ 0',
  positiveInt: 'a positive integer',
  boolean: 'true or false',
  slot: 'a query parameter name or a dotted path of keys in the JSON body',
};

/** `"100"` for strings, `100` for numbers: shows the user exactly what they wrote. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = stringifyJson(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function kindIssue(kind: OptionKind, value: JsonValue): string | null {
  switch (kind) {
    case 'string':
      return typeof value === 'string' && value.trim() !== '' ? null : EXPECTED.string;
    case 'path':
      return typeof value === 'string' ? null : EXPECTED.path;
    case 'nonNegativeInt':
      return Number.isInteger(value) && (value as number) >= 0 ? null : EXPECTED.nonNegativeInt;
    case 'positiveInt':
      return Number.isInteger(value) && (value as number) > 0 ? null : EXPECTED.positiveInt;
    case 'boolean':
      return typeof value === 'boolean' ? null : EXPECTED.boolean;
    case 'slot':
      return null;
  }
}

/** Unknown names, missing required options and wrong types; paths are the option names. */
export function checkOptions(typeName: string, schema: OptionSchema, options: Record<string, JsonValue>): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const valid = Object.keys(schema);
  for (const key of Object.keys(options)) {
    if (key === 'type') continue;
    if (!(key in schema)) {
      const known = valid.length ? `valid options: ${valid.join(', ')}` : 'it takes no options';
      issues.push({ path: key, message: `unknown option "${key}" for the ${typeName} paginator; ${known}` });
    }
  }
  for (const [key, spec] of Object.entries(schema)) {
    const value = options[key];
    if (value === undefined) {
      if (spec.required) issues.push({ path: key, message: `the ${typeName} paginator needs "${key}" (${EXPECTED[spec.kind]})` });
      continue;
    }
    if ((value === null && spec.nullable) || spec.kind === 'slot') continue;
    const problem = value === null ? EXPECTED[spec.kind] : kindIssue(spec.kind, value);
    if (problem) {
      issues.push({ path: key, message: `${key} must be ${problem}, got ${describeValue(value)}` });
    } else if (spec.kind === 'path') {
      const pathProblem = jsonPathIssue(value as string);
      if (pathProblem) issues.push({ path: key, message: `${key}: ${pathProblem}` });
    }
  }
  return issues;
}

/** An option's value when set and not null, else the default. Options are validated before use. */
export function opt<T extends JsonValue>(options: Record<string, JsonValue>, key: string, fallback: T): T {
  const v = options[key];
  return (v === undefined ? fallback : v) as T;
}

/**
 * dlt's has_more handling: the flag must be present; booleans and "true"/"false" strings count.
 * A missing flag is an error rather than a silent stop so a wrong path is noticed on page one.
 */
export function readHasMore(typeName: string, body: unknown, hasMorePath: string): boolean {
  const value = lookup(body, hasMorePath);
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  if (value === undefined || value === null) {
    throw new SyncError(
      'bad_response',
      `${typeName} paginator: the response has no "${hasMorePath}" (has_more_path); set has_more_path to the field that says whether more pages follow, or remove it`,
    );
  }
  throw new SyncError(
    'bad_response',
    `${typeName} paginator: "${hasMorePath}" (has_more_path) should be true or false, got ${describeValue(value)}`,
  );
}
