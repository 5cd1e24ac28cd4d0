/** Pasted config text → ConfigResult: JSON, then the seed dialect, then validation. */
import { maskSecrets } from '@/lib/errors';
import { parseJson } from '@/lib/json-text';
import { jsonErrorPosition } from './json-error';
import { resolveConfig } from './normalize';
import { configSecrets } from './secrets';
import { translateSeedDialect } from './seed-dialect';
import type { ConfigIssue, ConfigResult } from './types';

function lineAndColumn(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  return { line, column: position - before.lastIndexOf('\n') };
}

/** A JSON syntax error as line/column plus the character found there, never a quote of the input. */
export function jsonSyntaxIssue(text: string): ConfigIssue {
  const trimmed = text.trim();
  if (trimmed === '') return { path: 'config', message: 'the config is empty; paste a JSON object with "client" and "resources"' };
  if (!trimmed.startsWith('{')) {
    return {
      path: 'config',
      message: 'the config must be a JSON object starting with "{"; from a Python rest_api_source({...}) call, paste only the {...} part, as JSON',
    };
  }
  const position = jsonErrorPosition(text) ?? text.length;
  if (position >= text.length) return { path: 'config', message: 'the JSON ends too early: a closing } or ] or " is missing' };
  const { line, column } = lineAndColumn(text, position);
  const found = JSON.stringify(text[position]);
  const hint = text[position] === "'" ? ' (JSON needs double quotes)' : '';
  return { path: 'config', message: `not valid JSON at line ${line}, column ${column}: unexpected ${found}${hint}` };
}

export function parseConfigText(text: string): ConfigResult {
  let raw: unknown;
  try {
    // A number in the config (an initial_value, a param) beyond 2^53 − 1 keeps its digits.
    raw = parseJson(text);
  } catch {
    return { ok: false, errors: [jsonSyntaxIssue(text)], warnings: [] };
  }
  const { config, warnings } = translateSeedDialect(raw);
  const secrets = configSecrets(raw);
  const translated = warnings.map((w) => ({ path: w.path, message: maskSecrets(w.message, secrets) }));
  const result = resolveConfig(config);
  return { ...result, warnings: [...translated, ...result.warnings] };
}
