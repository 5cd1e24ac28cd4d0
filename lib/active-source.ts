/**
 * The config the extension runs: the user's pasted config or the built-in preset, with the Store
 * URL from the options page as its base_url, and the tables the user selected.
 */
import type { ConfigResult, ResolvedSource } from '@/lib/config/types';
import { parseConfigText, resolveConfig, RETAIL_PRESET } from '@/lib/config';
import { settingsItem, type Settings } from '@/lib/settings';

export function resolveActive(settings: Settings): ConfigResult {
  const result = settings.customConfig ? parseConfigText(settings.customConfig) : resolveConfig(RETAIL_PRESET);
  if (!result.ok) return result;
  return { ...result, source: withBaseUrl(result.source, settings.baseUrl) };
}

/** The Store URL entered on the options page wins over the config's base_url. */
export function withBaseUrl(source: ResolvedSource, baseUrl: string): ResolvedSource {
  return baseUrl ? { ...source, baseUrl: baseUrl.replace(/\/+$/, '') } : source;
}

/** Names of the tables to sync: the user's choice, else the config's `selected` flags. */
export function selectedResources(source: ResolvedSource, settings: Settings): string[] {
  const known = new Set(source.resources.map((r) => r.name));
  if (settings.selected) return settings.selected.filter((n) => known.has(n));
  return source.resources.filter((r) => r.selected).map((r) => r.name);
}

export async function loadActive(): Promise<{ settings: Settings; result: ConfigResult; selected: string[] }> {
  const settings = await settingsItem.getValue();
  const result = resolveActive(settings);
  return { settings, result, selected: result.ok ? selectedResources(result.source, settings) : [] };
}
