/**
 * "Export as dlt pipeline": the active config (the user's pasted config after the seed-dialect
 * translation, or the built-in preset), the Store URL and the chosen tables → the project ZIP.
 */
import { RETAIL_PRESET, translateSeedDialect } from '@/lib/config';
import { exportFileName } from '@/lib/export/file-name';
import { parseJson } from '@/lib/json-text';
import type { Settings } from '@/lib/settings';
import { pipelineZip } from './project';
import { translateToDlt } from './translate';

export { translateToDlt, EXTENSION_KEYS, type DltTranslation } from './translate';
export { pipelineFiles, pipelineZip, DLT_VERSION } from './project';

/** The config the extension runs, before validation: what the pipeline is translated from. */
export function activeRawConfig(settings: Pick<Settings, 'customConfig'>): unknown {
  if (!settings.customConfig) return RETAIL_PRESET;
  // parseJson: a config number beyond 2^53 − 1 (an initial_value, a param) keeps its digits in the pipeline.
  return translateSeedDialect(parseJson(settings.customConfig)).config;
}

/** The ZIP and its download name (`dlt-pipeline-<date>.zip`). Throws with the config's first problem. */
export function pipelineExport(settings: Pick<Settings, 'customConfig' | 'baseUrl' | 'selected'>, now: Date = new Date()): { blob: Blob; fileName: string } {
  const translation = translateToDlt({ raw: activeRawConfig(settings), storeUrl: settings.baseUrl, selected: settings.selected });
  return { blob: pipelineZip(translation, now), fileName: exportFileName('dlt-pipeline', 'zip', now) };
}
