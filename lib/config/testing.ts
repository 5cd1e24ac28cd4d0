/** Test helpers: a ConfigResult that must be accepted, or must be refused. */
import type { ConfigIssue, ConfigResult, ResolvedSource } from './types';

export function ok(result: ConfigResult): ResolvedSource {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.errors)}`);
  return result.source;
}

export function errors(result: ConfigResult): ConfigIssue[] {
  if (result.ok) throw new Error('expected errors, config was accepted');
  return result.errors;
}
