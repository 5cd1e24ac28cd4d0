/**
 * User settings as typed, versioned WXT storage items. The API token is its own item in
 * `storage.local` (never `storage.sync`) so nothing else that reads settings ever holds it.
 */
import { storage } from '#imports';

export interface ExportSettings {
  /** UTF-8 byte-order mark on CSV files so Excel reads accents and emoji correctly. */
  bom: boolean;
  /** Include soft-deleted rows (non-null `deleted_at`). */
  includeDeleted: boolean;
  jsonFormat: 'json' | 'ndjson';
}

export interface Settings {
  /** The API base URL, e.g. https://mystore.retail.lightspeed.app */
  baseUrl: string;
  /** Resource names to sync; `null` means the config's own `selected` flags. */
  selected: string[] | null;
  /** A pasted dlt-style config (JSON text); `null` means the built-in preset. */
  customConfig: string | null;
  export: ExportSettings;
  /** Automatic sync interval in hours; 0 is off. */
  autoSyncHours: number;
}

export const DEFAULT_SETTINGS: Settings = {
  baseUrl: '',
  selected: null,
  customConfig: null,
  export: { bom: true, includeDeleted: false, jsonFormat: 'json' },
  autoSyncHours: 0,
};

export const settingsItem = storage.defineItem<Settings>('local:settings', {
  fallback: DEFAULT_SETTINGS,
  version: 1,
});

export const apiTokenItem = storage.defineItem<string>('local:apiToken', {
  fallback: '',
  version: 1,
});
